import json

from click.testing import CliRunner

from darkfleet.cli import cli
from darkfleet.simulate.scoring import evaluate

VESSELS = [{"mmsi": 1, "imo": 0, "name": "A", "role": "shuttle"}]


def _event(kind, start, end, mmsi=1, **extra):
    return {"type": kind, "mmsi": mmsi, "other_mmsi": None, "port": None,
            "start": f"2023-08-01T{start}:00Z", "end": f"2023-08-01T{end}:00Z", **extra}


def test_matching_by_type_vessel_port_and_overlapping_time():
    truth = {"vessels": VESSELS, "voyages": [], "events": [
        _event("port_call", "00:00", "04:00", port="KPNJN"),
        _event("port_call", "10:00", "14:00", port="KPNJN"),
        _event("draught_change", "01:00", "02:00")]}
    found = [
        _event("port_call", "00:10", "03:50", port="KPNJN"),  # matches the first
        _event("port_call", "10:00", "14:00", port="RUVYP"),  # wrong port
        _event("draught_change", "01:00", "02:40"),  # end within 1 h
        _event("port_call", "00:00", "04:00", mmsi=2, port="KPNJN"),  # not a truth vessel
    ]
    scores = {s.kind: s for s in evaluate(truth, found, [])}
    port = scores["port_call"]
    assert (port.truth, port.detected, port.matched) == (2, 2, 1)
    assert (port.precision, port.recall) == (0.5, 0.5)
    assert port.unmatched_truth[0]["start"].hour == 10
    assert (scores["draught_change"].precision, scores["draught_change"].recall) == (1.0, 1.0)
    assert (scores["encounter"].precision, scores["encounter"].recall) == (1.0, 1.0)


def test_voyages_match_within_three_hours():
    voyage = {"mmsi": 1, "origin": "KPNJN", "destination": "RUVYP",
              "depart": "2023-08-01T04:00:00Z", "arrive": "2023-08-01T20:00:00Z"}
    late = {**voyage, "arrive": "2023-08-01T23:30:00Z"}
    truth = {"vessels": VESSELS, "events": [], "voyages": [voyage]}
    assert evaluate(truth, [], [late])[-1].matched == 0
    assert evaluate(truth, [], [{**voyage, "depart": "2023-08-01T05:00:00Z"}])[-1].matched == 1


def test_cli_simulate_writes_nmea_and_truth(tmp_path):
    result = CliRunner().invoke(cli, ["simulate", "--out", str(tmp_path / "sim"), "--seed",
                                      "2", "--days", "3", "--background", "3"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    lines = (tmp_path / "sim" / "dprk-russia-2023.nmea").read_text().splitlines()
    assert summary["lines"] == len(lines)
    assert all("s:darkfleet-simulated" in line for line in lines)
    truth = json.loads((tmp_path / "sim" / "truth.json").read_text())
    assert truth["window"] == {"start": "2023-08-01T00:00:00Z", "end": "2023-08-04T00:00:00Z"}


def test_cli_unknown_scenario_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["simulate", "--scenario", "nope", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "unknown scenario 'nope'" in result.output


def test_cli_evaluate_a_bad_truth_file(tmp_path):
    bad = tmp_path / "truth.json"
    bad.write_text("{}")
    result = CliRunner().invoke(cli, ["evaluate", "--truth", str(bad), "-w", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.strip().endswith("not a truth file (needs events, voyages and vessels)")
