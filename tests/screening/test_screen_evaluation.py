"""Precision and recall of the screen on the labelled evaluation set (data/evaluation.jsonl)."""

from darkfleet.screening.evaluation import evaluate, read_cases


def test_precision_and_recall_at_the_default_threshold(screener, data):
    cases = read_cases(data / "evaluation.jsonl")
    result = evaluate(screener, cases)
    assert (result.cases, result.positives) == (2571, 654)
    assert (result.true_positives, result.false_positives, result.false_negatives) == (654, 0, 0)
    assert result.mistakes == ()
    assert result.name_only_reported == 0
    assert result.precision >= 0.98
    assert result.recall >= 0.98


def test_the_set_covers_every_kind(data):
    kinds = {}
    for case in read_cases(data / "evaluation.jsonl"):
        kinds[(case.kind, case.level)] = kinds.get((case.kind, case.level), 0) + 1
    assert kinds == {
        ("flagship imo", "match"): 18, ("flagship name", "candidate"): 27,
        ("sdn imo", "match"): 71, ("sdn name", "candidate"): 71,
        ("sdn name, one letter dropped", "candidate"): 41,
        ("sdn name with flag and type", "match"): 59,
        ("look-alike: same name, flag and type, another IMO", "match"): 59,
        ("dprk name in hangul, cyrillic, MR or RR", "candidate"): 67,
        ("dprk name with the DPRK flag", "match"): 67, ("uk name", "candidate"): 31,
        ("uk imo", "match"): 31,
        ("vessel of a listed company", "link"): 137,
        ("vessel a UN-listed company owns or manages", "link"): 13,
        ("ais hull on a list by imo", "match"): 21, ("ais unlisted", "match"): 1858}


def test_a_name_reported_alone_is_counted(lists, tmp_path):
    """Under a threshold below `name_weight` a name alone is reported: the guard counts it."""
    import dataclasses

    from darkfleet.screening import Screener, ScreeningSettings

    loose = Screener(lists, dataclasses.replace(ScreeningSettings(), threshold=0.5))
    path = tmp_path / "cases.jsonl"
    path.write_text('{"identity": {"name": "ANGARA"}, "expected": ["OFAC SDN:37059"], '
                    '"kind": "name", "level": "candidate"}\n', encoding="utf-8")
    result = evaluate(loose, read_cases(path))
    assert (result.name_only_reported, result.true_positives, result.false_positives) == (
        3, 1, 0)
