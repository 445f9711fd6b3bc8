"""`ais_gap`: the vessel stopped reporting while it kept going.

Two consecutive fixes of one track at least `gap_min_duration_h` apart make a gap when the vessel
kept going (implied speed across the gap at least `gap_min_implied_speed_kn`, or reported speed
at the last fix before it at least `gap_min_last_speed_kn`) and at least one end lies outside every
port area. Start and end are the last fix before and the first fix after. A track whose last fix is
at least `gap_min_duration_h` before the window's end, outside port and under way, has an *open*
gap: its end is the end of the coverage span of its last fix and `details.open` is true.
Coverage spans are the times in which the receivers heard some vessel with no silence of
everyone as long as `gap_min_duration_h`: a gap across a coverage hole (a receiver outage, or
two recordings years apart) is not the vessel going dark and is not reported.
"""

from __future__ import annotations

import itertools

import polars as pl

from darkfleet.events.detector import EventDetector
from darkfleet.events.model import Tracks, Window, finish_events
from darkfleet.tracks.geo import METRES_PER_NM, MS_PER_HOUR, haversine_expr
from darkfleet.tracks.runs import lasts_at_least, previous

BY = ["mmsi", "segment"]
DETAILS = ["segment", "distance_m", "implied_speed_kn", "open", "start_port", "end_port"]


class GapDetector(EventDetector):
    """Detects `ais_gap` events (see the module doc)."""

    event_type = "ais_gap"

    def collect(self, tracks: Tracks) -> pl.DataFrame:
        s = self.settings
        prev = {c: previous(c) for c in ("ts", "lat", "lon", "speed_kn", "port")}
        steps = tracks.points.with_columns(
            prev["ts"].alias("start"), pl.col("ts").alias("end"),
            prev["lat"].alias("lat0"), prev["lon"].alias("lon0"),
            prev["speed_kn"].alias("speed0"), prev["port"].alias("start_port"),
            pl.col("port").alias("end_port"),
            haversine_expr(prev["lat"], prev["lon"], pl.col("lat"), pl.col("lon"))
            .alias("distance_m"),
        ).filter(~pl.col("carried") & pl.col("start").is_not_null())
        hours = (pl.col("end") - pl.col("start")).dt.total_milliseconds() / MS_PER_HOUR
        steps = steps.with_columns(
            (pl.col("distance_m") / METRES_PER_NM / hours).alias("implied_speed_kn"))
        moving = (pl.col("implied_speed_kn") >= s.gap_min_implied_speed_kn) | (
            pl.col("speed0").fill_null(0) >= s.gap_min_last_speed_kn)
        outside = pl.col("start_port").is_null() | pl.col("end_port").is_null()
        gaps = steps.filter(lasts_at_least(s.gap_min_duration_h) & moving & outside)
        return gaps.select(
            "mmsi", "segment", "start", "end", ((pl.col("lat0") + pl.col("lat")) / 2).alias("lat"),
            ((pl.col("lon0") + pl.col("lon")) / 2).alias("lon"), pl.col("distance_m").round(0),
            pl.col("implied_speed_kn").round(2), pl.lit(False).alias("open"), "start_port",
            "end_port")

    def events(self, gathered: pl.DataFrame, window: Window) -> pl.DataFrame:
        closed = _outside_holes(gathered, window.coverage)
        return finish_events(self.event_type, pl.concat(
            [closed, self._open_gaps(window)], how="vertical_relaxed"), DETAILS)

    def _open_gaps(self, window: Window) -> pl.DataFrame:
        s = self.settings
        last = window.last
        if not window.coverage or last.is_empty():
            return self.collect(Tracks.empty())
        ts_type = last.schema["ts"]
        spans = pl.DataFrame(window.coverage, schema=["span_start", "span_end"], orient="row")
        spans = spans.select(pl.from_epoch("span_start", "ms").cast(ts_type),
                             pl.from_epoch("span_end", "ms").cast(ts_type).alias("end"))
        last = last.sort("ts").join_asof(spans, left_on="ts", right_on="span_start",
                                         strategy="backward", check_sortedness=False)
        ms = (pl.col("end") - pl.col("ts")).dt.total_milliseconds()
        long_enough = ms >= round(s.gap_min_duration_h * MS_PER_HOUR)
        open_ = last.filter(long_enough & pl.col("port").is_null()
                            & (pl.col("speed_kn").fill_null(0) >= s.gap_min_last_speed_kn))
        return open_.sort("mmsi", "segment").select(
            "mmsi", "segment", pl.col("ts").alias("start"), "end", "lat", "lon",
            pl.lit(None, pl.Float64).alias("distance_m"),
            pl.lit(None, pl.Float64).alias("implied_speed_kn"), pl.lit(True).alias("open"),
            pl.col("port").alias("start_port"), pl.lit(None, pl.String).alias("end_port"))


def _outside_holes(gaps: pl.DataFrame, coverage: tuple[tuple[int, int], ...]) -> pl.DataFrame:
    """Gaps that span no coverage hole (a time when no vessel at all was received)."""
    keep = pl.lit(True)
    start_ms, end_ms = pl.col("start").dt.epoch("ms"), pl.col("end").dt.epoch("ms")
    for (_, hole_start), (hole_end, _) in itertools.pairwise(coverage):
        keep = keep & ~((start_ms <= hole_start) & (end_ms >= hole_end))
    return gaps.filter(keep)
