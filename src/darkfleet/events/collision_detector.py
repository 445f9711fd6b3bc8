"""`mmsi_collision`: one MMSI reported by two transmitters.

The track segmenter (darkfleet.tracks.segmenter) records every *jump*: consecutive fixes of one
MMSI, from different transmitters, more than `jump_min_distance_m` apart at an implied speed above
`max_speed_kn`. An MMSI with at least `collision_min_jumps` jumps is a collision; start and end are
the first and last jump, the position that of the first jump's second fix.
"""

from __future__ import annotations

import polars as pl

from darkfleet.events.detector import EventDetector
from darkfleet.events.model import Tracks, Window, finish_events


class MmsiCollisionDetector(EventDetector):
    """Detects `mmsi_collision` events (see the module doc)."""

    event_type = "mmsi_collision"

    def collect(self, tracks: Tracks) -> pl.DataFrame:
        return tracks.jumps

    def events(self, gathered: pl.DataFrame, window: Window) -> pl.DataFrame:
        grouped = gathered.sort("mmsi", "ts").group_by("mmsi").agg(
            pl.col("ts").min().alias("start"), pl.col("ts").max().alias("end"),
            pl.col("lat").first(), pl.col("lon").first(), pl.len().alias("jumps"),
            pl.col("implied_speed_kn").max().round(1).alias("max_implied_speed_kn"),
            (pl.col("distance_m").max() / 1000).round(1).alias("max_distance_km"),
        ).filter(pl.col("jumps") >= self.settings.collision_min_jumps)
        segments = window.last.group_by("mmsi").agg(pl.len().alias("transmitters"))
        grouped = grouped.join(segments, on="mmsi", how="left")
        details = ["jumps", "transmitters", "max_implied_speed_kn", "max_distance_km"]
        return finish_events(self.event_type, grouped, details)
