"""Events of staying: port calls (stops inside a port area) and loitering (slow, offshore).

Both are built on stop detection by runs: fixes in the state (in port P and slow; slow and far
from ports) form runs, runs of one state a short interruption apart are bridged, and those that
last long enough are events. Start and end are the first and last fix in the state.
"""

from __future__ import annotations

from typing import ClassVar

import polars as pl

from darkfleet.events.detector import EventDetector
from darkfleet.events.model import Tracks, Window, finish_events
from darkfleet.tracks.runs import bridge, lasts_at_least, runs


class _StayDetector(EventDetector):
    """A stay: runs of a state key, bridged over the interruption setting, long enough."""

    min_duration_setting: ClassVar[str]
    interruption_setting: ClassVar[str]
    key_column: ClassVar[str | None] = None  # where the run's key goes in the event

    def key(self) -> pl.Expr:
        raise NotImplementedError

    def collect(self, tracks: Tracks) -> pl.DataFrame:
        return runs(tracks.points, self.key(), self.settings.stay_max_silence_h)

    def events(self, gathered: pl.DataFrame, window: Window) -> pl.DataFrame:
        min_h = getattr(self.settings, self.min_duration_setting)
        max_gap_h = getattr(self.settings, self.interruption_setting)
        stays = bridge(gathered, max_gap_h).filter(lasts_at_least(min_h))
        last = window.last.select("mmsi", "segment", pl.col("ts").alias("last_ts"))
        stays = stays.join(last, on=["mmsi", "segment"], how="left").with_columns(
            (pl.col("end") >= pl.col("last_ts")).fill_null(False).alias("open"),
            pl.col("n").alias("fixes"),
        )
        if self.key_column:
            stays = stays.rename({"key": self.key_column})
        return finish_events(self.event_type, stays, ["segment", "fixes", "open"])


class PortCallDetector(_StayDetector):
    """`port_call`: inside a port area and slower than `port_call_max_speed_kn` for at least
    `port_call_min_duration_h`; fixes outside or faster for up to
    `port_call_max_interruption_h` do not end it. `open`: still in port at the vessel's last fix.
    """

    event_type = "port_call"
    min_duration_setting = "port_call_min_duration_h"
    interruption_setting = "port_call_max_interruption_h"
    key_column = "port"

    def key(self) -> pl.Expr:
        slow = pl.col("speed_kn") < self.settings.port_call_max_speed_kn
        return pl.when(slow).then(pl.col("port")).otherwise(None)


class LoiteringDetector(_StayDetector):
    """`loitering`: slower than `loitering_max_speed_kn` for at least `loitering_min_duration_h`,
    at least `loitering_min_port_distance_m` from any port area."""

    event_type = "loitering"
    min_duration_setting = "loitering_min_duration_h"
    interruption_setting = "loitering_max_interruption_h"

    def key(self) -> pl.Expr:
        s = self.settings
        state = (pl.col("speed_kn") < s.loitering_max_speed_kn) & (
            pl.col("port_dist_m") >= s.loitering_min_port_distance_m)
        return pl.when(state).then(pl.lit("loitering")).otherwise(None)
