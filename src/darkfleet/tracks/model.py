"""The records of the tracks stage: track chunks (points, static reports, jumps) and the
observed window with its coverage, as the detectors of the events stage read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import polars as pl

TS = pl.Datetime("ms", "UTC")

#: Silence of every vessel that makes a coverage hole when none is given (the default
#: `detect.gap.min_duration_h`).
DEFAULT_HOLE_H = 6.0

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
    def of(cls, tracks: Tracks, hole_h: float = DEFAULT_HOLE_H) -> Window:
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
