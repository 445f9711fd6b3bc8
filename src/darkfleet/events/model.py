"""The records of the events stage: track chunks in, the Event table out, and event ids.

`EVENT_SCHEMA` is the declared column contract of the `events` table (DESIGN.md's Event):
`details` is a JSON object as text. Event ids are deterministic: the first 16 hex digits of
the SHA-1 of `type|mmsi|other_mmsi|start` (start in ISO 8601 with `Z`).
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import polars as pl

from darkfleet.tracks.runs import duration_h

TS = pl.Datetime("ms", "UTC")

EVENT_SCHEMA: dict[str, pl.DataType] = {
    "id": pl.String(), "type": pl.String(), "mmsi": pl.Int64(), "other_mmsi": pl.Int64(),
    "start": TS, "end": TS, "lat": pl.Float64(), "lon": pl.Float64(), "port": pl.String(),
    "duration_h": pl.Float64(), "details": pl.String(),
}

#: Columns of a track point as the detectors see it.
TRACK_SCHEMA: dict[str, pl.DataType] = {
    "mmsi": pl.Int64(), "segment": pl.Int32(), "ts": TS, "lat": pl.Float64(),
    "lon": pl.Float64(), "speed_kn": pl.Float64(), "course_deg": pl.Float64(),
    "carried": pl.Boolean(), "port": pl.String(), "port_dist_m": pl.Float64(),
    "receiver": pl.String(),
}

#: Columns of the static reports the detectors see (first and last of each unchanged run).
STATIC_SCHEMA: dict[str, pl.DataType] = {
    "mmsi": pl.Int64(), "ts": TS, "imo": pl.Int64(), "callsign": pl.String(),
    "shipname": pl.String(), "ship_type": pl.Int16(), "draught_m": pl.Float64(),
    "destination": pl.String(), "carried": pl.Boolean(),
}

JUMP_SCHEMA: dict[str, pl.DataType] = {
    "mmsi": pl.Int64(), "ts": TS, "lat": pl.Float64(), "lon": pl.Float64(),
    "distance_m": pl.Float64(), "implied_speed_kn": pl.Float64(),
}


@dataclass(frozen=True, slots=True)
class Tracks:
    """Track points (`TRACK_SCHEMA`, sorted by mmsi, segment, ts), static reports and jumps.

    In streaming detection this is one day; `carried` rows repeat the previous days' last fix
    of each segment (and last static report of each vessel) so that detectors see across
    midnight.
    """

    points: pl.DataFrame
    statics: pl.DataFrame
    jumps: pl.DataFrame

    @classmethod
    def empty(cls) -> Tracks:
        return cls(pl.DataFrame(schema=TRACK_SCHEMA), pl.DataFrame(schema=STATIC_SCHEMA),
                   pl.DataFrame(schema=JUMP_SCHEMA))


@dataclass(frozen=True, slots=True)
class Window:
    """The observed window: its end, the last fix of every segment (for open events) and its
    coverage, the spans in which some fix was received with no silence of every vessel longer
    than the gap threshold (epoch ms pairs; between them the receivers heard nothing)."""

    end: datetime | None
    last: pl.DataFrame  # TRACK_SCHEMA rows
    coverage: tuple[tuple[int, int], ...] = ()

    @classmethod
    def of(cls, tracks: Tracks, hole_h: float = 6.0) -> Window:
        fresh = tracks.points.filter(~pl.col("carried"))
        end = fresh.get_column("ts").max() if fresh.height else None
        last = fresh.group_by("mmsi", "segment").last()
        assert end is None or isinstance(end, datetime)
        ms = fresh.get_column("ts").dt.epoch("ms").to_numpy()
        return cls(end, last, tuple(extend_coverage([], ms, hole_h)))


def extend_coverage(coverage: list[tuple[int, int]], ts_ms: np.ndarray, hole_h: float
                    ) -> list[tuple[int, int]]:
    """`coverage` extended by the times `ts_ms` (later than it or overlapping its end): spans of
    times with no silence longer than `hole_h`."""
    if len(ts_ms) == 0:
        return coverage
    hole_ms = hole_h * 3_600_000
    times = np.sort(ts_ms)  # (np.unique is much slower, and repeats do no harm here)
    breaks = np.flatnonzero(np.diff(times) > hole_ms)
    starts = np.concatenate([[times[0]], times[breaks + 1]])
    ends = np.concatenate([times[breaks], [times[-1]]])
    spans = [(int(a), int(b)) for a, b in zip(starts, ends, strict=True)]
    merged = list(coverage)
    for start, end in spans:
        if merged and start - merged[-1][1] <= hole_ms:
            merged[-1] = (min(merged[-1][0], start), max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


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
