"""`darkfleet detections` end to end on a short SIMULATED scenario with imagery (one shared
workspace), and the load errors' exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from darkfleet.cli import cli
from darkfleet.events import DetectSettings, detect, load_registry
from darkfleet.simulate import Size, generate
from darkfleet.simulate.imagery import write_imagery
from darkfleet.simulate.scenario import NAME
from darkfleet.store import Workspace


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def fused(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with 4 days of the simulated flagship scenario (its rows stored directly,
    without NMEA), detected, with its simulated imagery loaded through the command line."""
    root = tmp_path_factory.mktemp("imagery")
    scenario = generate(NAME, 1, Size(days=4))
    with Workspace.open(root / "ws", create=True) as ws:
        with ws.batch("ingest", "simulated") as batch:
            batch.add("positions", scenario.positions())
            batch.add("static_reports", scenario.static_reports())
        detect(ws, DetectSettings(), load_registry())
    write_imagery(scenario, root / "sim")
    (root / "sim" / "truth.json").write_text(json.dumps(scenario.truth))
    result = run("detections", "load", root / "sim" / "detections.csv", "-w", root / "ws")
    assert result.exit_code == 0, result.output
    return root


def lines(result: Result) -> list[dict[str, object]]:
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_dark_port_presence_events_are_listed_by_events(fused: Path) -> None:
    events = lines(run("events", "-w", fused / "ws", "--type", "dark_port_presence"))
    dark_in_rajin = lines(run("detections", "-w", fused / "ws", "--dark", "--port", "KPNJN"))
    assert len(events) == len(dark_in_rajin) == 2
    assert [e["details"]["detection_id"] for e in events] == [
        d["detection_id"] for d in dark_in_rajin]
    assert {(e["port"], e["mmsi"], e["duration_h"]) for e in events} == {("KPNJN", None, 0.0)}


def test_gaps_and_voyages_say_what_imagery_saw(fused: Path) -> None:
    gaps = [e for e in lines(run("events", "-w", fused / "ws", "--type", "ais_gap"))
            if "seen_by" in e["details"]]  # type: ignore[operator]
    dark = {d["detection_id"]: d for d in lines(run("detections", "-w", fused / "ws",
                                                     "--dark"))}
    assert [g["mmsi"] for g in gaps] == [273990101, 273990106, 273991004]
    assert [len(g["details"]["seen_by"]) for g in gaps] == [2, 2, 1]  # type: ignore[index]
    for gap in gaps:
        voyages = lines(run("voyages", "-w", fused / "ws", "--mmsi", gap["mmsi"]))
        reasons = [r for v in voyages for r in v["reasons"]]  # type: ignore[attr-defined]
        for seen in gap["details"]["seen_by"]:  # type: ignore[index]
            ranked = [c["mmsi"] for c in dark[seen["detection_id"]]["candidates"]]
            assert ranked.index(gap["mmsi"]) + 1 == seen["rank"]
            assert gap["start"] <= seen["ts"] <= gap["end"]
            assert (f"seen by imagery while dark: detection {seen['detection_id']} at "
                    f"{seen['ts']}") in reasons


def test_evaluate_scores_the_imagery(fused: Path) -> None:
    result = run("evaluate", "--truth", fused / "sim" / "truth.json", "--imagery-truth",
                 fused / "sim" / "detections-truth.json", "-w", fused / "ws", "--format",
                 "json")
    scores = {s["kind"]: s for s in json.loads(result.stdout)["scores"]}
    dark = scores["dark_detection"]
    assert (dark["truth"], dark["detected"], dark["matched"]) == (7, 7, 7)
    assert dark["unmatched_truth"] == dark["unmatched_detected"] == []  # no false alarm drawn
    attribution = scores["attribution"]
    assert (attribution["truth"], attribution["detected"], attribution["matched"]) == (20, 20,
                                                                                      16)
    # two pairs of neighbours attributed to each other: at sea, and at Rajin's berths
    assert [(d["mmsi"], d["matched_mmsi"]) for d in attribution["unmatched_detected"]] == [
        (273991007, 273991003), (273991003, 273991007), (273990103, 273990101),
        (273990101, 273990103)]
    assert attribution["unmatched_truth"] == []


def test_listing_formats(fused: Path) -> None:
    geo = json.loads(run("detections", "-w", fused / "ws", "--format", "geojson").stdout)
    statuses = {f["properties"]["status"] for f in geo["features"]}
    assert statuses <= {"matched", "dark", "unmatched"} and "dark" in statuses
    csv = run("detections", "-w", fused / "ws", "--dark", "--format", "csv").stdout
    assert csv.splitlines()[0].startswith(
        "detection_id,ts,lat,lon,length_m,source,score,matched_mmsi,match_distance_m,"
        "match_score,dark,candidates")


def test_load_exit_codes(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("ts,lat,lon\n2023-08-01T00:00:00Z,42,131\nnever,42,131\n")
    ok = run("detections", "load", bad, "-w", tmp_path / "ws")
    assert ok.exit_code == 0
    assert ok.stdout.startswith(f"{bad}: csv (synonyms), 2 rows, 1 loaded, 1 quarantined "
                                "(1 bad_ts)")
    strict = run("detections", "load", bad, "-w", tmp_path / "ws2", "--strict")
    assert strict.exit_code == 1 and f"{bad}:3: bad detection row: bad_ts" in strict.output
    odd = tmp_path / "odd.csv"
    odd.write_text("when,north,east\n")
    result = run("detections", "load", odd, "-w", tmp_path / "ws3")
    assert result.exit_code == 1
    assert "recognised layouts: darkfleet" in result.output and "--map ts=" in result.output
    usage = run("detections", "load", odd, "-w", tmp_path / "ws3", "--map", "colour=x")
    assert usage.exit_code == 2


def test_an_observation_cites_a_detection(fused: Path) -> None:
    from darkfleet.errors import EvidenceError
    from darkfleet.evidence import observation_from_record
    from darkfleet.evidence.ledger import Ledger
    from darkfleet.imagery import cited_detections

    quay = lines(run("detections", "-w", fused / "ws", "--dark", "--port", "KPNJN"))[0]
    result = run("observations", "add", "-w", fused / "ws", "--id", "quay-1", "--count", 40,
                 "--unit", "containers", "--place", "Rajin (KPNJN)", "--time", "2023-08-01",
                 "--channel", "sea", "--method", "imagery", "--detection-id",
                 quay["detection_id"], "--source-title", "SIMULATED radar pass",
                 "--source-publisher", "darkfleet", "--source-url", "https://example.org/s1")
    assert result.exit_code == 0, result.output
    [listed] = lines(run("observations", "list", "-w", fused / "ws", "--format", "jsonl"))
    assert listed["detection_id"] == quay["detection_id"]
    with Workspace.open(fused / "ws") as ws:
        observations = Ledger(ws).observations()
        cited = cited_detections(ws, observations)
        assert [r["detection_id"] for r in cited["quay-1"]] == [quay["detection_id"]]
        assert cited["quay-1"][0]["port"] == "KPNJN" and cited["quay-1"][0]["dark"] is True
        ghost = observation_from_record({
            "id": "ghost", "count": 1, "unit": "containers", "place": "Rajin", "channel": "sea",
            "time": "2023-08-01", "method": "imagery", "detection_id": "nope",
            "source": {"title": "t", "publisher": "p", "url": "https://example.org/"}})
        with pytest.raises(EvidenceError, match="observation ghost: no detection or scene"):
            cited_detections(ws, [ghost])


def test_export_draws_the_detection_records(fused: Path, tmp_path: Path) -> None:
    out = tmp_path / "detections.geojson"
    matched = [d for d in lines(run("detections", "-w", fused / "ws"))
               if d["matched_mmsi"] == 273990101]
    result = run("export", "-w", fused / "ws", "--what", "detections", "--mmsi", 273990101,
                 "--format", "geojson", "--out", out)
    assert result.exit_code == 0, result.output
    features = json.loads(out.read_text())["features"]
    assert sorted(f["properties"]["detection_id"] for f in features) == sorted(
        d["detection_id"] for d in matched)
    assert len(features) == 1 and features[0]["properties"]["dark"] is False



def test_a_new_detection_run_keeps_the_imagery_findings(fused: Path) -> None:
    before = lines(run("events", "-w", fused / "ws", "--type", "dark_port_presence"))
    result = run("detect", "-w", fused / "ws")
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())  # rich wraps the summary
    assert ("27 detections: 20 matched to AIS, 7 dark (3 with candidates); 2 dark_port_presence, "
            "3 AIS gaps seen by imagery") in said
    assert lines(run("events", "-w", fused / "ws", "--type", "dark_port_presence")) == before
