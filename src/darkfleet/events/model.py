"""The records of the events stage: the Event table and event ids (the track chunks the
detectors read are the tracks stage's records, darkfleet.tracks.model).

`EVENT_SCHEMA` is the declared column contract of the `events` table (DESIGN.md's Event):
`details` is a JSON object as text. Event ids are deterministic: the first 16 hex digits of
the SHA-1 of `type|mmsi|other_mmsi|start` (start in ISO 8601 with `Z`).
"""

from __future__ import annotations

import hashlib
import itertools
from datetime import datetime

import polars as pl

from darkfleet.store.schema import declared_schema
from darkfleet.tracks.model import TS
from darkfleet.tracks.state_runs import duration_h

EVENT_SCHEMA = declared_schema("events")


def no_hole_between(coverage: tuple[tuple[int, int], ...], start: str = "start",
                    end: str = "end") -> pl.Expr:
    """Whether the span from `start` to `end` crosses no coverage hole (a time when no vessel at
    all was received) of `coverage`."""
    keep = pl.lit(True)
    start_ms, end_ms = pl.col(start).dt.epoch("ms"), pl.col(end).dt.epoch("ms")
    for (_, hole_start), (hole_end, _) in itertools.pairwise(coverage):
        keep = keep & ~((start_ms <= hole_start) & (end_ms >= hole_end))
    return keep


def event_id(kind: str, mmsi: int, other: int | None, start: datetime | None) -> str:
    """The deterministic id of an event."""
    when = "" if start is None else start.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    text = f"{kind}|{mmsi}|{'' if other is None else other}|{when}"
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def finish_events(kind: str, frame: pl.DataFrame, details: list[str]) -> pl.DataFrame:
    """Events of type `kind` from `frame` (mmsi, start, end, lat, lon, optional other_mmsi and
    port, and the `details` columns, packed into a JSON object)."""
    if frame.is_empty():
        return pl.DataFrame(schema=EVENT_SCHEMA)
    other = pl.col("other_mmsi") if "other_mmsi" in frame.columns else pl.lit(None, pl.Int64)
    port = pl.col("port") if "port" in frame.columns else pl.lit(None, pl.String)
    packed = pl.struct(details).struct.json_encode() if details else pl.lit("{}")
    out = frame.select(
        pl.lit(kind).alias("type"), pl.col("mmsi").cast(pl.Int64),
        other.cast(pl.Int64).alias("other_mmsi"), pl.col("start").cast(TS),
        pl.col("end").cast(TS), "lat", "lon", port.alias("port"),
        duration_h().round(3).alias("duration_h"), packed.alias("details"),
    )
    ids = [event_id(kind, m, o, s) for m, o, s in zip(
        out.get_column("mmsi"), out.get_column("other_mmsi"), out.get_column("start"),
        strict=True)]
    out = out.with_columns(pl.Series("id", ids, dtype=pl.String))
    return out.select(list(EVENT_SCHEMA)).sort("start", "mmsi")


def empty_events() -> pl.DataFrame:
    return pl.DataFrame(schema=EVENT_SCHEMA)
