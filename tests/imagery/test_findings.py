"""Imagery findings on small frames: port presence, seen_by on gaps, voyage reasons, reruns."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import polars as pl

from darkfleet.events import EVENT_SCHEMA, VOYAGE_SCHEMA
from darkfleet.imagery.findings import event_id, with_findings, with_voyage_reasons
from darkfleet.imagery.fusion import RESULT_SCHEMA


def at(hour: int) -> datetime:
    return datetime(2023, 8, 2, hour, tzinfo=UTC)


def results() -> pl.DataFrame:
    cands = json.dumps([{"rank": 1, "mmsi": 7}, {"rank": 2, "mmsi": 8}])
    rows = [
        {"detection_id": "quay", "ts": at(3), "lat": 42.26, "lon": 130.32, "dark": True,
         "candidates": "[]", "port": "KPNJN", "source": "sar"},
        {"detection_id": "sea", "ts": at(5), "lat": 42.5, "lon": 131.5, "dark": True,
         "candidates": cands, "port": None, "source": "sar"},
        {"detection_id": "seen", "ts": at(5), "lat": 42.6, "lon": 131.6, "dark": False,
         "candidates": "[]", "port": "KPNJN", "source": "sar", "matched_mmsi": 9},
    ]
    return pl.DataFrame(rows, schema=RESULT_SCHEMA)


def events() -> pl.DataFrame:
    rows = [
        {"id": "g7", "type": "ais_gap", "mmsi": 7, "start": at(1), "end": at(9),
         "details": json.dumps({"segment": 0})},
        {"id": "g8", "type": "ais_gap", "mmsi": 8, "start": at(1), "end": at(9),
         "details": json.dumps({"segment": 0, "suspected": False})},
        {"id": "old", "type": "dark_port_presence", "mmsi": None, "start": at(0), "end": at(0),
         "details": "{}"},
    ]
    return pl.DataFrame(rows, schema=EVENT_SCHEMA)


def test_findings_replace_earlier_ones_and_repeat_the_same() -> None:
    once = with_findings(events(), results(), {"KPNJN"})
    assert once.select("id", "type", "mmsi", "port").rows() == [
        ("g7", "ais_gap", 7, None), ("g8", "ais_gap", 8, None),
        (event_id("quay"), "dark_port_presence", None, "KPNJN")]
    seen = json.loads(once.row(0, named=True)["details"])["seen_by"]
    assert seen == [{"detection_id": "sea", "ts": "2023-08-02T05:00:00Z", "lat": 42.5,
                     "lon": 131.5, "source": "sar", "rank": 1}]
    assert "seen_by" not in json.loads(once.row(1, named=True)["details"])  # not suspected
    assert with_findings(once, results(), {"KPNJN"}).equals(once)


def test_voyage_reasons() -> None:
    voyage = {"id": "v", "mmsi": 7, "depart": at(0), "arrive": at(10),
              "reasons": ["dark 8.0 h in transit", "seen by imagery while dark: stale"]}
    voyages = pl.DataFrame([voyage], schema=VOYAGE_SCHEMA)
    [reasons] = with_voyage_reasons(voyages, results()).get_column("reasons").to_list()
    assert reasons == ["dark 8.0 h in transit",
                       "seen by imagery while dark: detection sea at 2023-08-02T05:00:00Z"]
