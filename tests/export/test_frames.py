"""Notebook frames (`Workspace.events()` & co), the shared filters on the command line, and the
query error that names the workspace's tables."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner
from export_builders import ANGARA, MEET_A, MEET_B, PACIFIC

from darkfleet.cli import cli
from darkfleet.errors import StoreError, UsageError
from darkfleet.events.query import Filters
from darkfleet.store import Workspace


def test_frames_in_every_kind(export_ws):
    with Workspace.open(export_ws) as ws:
        arrow = ws.events(types=["ais_gap"])
        pandas = ws.voyages(frame="pandas")
        gaps = ws.events(Filters(types=("ais_gap",)), frame="geopandas", mmsi=ANGARA)
        vessels = ws.vessels(frame="geopandas", name="pacific")
        tracks = ws.tracks(frame="pandas", mmsi=PACIFIC)
        lines = ws.tracks(frame="geopandas", imo=9743033)
    assert arrow.column("mmsi").to_pylist() == [ANGARA, PACIFIC]
    assert (list(pandas["name"]), list(pandas["reasons"].iloc[0])[-1]) == (
        ["ANGARA"], "dark 18.2 h in transit")
    assert gaps.crs.to_epsg() == 4326
    assert [g.wkt for g in gaps.geometry] == ["LINESTRING (131.3 42.5, 131.8465 42.551083)"]
    assert gaps["details"].map(json.loads).iloc[0]["implied_speed_kn"] == 1.34
    assert list(vessels["mmsi"]) == [PACIFIC]
    assert vessels.geometry.iloc[0].wkt == "POINT (-179.7976 50)"  # its last fix
    assert (len(tracks), tracks["ts"].iloc[0].isoformat()) == (8, "2023-08-01T05:00:00+00:00")
    assert list(lines.geometry.geom_type) == ["MultiLineString"]


def test_frame_errors(export_ws):
    with Workspace.open(export_ws) as ws:
        with pytest.raises(UsageError, match="unknown filter"):
            ws.events(colour="red")
        with pytest.raises(UsageError, match="cannot make a polars frame"):
            ws.events(frame="polars")


def test_a_query_error_names_the_tables_and_placeholders(export_ws):
    with Workspace.open(export_ws) as ws:
        with pytest.raises(StoreError) as caught:
            ws.query("SELECT count(*) FROM events")
        message = str(caught.value)
        assert "Table with name events does not exist" in message
        assert ("this workspace has {detections}, {events}, {positions}, {static_reports}, "
                "{track_points}, {vessels}, {voyages}") in message
        with pytest.raises(StoreError, match=r"no alerts .*; name workspace tables by placeholder"):
            ws.query("SELECT * FROM {alerts}")


def _lines(*args: str) -> list[dict]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


@pytest.mark.parametrize(("option", "value", "expected"), [
    ("--name", "angara", [ANGARA]), ("--name", "Ангара", [ANGARA]),
    ("--name", "meeter", [MEET_A, MEET_B]), ("--imo", "9743033", [PACIFIC]),
    ("--callsign", "ubcx7", [ANGARA]), ("--area", "49,179,51,180", [PACIFIC]),
    ("--since", "2023-08-01T13:30:00Z", [ANGARA, 273999009]),
])
def test_vessels_filters(export_ws, option, value, expected):
    rows = _lines("vessels", "-w", str(export_ws), option, value)
    assert [r["mmsi"] for r in rows] == expected


def test_voyages_and_events_filter_by_identity_time_and_box(export_ws):
    ws = str(export_ws)
    assert [r["name"] for r in _lines("voyages", "-w", ws, "--name", "ANGARA")] == ["ANGARA"]
    assert _lines("voyages", "-w", ws, "--imo", "9743033") == []
    assert [r["id"] for r in _lines("voyages", "-w", ws, "--area", "42.4,131.2,42.6,131.4")] \
        == [r["id"] for r in _lines("voyages", "-w", ws)]
    assert _lines("voyages", "-w", ws, "--area", "0,0,1,1") == []
    events = _lines("events", "-w", ws, "--callsign", "UBCX7", "--until", "2023-08-01T06:00Z")
    assert [(e["type"], e["start"]) for e in events] == [
        ("port_call", "2023-08-01T00:00:00Z"), ("ais_gap", "2023-08-01T05:00:00Z")]
    encounter = _lines("events", "-w", ws, "--name", "meeter b")
    assert [(e["type"], e["mmsi"], e["other_mmsi"]) for e in encounter] == [
        ("encounter", MEET_A, MEET_B)]


def test_filters_are_checked(export_ws):
    result = CliRunner().invoke(cli, ["vessels", "-w", str(export_ws), "--area", "5,5,1,1"])
    assert result.exit_code == 2
    assert result.output.startswith("Usage: cli vessels [OPTIONS]")
    assert "--area takes MIN_LAT,MIN_LON,MAX_LAT,MAX_LON" in result.output
    since = datetime(2023, 8, 2, tzinfo=UTC)
    with Workspace.open(export_ws) as ws:
        assert ws.vessels(since=since).column("mmsi").to_pylist() == [ANGARA, 273999009]
