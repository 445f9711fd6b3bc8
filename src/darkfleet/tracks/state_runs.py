"""Runs: stretches of consecutive fixes of one track in the same state, and their bridging.

A *run* is a maximal sequence of consecutive fixes of one (mmsi, segment) whose state key (a port
code, a flag) is the same. Runs of the same key separated by at most `max_gap_h` (of fixes in
another state, or of no fixes at all) are *bridged* into one. Runs computed per day partition,
each day's points led by the previous day's last fix, join across midnight with no gap.
"""

from __future__ import annotations

import math

import polars as pl

from darkfleet.tracks.geo import MS_PER_HOUR

BY = ["mmsi", "segment"]


def previous(column: str, by: list[str] = BY) -> pl.Expr:
    """The value of `column` at the previous row of the same track (null at a track's first
    row), for frames sorted by `by` then time: a plain shift, cheaper than a window."""
    same = pl.all_horizontal([pl.col(k) == pl.col(k).shift(1) for k in by])
    return pl.when(same).then(pl.col(column).shift(1)).otherwise(None)


def runs(points: pl.DataFrame, key: pl.Expr, max_silence_h: float = math.inf,
         extra: tuple[pl.Expr, ...] = ()) -> pl.DataFrame:
    """Runs of non-null `key` over `points` sorted by mmsi, segment, ts; a silence (time
    between consecutive fixes) longer than `max_silence_h` also ends a run.

    Columns: mmsi, segment, key, start, end, n (fixes, not counting carried ones), lat, lon
    (mean), and the `extra` aggregations (over each run's fixes in time order).
    """
    keyed = points.with_columns(key.alias("key"))
    silence_ms = (pl.col("ts") - previous("ts")).dt.total_milliseconds()
    limit_ms = max_silence_h * MS_PER_HOUR
    new_track = ~pl.all_horizontal([pl.col(k) == pl.col(k).shift(1) for k in BY]).fill_null(False)
    changed = new_track | pl.col("key").ne_missing(pl.col("key").shift(1)) | (
        silence_ms > limit_ms).fill_null(False)
    keyed = keyed.with_columns(changed.cast(pl.Int64).cum_sum().alias("_run"))
    grouped = keyed.filter(pl.col("key").is_not_null()).group_by([*BY, "_run"]).agg(
        pl.col("key").first(),
        pl.col("ts").min().alias("start"),
        pl.col("ts").max().alias("end"),
        (~pl.col("carried")).sum().alias("n"),
        pl.col("lat").mean(),
        pl.col("lon").mean(),
        *extra,
    )
    return grouped.drop("_run").sort([*BY, "start"])


def bridge(parts: pl.DataFrame, max_gap_h: float, by: list[str] = BY,
           extra: tuple[pl.Expr, ...] = ()) -> pl.DataFrame:
    """Merge runs of one track and key that are at most `max_gap_h` apart (see module doc);
    `extra` aggregations merge the runs' extra columns (runs in start order)."""
    if parts.is_empty():
        return parts
    ordered = parts.sort([*by, "start", "end"])
    prev_end = pl.col("end").cum_max().shift(1).over(by)
    gap_ms = (pl.col("start") - prev_end).dt.total_milliseconds()
    new = (pl.col("key").ne_missing(pl.col("key").shift(1).over(by))
           | (gap_ms > max_gap_h * MS_PER_HOUR)).fill_null(True)
    ordered = ordered.with_columns(new.cast(pl.Int64).cum_sum().alias("_group"))
    weight = pl.col("n").clip(1)
    merged = ordered.group_by([*by, "_group"]).agg(
        pl.col("key").first(),
        pl.col("start").min(),
        pl.col("end").max(),
        pl.col("n").sum(),
        ((pl.col("lat") * weight).sum() / weight.sum()).alias("lat"),
        ((pl.col("lon") * weight).sum() / weight.sum()).alias("lon"),
        *extra,
    )
    return merged.drop("_group").sort([*by, "start"])


def lasts_at_least(hours: float, start: str = "start", end: str = "end") -> pl.Expr:
    """Whether `end` is at least `hours` after `start` (compared in whole milliseconds, so
    that exactly the threshold passes despite floating point)."""
    return (pl.col(end) - pl.col(start)).dt.total_milliseconds() >= round(hours * MS_PER_HOUR)


def duration_h(start: str = "start", end: str = "end") -> pl.Expr:
    """Hours between two datetime columns."""
    return (pl.col(end) - pl.col(start)).dt.total_milliseconds() / MS_PER_HOUR
