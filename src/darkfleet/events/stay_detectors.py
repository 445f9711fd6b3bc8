"""Events of staying: port calls (stops inside a port area) and loitering (slow, offshore).

Both are built on stop detection by runs: fixes in the state (in port P and stopped; slow and far
from ports) form runs, runs of one state a short interruption apart are bridged, and those that
last long enough are events. Start and end are the first and last fix in the state.

Port calls follow Global Fishing Watch's anchorage model with hysteresis: a vessel enters a port
within its area (3 km around a point by default) and leaves it only beyond `port_call.exit_margin_m`
more; a stop begins below `port_call.stop_speed_kn` and ends above `port_call.max_speed_kn`.
`details.confidence` grades a call as GFW grades port visits: 4 when the entry, the stop and the
exit were all seen, 3 when the entry or the exit was, 2 for a stop (or an in-port silence longer
than `port_call.gap_h`, `details.port_gap`) seen alone: the "transmits only in port" pattern. An
entry (exit) is seen when the vessel was heard outside the port at most `port_call.gap_h` before
(after) the call. A track (or a day's chunk) that opens between the two speeds counts as stopped.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

import polars as pl

from darkfleet.events.detector import Detector
from darkfleet.events.model import finish_events
from darkfleet.events.settings import LoiteringSettings, PortCallSettings
from darkfleet.tracks.geo import MS_PER_HOUR
from darkfleet.tracks.model import Tracks, Window
from darkfleet.tracks.state_runs import bridge, lasts_at_least, runs

Stay = TypeVar("Stay", PortCallSettings, LoiteringSettings)


class _StayDetector(Detector[Stay]):
    """A stay: runs of a state key, bridged over `max_interruption_h`, at least
    `min_duration_h` long; a silence over `max_silence_h` ends a run."""

    key_column: ClassVar[str | None] = None  # where the run's key goes in the event

    def key(self) -> pl.Expr:
        raise NotImplementedError

    def prepare(self, points: pl.DataFrame) -> pl.DataFrame:
        return points

    def extra(self) -> tuple[tuple[pl.Expr, ...], tuple[pl.Expr, ...]]:
        """Extra aggregations of a run, and how bridging merges them."""
        return (), ()

    def collect(self, tracks: Tracks) -> pl.DataFrame:
        return runs(self.prepare(tracks.points), self.key(), self.settings.max_silence_h,
                    self.extra()[0])

    def details(self, stays: pl.DataFrame) -> tuple[pl.DataFrame, list[str]]:
        return stays, ["segment", "fixes", "open"]

    def events(self, gathered: pl.DataFrame, window: Window) -> pl.DataFrame:
        s = self.settings
        stays = bridge(gathered, s.max_interruption_h, extra=self.extra()[1]).filter(
            lasts_at_least(s.min_duration_h))
        last = window.last.select("mmsi", "segment", pl.col("ts").alias("last_ts"))
        stays = stays.join(last, on=["mmsi", "segment"], how="left").with_columns(
            (pl.col("end") >= pl.col("last_ts")).fill_null(False).alias("open"),
            pl.col("n").alias("fixes"),
        )
        if self.key_column:
            stays = stays.rename({"key": self.key_column})
        stays, details = self.details(stays)
        return finish_events(self.event_type, stays, details)


class PortCallDetector(_StayDetector[PortCallSettings]):
    """`port_call`: in a port area (with the exit hysteresis) and stopped (below
    `port_call.stop_speed_kn` until above `port_call.max_speed_kn`) for at least
    `port_call.min_duration_h`; fixes outside or moving for up to
    `port_call.max_interruption_h` do not end it. `open`: still in port at the vessel's last fix.
    `confidence` and `port_gap`: see the module doc.
    """

    event_type = "port_call"
    key_column = "port"

    def prepare(self, points: pl.DataFrame) -> pl.DataFrame:
        s = self.settings
        track = ["mmsi", "segment"]
        area = (pl.when(pl.col("port").is_not_null()).then(pl.col("port"))
                .when(pl.col("port_dist_m") > s.exit_margin_m).then(pl.lit(""))
                .otherwise(None).forward_fill().over(track))
        stopped = (pl.when(pl.col("speed_kn") < s.stop_speed_kn).then(True)
                   .when(pl.col("speed_kn") > s.max_speed_kn).then(False)
                   .otherwise(None).forward_fill().over(track)
                   .fill_null(pl.col("speed_kn") <= s.max_speed_kn))
        marked = points.with_columns(area.replace("", None).alias("_visit"),
                                     stopped.alias("_stopped"))
        out_ts = pl.when(pl.col("_visit").is_null()).then(pl.col("ts"))
        return marked.with_columns(
            out_ts.forward_fill().shift(1).over(track).alias("_out_before"),
            out_ts.backward_fill().shift(-1).over(track).alias("_out_after"),
            (pl.col("ts") - pl.col("ts").shift(1)).over(track).dt.total_milliseconds()
            .alias("_silence_ms"))

    def key(self) -> pl.Expr:
        return pl.when(pl.col("_stopped")).then(pl.col("_visit")).otherwise(None)

    def extra(self) -> tuple[tuple[pl.Expr, ...], tuple[pl.Expr, ...]]:
        per_run = (pl.col("_out_before").first().alias("entry_ts"),
                   pl.col("_out_after").last().alias("exit_ts"),
                   pl.col("_silence_ms").slice(1).max().alias("silence_ms"))
        merged = (pl.col("entry_ts").first(), pl.col("exit_ts").last(),
                  pl.col("silence_ms").max())
        return per_run, merged

    def details(self, stays: pl.DataFrame) -> tuple[pl.DataFrame, list[str]]:
        gap_ms = round(self.settings.gap_h * MS_PER_HOUR)
        seen_in = ((pl.col("start") - pl.col("entry_ts")).dt.total_milliseconds() <= gap_ms)
        seen_out = ((pl.col("exit_ts") - pl.col("end")).dt.total_milliseconds() <= gap_ms)
        graded = stays.with_columns(
            (2 + seen_in.fill_null(False).cast(pl.Int64) + seen_out.fill_null(False)
             .cast(pl.Int64)).alias("confidence"),
            (pl.col("silence_ms").fill_null(0) > gap_ms).alias("port_gap"))
        return graded, ["segment", "fixes", "open", "confidence", "port_gap"]


class LoiteringDetector(_StayDetector[LoiteringSettings]):
    """`loitering`: slower than `loitering.max_speed_kn` for at least `loitering.min_duration_h`,
    at least `loitering.min_port_distance_m` from any port area."""

    event_type = "loitering"

    def key(self) -> pl.Expr:
        s = self.settings
        state = (pl.col("speed_kn") < s.max_speed_kn) & (
            pl.col("port_dist_m") >= s.min_port_distance_m)
        return pl.when(state).then(pl.lit("loitering")).otherwise(None)
