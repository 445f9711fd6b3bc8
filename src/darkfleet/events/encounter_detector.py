"""`encounter`: two vessels side by side, slow, away from ports (ship-to-ship transfer candidate).

Fixes slower than `encounter.max_speed_kn` and at least `encounter.min_port_distance_m` from every
port area are averaged per vessel track in time bins of `encounter.time_step_min`. Two tracks of
different MMSIs whose bin positions are within `encounter.max_distance_m` are together in that
bin; bins together, bridged over at most `encounter.max_interruption_h` without, for at least
`encounter.min_duration_h` make an encounter. Start and end are the later first fix and the
earlier last fix of the two in the first and last bins. Pairs are found through a grid of cells
(exact up to about 70 degrees of latitude). Two vessels moored side by side in port are not an
encounter: they are inside a port area.
"""

from __future__ import annotations

import polars as pl

from darkfleet.events.detector import Detector
from darkfleet.events.model import finish_events
from darkfleet.events.settings import EncounterSettings
from darkfleet.tracks.geo import haversine_expr
from darkfleet.tracks.model import Tracks, Window
from darkfleet.tracks.state_runs import bridge, lasts_at_least

PAIR = ["mmsi", "other_mmsi"]


class EncounterDetector(Detector[EncounterSettings]):
    """Detects `encounter` events (see the module doc)."""

    event_type = "encounter"

    def collect(self, tracks: Tracks) -> pl.DataFrame:
        return self.pairs(self.bins(tracks))

    def bins(self, tracks: Tracks) -> pl.DataFrame:
        """Each vessel track's slow fixes away from ports, averaged per time bin (with its grid
        cell): the per-vessel half of `collect`."""
        s = self.settings
        step_ms = int(s.time_step_min * 60_000)
        slow = tracks.points.filter(
            ~pl.col("carried") & (pl.col("speed_kn") < s.max_speed_kn)
            & (pl.col("port_dist_m") >= s.min_port_distance_m))
        bins = slow.group_by("mmsi", "segment", (pl.col("ts").dt.epoch("ms") // step_ms)
                            .alias("bin")).agg(
            pl.col("lat").mean(), pl.col("lon").mean(),
            pl.col("ts").min().alias("t0"), pl.col("ts").max().alias("t1"))
        dlat = s.max_distance_m / 100_000.0
        bins = bins.with_columns((pl.col("lat") // dlat).cast(pl.Int64).alias("cy"),
                                 (pl.col("lon") // (3 * dlat)).cast(pl.Int64).alias("cx"))
        return bins

    def pairs(self, bins: pl.DataFrame) -> pl.DataFrame:
        """The pairs of different vessels within range in the same time bin, from `bins` of
        one chunk (of every vessel): the pairwise half of `collect`."""
        s = self.settings
        near = pl.concat([bins.with_columns(pl.col("cy") + dy, pl.col("cx") + dx)
                          for dy in (-1, 0, 1) for dx in (-1, 0, 1)])
        pairs = bins.join(near, on=["bin", "cy", "cx"], suffix="_b").filter(
            pl.col("mmsi") < pl.col("mmsi_b"))
        dist = haversine_expr(pl.col("lat"), pl.col("lon"), pl.col("lat_b"), pl.col("lon_b"))
        pairs = pairs.filter(dist <= s.max_distance_m)
        return pairs.select(
            "mmsi", pl.col("mmsi_b").alias("other_mmsi"),
            pl.col("mmsi_b").cast(pl.String).alias("key"),
            pl.max_horizontal("t0", "t0_b").alias("start"),
            pl.min_horizontal("t1", "t1_b").alias("end"),
            pl.lit(1, pl.UInt32).alias("n"),
            ((pl.col("lat") + pl.col("lat_b")) / 2).alias("lat"),
            ((pl.col("lon") + pl.col("lon_b")) / 2).alias("lon"),
        )

    def events(self, gathered: pl.DataFrame, window: Window) -> pl.DataFrame:
        s = self.settings
        merged = bridge(gathered, s.max_interruption_h, by=PAIR)
        merged = merged.filter(lasts_at_least(s.min_duration_h)).rename({"n": "bins"})
        return finish_events(self.event_type, merged, ["bins"])
