"""Precision and recall of the screen on the labelled evaluation set (data/evaluation.jsonl)."""

from darkfleet.screening.evaluation import evaluate, read_cases


def test_precision_and_recall_at_the_default_threshold(screener, data):
    cases = read_cases(data / "evaluation.jsonl")
    result = evaluate(screener, cases)
    assert (result.cases, result.positives) == (2153, 294)
    assert (result.true_positives, result.false_positives, result.false_negatives) == (293, 0, 1)
    assert result.mistakes == (
        "flagship name: {'imo': None, 'mmsi': None, 'name': 'Леди Р', 'callsign': None, "
        "'flag': None} -> []",)
    assert result.precision >= 0.95
    assert result.recall >= 0.95


def test_the_set_covers_every_kind(data):
    kinds = {}
    for case in read_cases(data / "evaluation.jsonl"):
        kinds[case.kind] = kinds.get(case.kind, 0) + 1
    assert kinds == {
        "flagship imo": 18, "flagship name": 25, "sdn imo": 71, "sdn name": 71,
        "sdn name, one letter dropped": 41, "dprk name in hangul or cyrillic": 27,
        "uk name": 31, "ais hull on a list by imo": 10, "ais unlisted": 1859}
