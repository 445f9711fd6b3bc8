"""The sliding window the watch detects over, and what it knows of everyone else.

The window holds the recent fixes and static reports (by message time, `window_h`) of the
*relevant* vessels only: those detection must follow for the rules (listed vessels, vessels near
a watched port or area, vessels near a listed vessel), or every vessel with `all_vessels`. Of a
relevant vessel it holds the first fix of each step of `window_min_step_s` and every fix that
enters or leaves a watched area. Of everyone else it keeps only, per grid cell, the last time
anyone was heard there (coverage, for live gaps). Memory is bounded by the relevant vessels,
`window_h` and `window_max_positions`, however long the watch runs.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta

import polars as pl

from darkfleet.tracks.model import extend_coverage
from darkfleet.watch.settings import WatchSettings

POSITION_COLUMNS = ["mmsi", "ts", "kind", "lat", "lon", "speed_kn", "course_deg", "source"]
STATIC_COLUMNS = ["mmsi", "ts", "imo", "callsign", "shipname", "ship_type", "draught_m",
                  "destination"]
_COVERAGE_HOLE_H = 6.0
POSITION_SCHEMA: dict[str, pl.DataType] = {
    "mmsi": pl.Int64(), "ts": pl.Datetime("ms", "UTC"), "kind": pl.String(), "lat": pl.Float64(),
    "lon": pl.Float64(), "speed_kn": pl.Float32(), "course_deg": pl.Float32(),
    "source": pl.String()}
STATIC_SCHEMA: dict[str, pl.DataType] = {
    "mmsi": pl.Int64(), "ts": pl.Datetime("ms", "UTC"), "imo": pl.Int64(),
    "callsign": pl.String(), "shipname": pl.String(), "ship_type": pl.Int16(),
    "draught_m": pl.Float64(), "destination": pl.String()}


def as_detected(positions: pl.DataFrame, statics: pl.DataFrame
                ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Stored rows as `darkfleet detect` reads them back (draughts exact to a decimetre)."""
    return (positions.filter(pl.col("ts").is_not_null()).select(
                [pl.col(c).cast(POSITION_SCHEMA[c]) for c in POSITION_COLUMNS]),
            statics.filter(pl.col("ts").is_not_null()).select(
                [pl.col(c).cast(STATIC_SCHEMA[c]) for c in STATIC_COLUMNS]).with_columns(
                pl.col("draught_m").round(1)))


class SlidingWindow:
    """The window and the watch's knowledge of every vessel (see the module doc)."""

    def __init__(self, settings: WatchSettings, cell_deg: float, coverage_hole_h: float
                 = _COVERAGE_HOLE_H) -> None:
        self.settings = settings
        self.cell_deg = cell_deg
        self.coverage_hole_h = coverage_hole_h
        self.positions = pl.DataFrame(schema=POSITION_SCHEMA)
        self.statics = pl.DataFrame(schema=STATIC_SCHEMA)
        self.relevant: set[int] = set()
        self.trimmed: set[int] = set()
        self.heard: dict[tuple[int, int], int] = {}
        self.coverage: list[tuple[int, int]] = []
        self.end: datetime | None = None
        self._last: dict[int, tuple[int, bool]] = {}  # mmsi -> (last step, inside then)
        self.inside: Callable[[pl.DataFrame], pl.Series] | None = None
        self._pending: list[pl.DataFrame] = []
        self._pending_static: list[pl.DataFrame] = []
        self.dirty = False

    def hear(self, positions: pl.DataFrame) -> None:
        """Record who was heard where and when (every vessel; cheap)."""
        if positions.is_empty():
            return
        ms = positions.get_column("ts").dt.epoch("ms")
        self.coverage = extend_coverage(self.coverage, ms.to_numpy(), self.coverage_hole_h)
        end = positions.get_column("ts").max()
        assert isinstance(end, datetime)
        self.end = end if self.end is None else max(self.end, end)
        cells = positions.select(*self._cell_exprs(), ms.alias("ms")).group_by("cy", "cx").agg(
            pl.col("ms").max())
        for cy, cx, last in cells.iter_rows():
            if last > self.heard.get((cy, cx), -1):
                self.heard[(cy, cx)] = last

    def heard_near(self, lat: float, lon: float) -> int:
        """The last time (epoch ms) anyone was heard in the cells around (lat, lon)."""
        cy, cx = math.floor(lat / self.cell_deg), math.floor(lon / self.cell_deg)
        return max((self.heard.get((cy + dy, cx + dx), -1)
                    for dy in (-1, 0, 1) for dx in (-1, 0, 1)), default=-1)

    def add(self, positions: pl.DataFrame, statics: pl.DataFrame) -> None:
        """Keep the rows of relevant vessels (positions after the step thinning)."""
        relevant = pl.col("mmsi").is_in(list(self.relevant))
        kept = self._thin(positions.filter(relevant))
        if kept.height:
            self._pending.append(kept)
            self.dirty = True
        fresh = statics.filter(relevant)
        if fresh.height:
            self._pending_static.append(fresh)
            self.dirty = True

    def frames(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        """(positions, static reports) in the window, oldest dropped first."""
        if self._pending:
            self.positions = pl.concat([self.positions, *self._pending], how="vertical_relaxed")
            self._pending = []
        if self._pending_static:
            self.statics = pl.concat([self.statics, *self._pending_static],
                                     how="vertical_relaxed")
            self._pending_static = []
        self._trim()
        return self.positions, self.statics

    def _trim(self) -> None:
        if self.end is None:
            return
        start = self.end - timedelta(hours=self.settings.window_h)
        over = self.positions.height - self.settings.window_max_positions
        if over > 0:
            cut = self.positions.get_column("ts").sort()[over]
            assert isinstance(cut, datetime)
            start = max(start, cut)
        old = self.positions.filter(pl.col("ts") < start)
        if old.height:
            self.trimmed |= set(old.get_column("mmsi").unique().to_list())
            self.positions = self.positions.filter(pl.col("ts") >= start)
        self.statics = self.statics.filter(pl.col("ts") >= start)
        start_ms = int(start.timestamp() * 1000)
        self.coverage = [span for span in self.coverage if span[1] >= start_ms]

    def _thin(self, positions: pl.DataFrame) -> pl.DataFrame:
        """The fixes to hold: a vessel's first fix in each time step of `window_min_step_s`,
        and every fix that enters or leaves a watched area (so no entry waits a step)."""
        step_ms = int(self.settings.window_min_step_s * 1000)
        if step_ms <= 0 or positions.is_empty():
            return positions
        state = pl.DataFrame(
            [(m, step, inside) for m, (step, inside) in self._last.items()], orient="row",
            schema={"mmsi": pl.Int64, "_seen": pl.Int64, "_was": pl.Boolean})
        inside = self.inside(positions) if self.inside else pl.repeat(
            False, positions.height, eager=True)
        steps = positions.with_columns((pl.col("ts").dt.epoch("ms") // step_ms).alias("_step"),
                                       inside.alias("_in")).sort("mmsi", "ts", maintain_order=True)
        steps = steps.join(state, on="mmsi", how="left", maintain_order="left")
        prev_step = pl.col("_step").shift(1).over("mmsi").fill_null(pl.col("_seen"))
        prev_in = pl.col("_in").shift(1).over("mmsi").fill_null(pl.col("_was"))
        keep = (prev_step.is_null() | (pl.col("_step") > prev_step)
                | pl.col("_in").ne_missing(prev_in))
        for mmsi, step, last_in in steps.group_by("mmsi").agg(
                pl.col("_step").max(), pl.col("_in").last()).iter_rows():
            self._last[mmsi] = (step, last_in)
        return steps.filter(keep).drop("_step", "_in", "_seen", "_was")

    def _cell_exprs(self) -> list[pl.Expr]:
        return [(pl.col("lat") / self.cell_deg).floor().cast(pl.Int64).alias("cy"),
                (pl.col("lon") / self.cell_deg).floor().cast(pl.Int64).alias("cx")]
