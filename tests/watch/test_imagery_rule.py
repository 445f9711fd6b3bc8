"""The `dark_detection_in_port` rule end to end: detections loaded and matched with
`darkfleet detections load`, a replay through `darkfleet watch`, the alert raised once."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
from click.testing import CliRunner, Result
from watch_helpers import recording

from darkfleet.cli import cli
from darkfleet.events import EVENT_SCHEMA
from darkfleet.imagery.findings import event_id
from darkfleet.store import Workspace
from darkfleet.watch.alert import alert_id

DETECTIONS = """\
detection_id,ts,lat,lon,length_m,source,score
quay,2026-01-10T06:00:00Z,42.244,130.304,120,sar,0.95
busan,2026-01-10T01:00:00Z,35.100,129.040,110,sar,0.95
sea,2026-01-10T01:30:00Z,41.000,131.500,90,sar,0.95
"""


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def store_an_event(workspace: Path) -> None:
    event = {"id": "e1", "type": "port_call", "mmsi": 273345670, "port": "KPNJN",
             "start": datetime(2026, 1, 10, tzinfo=UTC), "details": "{}"}
    with Workspace.open(workspace) as ws:
        ws.replace_table("events", pl.DataFrame([event], schema=EVENT_SCHEMA).to_arrow(),
                         kind="detect")


def watch(workspace: Path, replay: Path) -> list[dict[str, object]]:
    result = run("watch", "-w", workspace, "--replay", replay, "--speed", "0")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_a_dark_detection_in_a_watched_port_is_raised_once(workspace: Path,
                                                            tmp_path: Path) -> None:
    replay = tmp_path / "recording.nmea"
    replay.write_text("\n".join(line.text for line in recording()) + "\n")
    assert sorted(a["rule"] for a in watch(workspace, replay)) == [
        "dark-near-watched-port", "listed-vessel-in-watched-port"]
    store_an_event(workspace)  # as `detect` would: matching adds its findings to the events
    (tmp_path / "detections.csv").write_text(DETECTIONS)
    loaded = run("detections", "load", tmp_path / "detections.csv", "-w", workspace)
    assert loaded.exit_code == 0, loaded.output
    [alert] = watch(workspace, replay)  # a restart: only the detection is new
    assert {k: alert[k] for k in ("id", "rule", "mmsi", "imo", "name", "ts", "lat", "lon",
                                  "port")} == {
        "id": alert_id("dark-detection-in-watched-port", None, "quay"),
        "rule": "dark-detection-in-watched-port", "mmsi": None, "imo": None, "name": None,
        "ts": "2026-01-10T06:00:00Z", "lat": 42.244, "lon": 130.304, "port": "KPNJN"}
    assert alert["details"] == {
        "kind": "dark_detection_in_port", "detection_id": "quay", "event_id": event_id("quay"),
        "source": "sar", "scene_id": None, "score": 0.95, "length_m": 120.0,
        "port_name": "Rajin (Najin)", "distance_to_port_m": 0,
        "candidates": [{  # the listed ANGARA, silent at Rajin since 00:40
            "rank": 1, "mmsi": 273345670, "imo": 9179842, "name": "ANGARA", "listed": True,
            "why": "silent since 2026-01-10T00:40:00Z (not heard since); 0.5 km from its last "
                   "fix 5.3 h before; needs 0.1 kn of its highest 10.0 kn"}]}
    assert watch(workspace, replay) == []
    text = run("alerts", "-w", workspace, "--format", "text")
    assert [line.split("  ")[1:3] for line in text.output.splitlines()
            if "detection" in line] == [["dark-detection-in-watched-port", "detection quay KPNJN"]]
