"""`ais_gap`: the vessel stopped reporting while it kept going; and whether that was suspicious.

Two consecutive fixes of one track at least `gap.min_duration_h` apart make a gap when the vessel
kept going (implied speed across the gap at least `gap.min_implied_speed_kn`, or reported speed
at the last fix before it at least `gap.min_last_speed_kn`) and at least one end lies outside every
port area. Start and end are the last fix before and the first fix after. A track whose last fix is
at least `gap.min_duration_h` before the window's end, outside port and under way, has an *open*
gap: its end is the end of the coverage span of its last fix and `details.open` is true.
Coverage spans are the times in which the receivers heard some vessel with no silence of
everyone as long as `gap.min_duration_h`: a gap across a coverage hole (a receiver outage, or
two recordings years apart) is not the vessel going dark and is not reported.

Every gap carries `details.quality`, the evidence of whether the receivers would have heard the
vessel (darkfleet.events.coverage, darkfleet.events.shore), and `details.suspected` with
`details.unsuspected_reason` when false, decided by the rules of `gap.model`
(darkfleet.events.gap_rules; both models are defined in docs/events.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import polars as pl

from darkfleet.events.coverage import COUNT_COLUMNS, CoverageGrid, HeardBefore
from darkfleet.events.detector import Detector, EventDetector
from darkfleet.events.gap_rules import judge
from darkfleet.events.model import finish_events, no_hole_between
from darkfleet.events.settings import GapSettings
from darkfleet.events.shore import distance_from_shore_nm
from darkfleet.tracks.geo import METRES_PER_NM, MS_PER_HOUR, haversine_expr
from darkfleet.tracks.model import Tracks, Window
from darkfleet.tracks.state_runs import lasts_at_least, previous

BY = ["mmsi", "segment"]
DETAILS = ["segment", "distance_m", "implied_speed_kn", "open", "start_port", "end_port",
           "start_lat", "start_lon", "end_lat", "end_lon", "max_speed_kn", "suspected",
           "unsuspected_reason", "quality"]
CANDIDATE_COLUMNS = ["mmsi", "segment", "start", "end", "lat", "lon", "lat0", "lon0", "lat1",
                     "lon1", "distance_m", "implied_speed_kn", "open", "start_port", "end_port",
                     "receiver_start", "receiver_end"]


class GapDetector(Detector[GapSettings]):
    """Detects `ais_gap` events (see the module doc)."""

    event_type = "ais_gap"

    def __init__(self, settings: GapSettings) -> None:
        super().__init__(settings, settings.min_duration_h)
        self.heard = HeardBefore()
        self.grid = CoverageGrid(settings.coverage_bin_h, settings.coverage_radius_nm)
        self.tallies: list[pl.DataFrame] = []  # per chunk: mmsi, segment, n, max_speed_kn
        self.last_counts = self.heard.counts(_last_fixes(Tracks.empty().points),
                                             Tracks.empty().points)
        #: (time, events): the closed gaps ending before that time, judged by `closed_before`
        #: with everything fed; `events` uses them rather than judging those gaps again
        self.judged_before: tuple[datetime, pl.DataFrame] | None = None

    def feed(self, tracks: Tracks) -> None:
        super().feed(tracks)
        fresh = tracks.points.filter(~pl.col("carried"))
        last = self.heard.counts(_last_fixes(fresh), fresh)
        self.last_counts = pl.concat([
            self.last_counts.join(last.select(BY), on=BY, how="anti"), last], how="vertical")
        self.tallies.append(fresh.group_by(BY).agg(
            pl.len().cast(pl.Int64).alias("n"), pl.col("speed_kn").max().alias("max_speed_kn")))
        self.heard.keep(fresh)
        self.grid.add(fresh)

    def absorb(self, other: EventDetector) -> None:
        super().absorb(other)
        assert isinstance(other, GapDetector)
        self.tallies.extend(other.tallies)
        self.grid.parts.extend(other.grid.parts)
        self.last_counts = pl.concat([self.last_counts, other.last_counts], how="vertical")

    def collect(self, tracks: Tracks) -> pl.DataFrame:
        s = self.settings
        prev = {c: previous(c) for c in ("ts", "lat", "lon", "speed_kn", "port", "receiver")}
        steps = tracks.points.with_columns(
            prev["ts"].alias("start"), pl.col("ts").alias("end"),
            prev["lat"].alias("lat0"), prev["lon"].alias("lon0"),
            pl.col("lat").alias("lat1"), pl.col("lon").alias("lon1"),
            prev["speed_kn"].alias("speed0"), prev["port"].alias("start_port"),
            pl.col("port").alias("end_port"), prev["receiver"].alias("receiver_start"),
            pl.col("receiver").alias("receiver_end"),
            haversine_expr(prev["lat"], prev["lon"], pl.col("lat"), pl.col("lon"))
            .alias("distance_m"),
        ).filter(~pl.col("carried") & pl.col("start").is_not_null())
        hours = (pl.col("end") - pl.col("start")).dt.total_milliseconds() / MS_PER_HOUR
        steps = steps.with_columns(
            (pl.col("distance_m") / METRES_PER_NM / hours).alias("implied_speed_kn"))
        moving = (pl.col("implied_speed_kn") >= s.min_implied_speed_kn) | (
            pl.col("speed0").fill_null(0) >= s.min_last_speed_kn)
        outside = pl.col("start_port").is_null() | pl.col("end_port").is_null()
        gaps = steps.filter(lasts_at_least(s.min_duration_h) & moving & outside)
        gaps = gaps.with_columns(
            ((pl.col("lat0") + pl.col("lat1")) / 2).alias("lat"),
            ((pl.col("lon0") + pl.col("lon1")) / 2).alias("lon"), pl.col("distance_m").round(0),
            pl.col("implied_speed_kn").round(2), pl.lit(False).alias("open"))
        fresh = tracks.points.filter(~pl.col("carried"))
        return self.heard.counts(gaps.select(CANDIDATE_COLUMNS), fresh)

    def events(self, gathered: pl.DataFrame, window: Window) -> pl.DataFrame:
        closed = gathered.filter(no_hole_between(window.coverage))
        judged = None
        if self.judged_before is not None:  # those rows are judged already: the rest only
            before, judged = self.judged_before
            closed = closed.filter(pl.col("end") >= before)
            judged = judged.filter(no_hole_between(window.coverage))
        gaps = pl.concat([closed, self._open_gaps(window)], how="vertical_relaxed")
        events = self._judged(gaps, self.grid)
        return events if judged is None else pl.concat([judged, events]).sort("start", "mmsi")

    def closed_before(self, before: datetime, heard: Sequence[pl.DataFrame]) -> pl.DataFrame:
        """The events of the closed gaps gathered so far that end before `before`, judged with
        the receivers' coverage `heard` (`CoverageGrid.parts` of every vessel, complete before
        `before`): as `finish` will judge them once everything is fed, unless a coverage hole
        removes them; so that work on them (their reach) need not wait for the rest. Changes
        nothing in the detector; given back as `judged_before` = (`before`, these events) once
        everything is fed, the finish judges only the other gaps."""
        gathered = pl.concat(self._parts, how="vertical") if self._parts else self.collect(
            Tracks.empty())
        grid = CoverageGrid(self.settings.coverage_bin_h, self.settings.coverage_radius_nm)
        grid.parts = list(heard)
        return self._judged(gathered.filter(pl.col("end") < before), grid)

    def _judged(self, gaps: pl.DataFrame, grid: CoverageGrid) -> pl.DataFrame:
        judged = judge(self._evidence(gaps, grid), self.settings).with_columns(
            pl.col("lat0").alias("start_lat"), pl.col("lon0").alias("start_lon"),
            pl.col("lat1").alias("end_lat"), pl.col("lon1").alias("end_lon"))
        return finish_events(self.event_type, judged, DETAILS)

    def _evidence(self, gaps: pl.DataFrame, grid: CoverageGrid) -> pl.DataFrame:
        """`gaps` with track_fixes, max_speed_kn, shore distances and coverage."""
        tallies = pl.concat(self.tallies) if self.tallies else pl.DataFrame(
            schema={"mmsi": pl.Int64, "segment": pl.Int32, "n": pl.Int64,
                    "max_speed_kn": pl.Float64})
        per_track = tallies.group_by(BY).agg(pl.col("n").sum().alias("track_fixes"),
                                             pl.col("max_speed_kn").max())
        gaps = gaps.join(per_track, on=BY, how="left").with_columns(
            pl.col("track_fixes").fill_null(0))
        shore0 = distance_from_shore_nm(gaps.get_column("lat0").to_numpy(),
                                        gaps.get_column("lon0").to_numpy())
        shore1 = distance_from_shore_nm(gaps.get_column("lat1").fill_null(0).to_numpy(),
                                        gaps.get_column("lon1").fill_null(0).to_numpy())
        path = gaps.with_columns(pl.col("lat1").fill_null(pl.col("lat0")),
                                 pl.col("lon1").fill_null(pl.col("lon0")))
        covered = grid.coverage(path)
        return pl.concat([gaps, covered], how="horizontal").with_columns(
            pl.Series("shore_start_nm", shore0, dtype=pl.Float64),
            pl.when(pl.col("open")).then(None).otherwise(pl.Series(shore1, dtype=pl.Float64))
            .alias("shore_end_nm"))

    def _open_gaps(self, window: Window) -> pl.DataFrame:
        s = self.settings
        last = self.last_counts
        empty = self.collect(Tracks.empty())
        if not window.coverage or last.is_empty():
            return empty
        ts_type = last.schema["ts"]
        spans = pl.DataFrame(window.coverage, schema=["span_start", "span_end"], orient="row")
        spans = spans.select(pl.from_epoch("span_start", "ms").cast(ts_type),
                             pl.from_epoch("span_end", "ms").cast(ts_type).alias("end"))
        last = last.sort("ts").join_asof(spans, left_on="ts", right_on="span_start",
                                         strategy="backward", check_sortedness=False)
        ms = (pl.col("end") - pl.col("ts")).dt.total_milliseconds()
        long_enough = ms >= round(s.min_duration_h * MS_PER_HOUR)
        open_ = last.filter(long_enough & pl.col("port").is_null()
                            & (pl.col("speed_kn").fill_null(0) >= s.min_last_speed_kn))
        return open_.sort(BY).select(
            "mmsi", "segment", pl.col("ts").alias("start"), "end", "lat", "lon",
            pl.col("lat").alias("lat0"), pl.col("lon").alias("lon0"),
            pl.lit(None, pl.Float64).alias("lat1"), pl.lit(None, pl.Float64).alias("lon1"),
            pl.lit(None, pl.Float64).alias("distance_m"),
            pl.lit(None, pl.Float64).alias("implied_speed_kn"), pl.lit(True).alias("open"),
            pl.col("port").alias("start_port"), pl.lit(None, pl.String).alias("end_port"),
            pl.col("receiver").alias("receiver_start"),
            pl.lit(None, pl.String).alias("receiver_end"), *COUNT_COLUMNS,
        ).cast({k: v for k, v in empty.schema.items()})


def _last_fixes(fresh: pl.DataFrame) -> pl.DataFrame:
    """The last fix of every track in `fresh`, with `start` (its time) for `HeardBefore`."""
    return fresh.sort(*BY, "ts").group_by(BY, maintain_order=True).last().select(
        "mmsi", "segment", "ts", pl.col("ts").alias("start"), "lat", "lon", "speed_kn", "port",
        "receiver")
