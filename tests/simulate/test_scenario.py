"""The acceptance of the events stage: on `dprk-russia-2023`, detection finds what was planted.

The scenario's rows go into a real workspace directly (the ingest of its NMEA is tested
separately), detection runs on it, and `evaluate` scores the result against the truth.
"""

from collections import Counter

import pytest

from darkfleet.events import DetectSettings
from darkfleet.simulate import detect_scenario, evaluate, generate
from darkfleet.simulate.scenario import Size
from darkfleet.store import Workspace


def _detected(tmp_path, seed, size=None):
    scenario = generate("dprk-russia-2023", seed, size)
    with Workspace.open(tmp_path / f"ws{seed}", create=True) as ws:
        found = detect_scenario(scenario, ws, DetectSettings())
    return scenario, found


def _scores(tmp_path, seed, size=None):
    scenario, found = _detected(tmp_path, seed, size)
    return scenario, evaluate(scenario.truth, *found)


@pytest.fixture(scope="module")
def seed_1(tmp_path_factory):
    """Seed 1 generated and detected once for the tests that read it."""
    return _detected(tmp_path_factory.mktemp("seed1"), 1)


def test_the_scenario_plants_every_event_type(seed_1):
    truth = seed_1[0].truth
    assert truth["simulated"] is True and truth["note"].startswith("SIMULATED DATA")
    counts = Counter(e["type"] for e in truth["events"])
    assert counts == {"port_call": 137, "draught_change": 59, "ais_gap": 30, "loitering": 1,
                      "mmsi_collision": 1, "encounter": 1, "identity_change": 1,
                      "possible_port_call": 1}
    assert len(truth["voyages"]) == 123
    names = {v["name"] for v in truth["vessels"] if v["role"] == "shuttle"}
    assert names == {"ANGARA", "MARIA", "MAIA-1", "LADY R", "SPARTA IV", "URSA MAJOR"}


def test_same_seed_same_data(seed_1):
    one, two = seed_1[0], generate("dprk-russia-2023", 1)  # seed 1 is generated once already
    assert one.nmea_lines()[:50] == two.nmea_lines()[:50]
    assert one.truth == two.truth


def test_detection_recovers_the_scenario_of_seed_1(seed_1):
    scenario, found = seed_1
    scores = evaluate(scenario.truth, *found)
    assert [(s.kind, s.truth, s.detected, s.matched) for s in scores] == [
        ("port_call", 137, 137, 137), ("ais_gap", 30, 30, 30), ("encounter", 1, 1, 1),
        ("mmsi_collision", 1, 1, 1), ("loitering", 1, 1, 1), ("identity_change", 1, 1, 1),
        ("draught_change", 59, 59, 59), ("possible_port_call", 1, 1, 1),
        ("voyage", 123, 123, 123)]
    # Only what the receivers heard is written: fewer positions than were transmitted, some
    # heard by satellite alone.
    sources = Counter(scenario.positions().column("source").to_pylist())
    transmitted = sum(len(p.fixes) for p in scenario.built.plans) + len(
        scenario.built.phantom.fixes)
    assert set(sources) == {"darkfleet-simulated", "darkfleet-simulated-sat"}
    assert sum(sources.values()) < transmitted


def test_the_receivers_leave_silences_the_truth_does_not_list(seed_1):
    gaps = [e for e in seed_1[1][0] if e["type"] == "ais_gap"]
    unsuspected = [g for g in gaps if not g["details"]["suspected"]]
    assert len(gaps) == 36 and len(unsuspected) == 6
    assert all(g["details"]["unsuspected_reason"].startswith("coverage not shown")
               for g in unsuspected)


@pytest.mark.slow
def test_precision_and_recall_over_a_few_seeds(tmp_path):
    """Three more seeds, scored together (the 20-seed run is in benchmarks/bench_detect.py)."""
    totals: Counter = Counter()
    for seed in (2, 3, 4):
        _, scores = _scores(tmp_path, seed, Size(days=7))
        for score in scores:
            totals[(score.kind, "truth")] += score.truth
            totals[(score.kind, "detected")] += score.detected
            totals[(score.kind, "matched")] += score.matched
    for kind in ("port_call", "ais_gap", "encounter", "mmsi_collision", "possible_port_call"):
        assert totals[(kind, "matched")] >= 0.9 * totals[(kind, "detected")], kind
        assert totals[(kind, "matched")] >= 0.9 * totals[(kind, "truth")], kind


def test_every_dark_call_is_among_the_reachable_ports_of_its_gap(seed_1):
    scenario, (events, _) = seed_1
    calls = [e for e in scenario.truth["events"] if e["type"] == "possible_port_call"]
    assert [c["port"] for c in calls] == ["KPNJN"]
    for call in calls:
        [gap] = [e for e in events if e["type"] == "ais_gap" and e["mmsi"] == call["mmsi"]
                 and e["start"].strftime("%Y-%m-%dT%H:%M:%SZ") == call["start"]]
        reachable = {p["locode"]: p for p in gap["details"]["reachable_ports"]}
        assert gap["details"]["suspected"] and call["port"] in reachable
        assert reachable[call["port"]]["group"] == "dprk"
        assert reachable[call["port"]]["max_dwell_h"] >= 2.0


def test_russian_coastal_voyages_are_not_watched_and_rank_below_the_shuttles(seed_1):
    scenario, (_, voyages) = seed_1
    roles = {v["mmsi"]: v["role"] for v in scenario.truth["vessels"]}
    russian = [v for v in voyages if v["origin"].startswith("RU")
               and v["destination"].startswith("RU")]
    dark_call = [v for v in russian if any(r.startswith("could have called at KPNJN")
                                           for r in v["reasons"])]
    coastal = [v for v in russian if v not in dark_call]
    shuttle = [v for v in voyages if roles[v["mmsi"]] == "shuttle"]
    assert coastal and shuttle and len(dark_call) == 1
    assert not any(v["watched"] for v in coastal) and dark_call[0]["watched"]
    assert all(v["watched"] for v in shuttle if "KPNJN" in (v["origin"], v["destination"]))
    assert min(v["risk"] for v in shuttle) > max(v["risk"] for v in coastal)
    assert max(v["risk"] for v in voyages) < 1.0
    assert len({v["risk"] for v in shuttle}) > 5  # ranked, not tied at a ceiling
