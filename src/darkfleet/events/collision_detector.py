"""`mmsi_collision`: one MMSI reported by two transmitters.

The track segmenter (darkfleet.tracks.segmenter) records every *jump*: consecutive fixes of one
MMSI, from different transmitters, more than `tracks.jump_min_distance_m` apart at an implied speed
above `tracks.max_speed_kn`. Jumps of one MMSI at most `collision.max_quiet_h` apart form an
episode; an episode of at least `collision.min_jumps` jumps is a collision. Start and end are its
first and last jump, the position that of the first jump's second fix."""

from __future__ import annotations

import polars as pl

from darkfleet.events.detector import Detector
from darkfleet.events.model import finish_events
from darkfleet.events.settings import CollisionSettings
from darkfleet.tracks.geo import MS_PER_HOUR
from darkfleet.tracks.model import Tracks, Window


class MmsiCollisionDetector(Detector[CollisionSettings]):
    """Detects `mmsi_collision` events (see the module doc)."""

    event_type = "mmsi_collision"

    def collect(self, tracks: Tracks) -> pl.DataFrame:
        return tracks.jumps

    def events(self, gathered: pl.DataFrame, window: Window) -> pl.DataFrame:
        quiet_ms = round(self.settings.max_quiet_h * MS_PER_HOUR)
        jumps = gathered.sort("mmsi", "ts").with_columns(
            ((pl.col("mmsi") != pl.col("mmsi").shift(1))
             | ((pl.col("ts") - pl.col("ts").shift(1)).dt.total_milliseconds() > quiet_ms))
            .fill_null(True).cast(pl.Int64).cum_sum().alias("episode"))
        grouped = jumps.group_by("mmsi", "episode").agg(
            pl.col("ts").min().alias("start"), pl.col("ts").max().alias("end"),
            pl.col("lat").first(), pl.col("lon").first(), pl.len().alias("jumps"),
            pl.col("implied_speed_kn").max().round(1).alias("max_implied_speed_kn"),
            (pl.col("distance_m").max() / 1000).round(1).alias("max_distance_km"),
        ).filter(pl.col("jumps") >= self.settings.min_jumps).drop("episode")
        segments = window.last.group_by("mmsi").agg(pl.len().alias("transmitters"))
        grouped = grouped.join(segments, on="mmsi", how="left")
        details = ["jumps", "transmitters", "max_implied_speed_kn", "max_distance_km"]
        return finish_events(self.event_type, grouped, details)
