"""The acceptance of the events stage: on `dprk-russia-2023`, detection finds what was planted.

The scenario's rows go into a real workspace directly (the ingest of its NMEA is tested
separately), detection runs on it, and `evaluate` scores the result against the truth.
"""

from collections import Counter

import pytest

from darkfleet.events import DetectSettings, detect, load_registry
from darkfleet.events.query import Filters, read_table
from darkfleet.simulate import evaluate, generate
from darkfleet.simulate.scenario import Size
from darkfleet.store import Workspace


def _scores(tmp_path, seed, size=None):
    scenario = generate("dprk-russia-2023", seed, size)
    with Workspace.open(tmp_path / f"ws{seed}", create=True) as ws:
        with ws.batch("simulated", f"seed{seed}") as batch:
            batch.add("positions", scenario.positions())
            batch.add("static_reports", scenario.static_reports())
        detect(ws, DetectSettings(), load_registry())
        found = read_table(ws, "events", Filters()), read_table(ws, "voyages", Filters())
    return scenario, evaluate(scenario.truth, *found)


def test_the_scenario_plants_every_event_type():
    truth = generate("dprk-russia-2023", 1).truth
    assert truth["simulated"] is True and truth["note"].startswith("SIMULATED DATA")
    counts = Counter(e["type"] for e in truth["events"])
    assert counts == {"port_call": 140, "draught_change": 59, "ais_gap": 29, "loitering": 1,
                      "mmsi_collision": 1, "encounter": 1, "identity_change": 1}
    assert len(truth["voyages"]) == 126
    names = {v["name"] for v in truth["vessels"] if v["role"] == "shuttle"}
    assert names == {"ANGARA", "MARIA", "MAIA-1", "LADY R", "SPARTA IV", "URSA MAJOR"}


def test_same_seed_same_data():
    one, two = generate("dprk-russia-2023", 5), generate("dprk-russia-2023", 5)
    assert one.nmea_lines()[:50] == two.nmea_lines()[:50]
    assert one.truth == two.truth


def test_detection_recovers_the_scenario_of_seed_1(tmp_path):
    _, scores = _scores(tmp_path, 1)
    assert [(s.kind, s.truth, s.detected, s.matched) for s in scores] == [
        ("port_call", 140, 140, 140), ("ais_gap", 29, 29, 29), ("encounter", 1, 1, 1),
        ("mmsi_collision", 1, 1, 1), ("loitering", 1, 1, 1), ("identity_change", 1, 1, 1),
        ("draught_change", 59, 59, 59), ("voyage", 126, 126, 126)]


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(2, 22))
def test_precision_and_recall_over_20_seeds(tmp_path, seed):
    _, scores = _scores(tmp_path, seed, Size())
    for score in scores:
        assert score.precision >= 0.95, (score.kind, score.unmatched_detected)
        assert score.recall >= 0.95, (score.kind, score.unmatched_truth)
