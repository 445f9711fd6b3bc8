"""Events from static reports: identity changes and draught changes.

`identity_change`: a vessel's static reports (AIS types 5, 19 and 24) give another ship name, IMO
number or call sign than its previous reports did (empty values and IMO 0 are "not given" and change
nothing). `draught_change`: two consecutive reported draughts (type 5) differ by at least
`draught.min_change_m`. For both, start is the last report with the old value and end the first with
the new one; the position (and port, for draught changes) is the vessel's last fix at or before the
end. Both compare only reports less than `identity.max_span_days` (or `draught.max_span_days`) apart
with no coverage hole between them (a silence of every receiver, or two recordings years apart): a
change across a hole is not dated, so it is not reported."""

from __future__ import annotations

import polars as pl

from darkfleet.events.detector import Detector
from darkfleet.events.model import finish_events, no_hole_between
from darkfleet.events.settings import DraughtSettings, IdentitySettings
from darkfleet.tracks.model import Tracks, Window
from darkfleet.tracks.state_runs import lasts_at_least

IDENTITY = ("shipname", "imo", "callsign")


def _positioned(frame: pl.DataFrame, tracks: Tracks) -> pl.DataFrame:
    """`frame` (mmsi, end) with lat, lon and port of the vessel's last fix at or before end."""
    fixes = tracks.points.filter(pl.col("mmsi").is_in(frame.get_column("mmsi").implode())).select(
        "mmsi", pl.col("ts").alias("end"), "lat", "lon", "port").sort("end")
    return frame.sort("end").join_asof(fixes, on="end", by="mmsi", strategy="backward",
                                      check_sortedness=False)


def _dated(changes: pl.DataFrame, window: Window, max_span_days: float) -> pl.DataFrame:
    """The changes whose reports are less than `max_span_days` apart, with no coverage hole
    between them."""
    too_long = lasts_at_least(max_span_days * 24)
    return changes.filter(~too_long & no_hole_between(window.coverage))


class IdentityChangeDetector(Detector[IdentitySettings]):
    """Detects `identity_change` events (see the module doc)."""

    event_type = "identity_change"

    def collect(self, tracks: Tracks) -> pl.DataFrame:
        statics = tracks.statics.sort("mmsi", "ts", "carried", descending=[False, False, True])
        filled = statics.with_columns(
            [pl.col(c).forward_fill().over("mmsi").alias(c) for c in IDENTITY])
        prev = {c: pl.col(c).shift(1).over("mmsi") for c in IDENTITY}
        changed = {c: pl.col(c).is_not_null() & prev[c].is_not_null() & (pl.col(c) != prev[c])
                   for c in IDENTITY}
        steps = filled.with_columns(
            pl.col("ts").shift(1).over("mmsi").alias("start"), pl.col("ts").alias("end"),
            *[prev[c].alias(f"old_{c}") for c in IDENTITY],
            pl.concat_list([pl.when(changed[c]).then(pl.lit(c)) for c in IDENTITY])
            .list.drop_nulls().alias("changed"),
        ).filter(~pl.col("carried") & (pl.col("changed").list.len() > 0))
        steps = steps.select("mmsi", "start", "end", "changed",
                             *[f"old_{c}" for c in IDENTITY], *IDENTITY)
        return _positioned(steps, tracks).drop("port")

    def events(self, gathered: pl.DataFrame, window: Window) -> pl.DataFrame:
        detail = ["changed", *[f"old_{c}" for c in IDENTITY], *IDENTITY]
        return finish_events(self.event_type, _dated(gathered, window, self.settings.max_span_days),
                             detail)


class DraughtChangeDetector(Detector[DraughtSettings]):
    """Detects `draught_change` events (see the module doc)."""

    event_type = "draught_change"

    def collect(self, tracks: Tracks) -> pl.DataFrame:
        reports = tracks.statics.filter(pl.col("draught_m") > 0).sort(
            "mmsi", "ts", "carried", descending=[False, False, True])
        prev = pl.col("draught_m").shift(1).over("mmsi")
        steps = reports.with_columns(
            pl.col("ts").shift(1).over("mmsi").alias("start"), pl.col("ts").alias("end"),
            prev.alias("draught_before_m"), pl.col("draught_m").alias("draught_after_m"),
            (pl.col("draught_m") - prev).round(2).alias("change_m"),
        ).filter(~pl.col("carried") & (pl.col("change_m").abs()
                                       >= self.settings.min_change_m - 1e-9))
        steps = steps.select("mmsi", "start", "end", "draught_before_m", "draught_after_m",
                             "change_m")
        return _positioned(steps, tracks)

    def events(self, gathered: pl.DataFrame, window: Window) -> pl.DataFrame:
        return finish_events(self.event_type, _dated(gathered, window,
                                                     self.settings.max_span_days),
                             ["draught_before_m", "draught_after_m", "change_m"])
