"""What imagery adds to the events and voyages: dark port presence, gaps seen, voyage reasons.

- `dark_port_presence`: a dark detection inside a watched port area (a port of a watched group).
  Start and end are the detection time, `mmsi` is null (nobody is identified), `port` is the
  port's UN/LOCODE, `details` holds the detection and its candidates. Its id is the first 16 hex
  digits of the SHA-1 of `dark_port_presence|DETECTION_ID`.
- `details.seen_by` on an AIS gap (a suspected one when the gap says whether it is suspected):
  the dark detections between its start and end that list its vessel as a candidate.
- A voyage whose vessel was such a candidate between depart and arrive gets the reason
  `seen by imagery while dark: detection ID at TIME`.

Pure: frames in, frames out. Earlier imagery findings are replaced, so running again is safe.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Collection
from typing import Any

import polars as pl

from darkfleet.timefmt import iso_utc

EVENT_TYPE = "dark_port_presence"
REASON = "seen by imagery while dark"
Sighting = dict[str, Any]


def port_presence_events(results: pl.DataFrame, watched_ports: Collection[str],
                         schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """`dark_port_presence` events (in the events table's `schema`) of `results` (with `port`)."""
    hits = results.filter(pl.col("dark") & pl.col("port").is_in(list(watched_ports)))
    rows = []
    for r in hits.iter_rows(named=True):
        details = {"detection_id": r["detection_id"], "source": r["source"],
                   "scene_id": r["scene_id"], "score": r["score"], "length_m": r["length_m"],
                   "candidates": [c["mmsi"] for c in json.loads(r["candidates"])]}
        rows.append({"id": event_id(r["detection_id"]), "type": EVENT_TYPE, "mmsi": None,
                     "other_mmsi": None, "start": r["ts"], "end": r["ts"], "lat": r["lat"],
                     "lon": r["lon"], "port": r["port"], "duration_h": 0.0,
                     "details": json.dumps(details)})
    return pl.DataFrame(rows, schema=schema)


def event_id(detection_id: str) -> str:
    return hashlib.sha1(f"{EVENT_TYPE}|{detection_id}".encode()).hexdigest()[:16]


def sightings(results: pl.DataFrame) -> dict[int, list[Sighting]]:
    """Per MMSI, the dark detections that list it as a candidate (time order)."""
    seen: dict[int, list[Sighting]] = defaultdict(list)
    dark = results.filter(pl.col("dark") & (pl.col("candidates") != "[]")).sort("ts")
    for r in dark.iter_rows(named=True):
        for c in json.loads(r["candidates"]):
            seen[c["mmsi"]].append({"detection_id": r["detection_id"], "ts": r["ts"],
                                    "lat": r["lat"], "lon": r["lon"], "source": r["source"],
                                    "rank": c["rank"]})
    return dict(seen)


def with_findings(events: pl.DataFrame, results: pl.DataFrame,
                  watched_ports: Collection[str]) -> pl.DataFrame:
    """`events` without earlier imagery findings, with `seen_by` on gaps and the
    `dark_port_presence` events of `results`, sorted as the events table is."""
    seen = sightings(results)
    kept = events.filter(pl.col("type") != EVENT_TYPE)
    details = [_gap_details(row, seen) for row in kept.iter_rows(named=True)]
    kept = kept.with_columns(pl.Series("details", details, dtype=pl.String))
    new = port_presence_events(results, watched_ports, dict(events.schema))
    return pl.concat([kept, new], how="vertical_relaxed").sort(
        "start", "type", "mmsi", nulls_last=True)


def _gap_details(row: dict[str, Any], seen: dict[int, list[Sighting]]) -> str:
    text: str = row["details"]
    if row["type"] != "ais_gap":
        return text
    details = json.loads(text)
    details.pop("seen_by", None)
    if details.get("suspected", True) and row["mmsi"] in seen:
        within = [_plain(s) for s in seen[row["mmsi"]]
                  if row["start"] <= s["ts"] and (row["end"] is None or s["ts"] <= row["end"])]
        if within:
            details["seen_by"] = within
    return json.dumps(details)


def with_voyage_reasons(voyages: pl.DataFrame, results: pl.DataFrame) -> pl.DataFrame:
    """`voyages` with the reason `seen by imagery while dark: ...` where it applies."""
    seen = sightings(results)
    reasons = []
    for row in voyages.iter_rows(named=True):
        old = [r for r in (row["reasons"] or []) if not r.startswith(REASON)]
        new = [f"{REASON}: detection {s['detection_id']} at {iso_utc(s['ts'])}"
               for s in seen.get(row["mmsi"], []) if row["depart"] <= s["ts"] <= row["arrive"]]
        reasons.append(old + new)
    return voyages.with_columns(pl.Series("reasons", reasons, dtype=pl.List(pl.String)))


def _plain(sighting: Sighting) -> Sighting:
    return {**sighting, "ts": iso_utc(sighting["ts"])}
