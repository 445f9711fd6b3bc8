"""The events stage's typed readers over a small real workspace (DuckDB + Parquet), written as
`darkfleet detect` writes its tables (declared schemas, `details` as JSON text, a detect batch)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from darkfleet.errors import StoreError
from darkfleet.events.model import EVENT_SCHEMA
from darkfleet.events.query import (
    Filters,
    PageQuery,
    counts,
    read_events,
    read_page,
    read_vessels,
    read_voyages,
)
from darkfleet.events.records import Event, Vessel, Voyage, event_from_row, vessel_from_row
from darkfleet.events.vessels import VESSEL_SCHEMA
from darkfleet.events.voyages import VOYAGE_SCHEMA
from darkfleet.store import Workspace

T0 = datetime(2023, 8, 1, tzinfo=UTC)
ANGARA, MARIA = 273990101, 273990102


def _t(hours: float) -> datetime:
    return datetime.fromtimestamp(T0.timestamp() + hours * 3600, UTC)


EVENTS = [
    {"id": "e1", "type": "ais_gap", "mmsi": ANGARA, "other_mmsi": None, "start": _t(1),
     "end": _t(10), "lat": 42.1, "lon": 131.2, "port": None, "duration_h": 9.0,
     "details": json.dumps({"distance_m": 1000.5, "suspected": True})},
    {"id": "e2", "type": "encounter", "mmsi": MARIA, "other_mmsi": ANGARA, "start": _t(20),
     "end": _t(23), "lat": 41.95, "lon": 131.62, "port": None, "duration_h": 3.0,
     "details": "{}"},
    {"id": "e3", "type": "port_call", "mmsi": MARIA, "other_mmsi": None, "start": _t(30),
     "end": _t(34), "lat": 42.745, "lon": 133.055, "port": "RUVYP", "duration_h": 4.0,
     "details": json.dumps({"locode": "RUVYP"})},
]
VOYAGES = [
    {"id": "v1", "mmsi": MARIA, "imo": 8517839, "name": "MARIA", "origin": "KPNJN",
     "destination": "RUVYP", "depart": _t(2), "arrive": _t(30), "duration_h": 28.0,
     "dark_h": 0.0, "draught_depart_m": 7.1, "draught_arrive_m": 5.2, "watched": True,
     "risk": 0.9, "reasons": ["departed a DPRK port (KPNJN)"],
     "details": json.dumps({"risk_components": {"route": 1.0}})},
]
VESSELS = [
    {"mmsi": ANGARA, "imo": 9179842, "name": "ANGARA", "callsign": "UBCT8", "ship_type": 70,
     "flag": "RU", "names": ["ANGARA"], "first_ts": _t(0), "last_ts": _t(40), "positions": 120},
    {"mmsi": MARIA, "imo": 8517839, "name": "MARIA", "callsign": None, "ship_type": 70,
     "flag": "RU", "names": ["SPARTA III", "MARIA"], "first_ts": _t(0), "last_ts": _t(40),
     "positions": 95},
]


@pytest.fixture(scope="module")
def detected(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("readers") / "ws"
    with Workspace.open(path, create=True) as ws:
        for name, rows, schema in (("events", EVENTS, EVENT_SCHEMA),
                                   ("voyages", VOYAGES, VOYAGE_SCHEMA),
                                   ("vessels", VESSELS, VESSEL_SCHEMA)):
            ws.replace_table(name, pl.DataFrame(rows, schema=schema).to_arrow(), kind="detect")
    return path


def test_events_come_back_typed_with_details_decoded(detected: Path) -> None:
    with Workspace.open(detected) as ws:
        events = read_events(ws)
    assert events[0] == Event("e1", "ais_gap", ANGARA, None, _t(1), _t(10), 42.1, 131.2, None,
                              9.0, {"distance_m": 1000.5, "suspected": True})
    assert [(e.id, e.details) for e in events[1:]] == [("e2", {}),
                                                        ("e3", {"locode": "RUVYP"})]
    assert events[0].start.tzinfo == UTC


def test_event_filters_reach_either_party_of_an_encounter(detected: Path) -> None:
    with Workspace.open(detected) as ws:
        angara = read_events(ws, Filters(mmsi=ANGARA))
        calls = read_events(ws, Filters(types=("port_call",)))
    assert [e.id for e in angara] == ["e1", "e2"]
    assert [(e.id, e.port) for e in calls] == [("e3", "RUVYP")]


def test_voyages_and_vessels_come_back_typed(detected: Path) -> None:
    with Workspace.open(detected) as ws:
        voyages, vessels = read_voyages(ws), read_vessels(ws, Filters(name="sparta"))
    assert voyages == [Voyage("v1", MARIA, 8517839, "MARIA", "KPNJN", "RUVYP", _t(2), _t(30),
                              28.0, 0.0, 7.1, 5.2, True, 0.9,
                              ("departed a DPRK port (KPNJN)",),
                              {"risk_components": {"route": 1.0}})]
    assert vessels == [Vessel(MARIA, 8517839, "MARIA", None, 70, "RU", ("SPARTA III", "MARIA"),
                              _t(0), _t(40), 95)]


def test_a_page_is_typed_and_counts_every_match(detected: Path) -> None:
    with Workspace.open(detected) as ws:
        rows, total = read_page(ws, "events", PageQuery(limit=1, offset=1))
        gaps, gap_total = read_page(ws, "events", PageQuery(suspected=True))
        summary = counts(ws)
    assert (total, [e.id for e in rows]) == (3, ["e2"])
    assert (gap_total, [e.id for e in gaps]) == (1, ["e1"])
    assert summary == {"vessels": 2, "voyages": 1, "watched_voyages": 1,
                       "events": {"ais_gap": 1, "encounter": 1, "port_call": 1}}


def test_readers_need_detection(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        with pytest.raises(StoreError, match=r"run `darkfleet detect` first"):
            read_events(ws)
        with pytest.raises(StoreError, match=r"run `darkfleet detect` first"):
            read_page(ws, "vessels", PageQuery())


def test_rows_in_other_shapes_are_read_once_here() -> None:
    event = event_from_row({"id": "x", "type": "loitering", "mmsi": "7", "start":
                            "2023-08-01T00:00:00Z", "end": "2023-08-01T01:30:00Z",
                            "lat": float("nan"), "details": '{"a": 1}'}, 0)
    assert (event.mmsi, event.lat, event.duration_h, event.details) == (7, None, 1.5, {"a": 1})
    vessel = vessel_from_row({"mmsi": 1, "names": '[{"name": "SPARTA III", "first_ts": '
                                                  '"2019-01-02T00:00:00Z"}, "URSA MAJOR"]'}, 0)
    assert vessel.names == ("SPARTA III (2019-01-02)", "URSA MAJOR")
    with pytest.raises(StoreError, match=r"^events row 3: start and end are required$"):
        event_from_row({"id": "x", "type": "ais_gap", "start": "2023-08-01T00:00:00Z"}, 2)
