"""From raw positions and static reports, chunk by chunk, to the tracks the detectors read.

`TrackBuilder` keeps only a small carry between chunks (the last fix of every segment and the
last identity of every vessel), so memory is bounded by the largest chunk (a day partition), not
by the archive. Each chunk is cleaned (darkfleet.tracks.clean), split into transmitters
(darkfleet.tracks.segmenter), given implied speeds where none was reported and annotated with
port areas (by an `AreaIndex`: the events stage's port index).
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

import polars as pl
import pyarrow as pa

from darkfleet.tracks.clean import clean_positions
from darkfleet.tracks.geo import METRES_PER_NM, MS_PER_HOUR, haversine_expr
from darkfleet.tracks.model import (
    DEFAULT_HOLE_H,
    STATIC_SCHEMA,
    TRACK_SCHEMA,
    Tracks,
    Window,
    extend_coverage,
)
from darkfleet.tracks.segmenter import empty_carry, segment
from darkfleet.tracks.settings import TrackSettings
from darkfleet.tracks.state_runs import previous

IDENTITY = ["imo", "callsign", "shipname", "ship_type", "draught_m", "destination"]


class AreaIndex(Protocol):
    """What annotates fixes with the areas they lie in (darkfleet.events.port_index.PortIndex)."""

    def annotate(self, points: pl.DataFrame) -> pl.DataFrame:
        """`points` plus `port` (the area's code, or null) and `port_dist_m`."""
        ...


class TrackBuilder:
    """Builds `Tracks` chunk by chunk, carrying state across chunks (see the module doc).

    `hole_h`: a silence of every vessel longer than this is a coverage hole (the events stage
    passes its shortest AIS gap, `detect.gap.min_duration_h`).
    """

    def __init__(self, settings: TrackSettings, ports: AreaIndex,
                 hole_h: float = DEFAULT_HOLE_H) -> None:
        self.settings = settings
        self.ports = ports
        self.hole_h = hole_h
        self.carry = empty_carry()
        self.static_carry = pl.DataFrame(schema=STATIC_SCHEMA)
        self.end: datetime | None = None
        self.coverage: list[tuple[int, int]] = []

    def chunk(self, positions: pa.Table | pl.DataFrame,
              statics: pa.Table | pl.DataFrame | None = None) -> Tracks:
        """The tracks of one chunk of raw rows (POSITIONS and STATIC_REPORTS columns)."""
        cleaned = clean_positions(positions)
        split = segment(cleaned, self.carry, self.settings)
        self.carry = split.carry
        points = self.ports.annotate(_with_speed(split.points)).select(list(TRACK_SCHEMA))
        if points.height:
            end = points.get_column("ts").max()
            assert isinstance(end, datetime)
            self.end = end if self.end is None else max(self.end, end)
            fresh = points.filter(~pl.col("carried")).get_column("ts").dt.epoch("ms")
            self.coverage = extend_coverage(self.coverage, fresh.to_numpy(), self.hole_h)
        reports = self._statics(statics)
        return Tracks(points.sort("mmsi", "segment", "ts"), reports, split.jumps)

    def window(self) -> Window:
        """The window seen so far: its end and every segment's last fix."""
        last = self.ports.annotate(self.carry.drop("n").with_columns(
            pl.lit(False).alias("carried"))).select(list(TRACK_SCHEMA))
        return Window(self.end, last, tuple(self.coverage))

    def _statics(self, raw: pa.Table | pl.DataFrame | None) -> pl.DataFrame:
        fresh = compress_statics(raw) if raw is not None else pl.DataFrame(schema=STATIC_SCHEMA)
        both = pl.concat([self.static_carry, fresh], how="vertical").sort(
            "mmsi", "ts", "carried", descending=[False, False, True])
        self.static_carry = both.group_by("mmsi").agg(
            pl.col("ts").max(), *[pl.col(c).drop_nulls().last() for c in IDENTITY],
        ).with_columns(pl.lit(True).alias("carried")).select(list(STATIC_SCHEMA))
        return both


def compress_statics(raw: pa.Table | pl.DataFrame) -> pl.DataFrame:
    """Static reports cleaned ("" and 0 as not given) and cut to the first and last report of
    each run of identical identity (enough to date every change)."""
    frame = raw if isinstance(raw, pl.DataFrame) else pl.from_arrow(raw)
    assert isinstance(frame, pl.DataFrame)
    text = [pl.col(c).cast(pl.String).str.strip_chars(" @").replace("", None).alias(c)
            for c in ("callsign", "shipname", "destination")]
    cleaned = frame.filter(pl.col("ts").is_not_null() & pl.col("mmsi").is_not_null()).select(
        pl.col("mmsi").cast(pl.Int64), pl.col("ts").cast(STATIC_SCHEMA["ts"]),
        pl.when(pl.col("imo") > 0).then(pl.col("imo")).cast(pl.Int64).alias("imo"),
        *text[:2], pl.col("ship_type").cast(pl.Int16),
        pl.when(pl.col("draught_m") > 0).then(pl.col("draught_m")).cast(pl.Float64)
        .alias("draught_m"), text[2], pl.lit(False).alias("carried"),
    ).sort("mmsi", "ts")
    same_prev = pl.struct(IDENTITY).eq_missing(pl.struct(IDENTITY).shift(1)).over("mmsi")
    same_next = pl.struct(IDENTITY).eq_missing(pl.struct(IDENTITY).shift(-1)).over("mmsi")
    keep = ~(same_prev.fill_null(False) & same_next.fill_null(False))
    return cleaned.filter(keep).select(list(STATIC_SCHEMA))


def _with_speed(points: pl.DataFrame) -> pl.DataFrame:
    """Reported speed, or where none was reported the implied speed from the previous fix."""
    prev = {c: previous(c) for c in ("lat", "lon", "ts")}
    hours = (pl.col("ts") - prev["ts"]).dt.total_milliseconds() / MS_PER_HOUR
    implied = haversine_expr(prev["lat"], prev["lon"], pl.col("lat"), pl.col("lon")) / (
        METRES_PER_NM * pl.when(hours > 0).then(hours).otherwise(None))
    return points.sort("mmsi", "segment", "ts").with_columns(
        pl.coalesce(pl.col("speed_kn"), implied).alias("speed_kn"))
