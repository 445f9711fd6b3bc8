"""Telling transmitters apart: one MMSI, several physical ships (or one ship and a spoofer).

Two consecutive fixes of one MMSI are an *impossible jump* when they are more than
`jump_min_distance_m` apart and the implied speed between them is above `max_speed_kn` (the
`TrackSettings`, `detect.tracks.*`). MMSIs without jumps keep one segment (segment 0, or the one
carried from the previous day). For MMSIs with jumps, each fix goes, in time order, to the nearest
open segment it can reach without an impossible jump, or opens a new one (the approach of Global
Fishing Watch's segmenter). There, a segment with fewer than `segment_min_fixes` fixes in the chunk,
and none before, is a spike: its fixes are dropped. What the next day needs (the last fix of every
segment) is returned as the carry."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from darkfleet.tracks.geo import METRES_PER_NM, MS_PER_HOUR, haversine_expr, haversine_m
from darkfleet.tracks.settings import TrackSettings
from darkfleet.tracks.state_runs import previous

#: The carry: last fix of every segment seen so far, with how many fixes it had.
CARRY_SCHEMA: dict[str, pl.DataType] = {
    "mmsi": pl.Int64(), "segment": pl.Int32(), "ts": pl.Datetime("ms", "UTC"),
    "lat": pl.Float64(), "lon": pl.Float64(), "speed_kn": pl.Float64(),
    "course_deg": pl.Float64(), "receiver": pl.String(), "n": pl.Int64()}


@dataclass(frozen=True, slots=True)
class Segmented:
    """Segmented fixes (`carried` marks the previous day's last fixes), jumps and the new carry."""

    points: pl.DataFrame
    jumps: pl.DataFrame
    carry: pl.DataFrame


def empty_carry() -> pl.DataFrame:
    return pl.DataFrame(schema=CARRY_SCHEMA)


def _impossible(settings: TrackSettings) -> pl.Expr:
    dist = pl.col("distance_m")
    hours = pl.col("dt_ms") / MS_PER_HOUR
    speed_limit_m = settings.max_speed_kn * METRES_PER_NM
    return (dist > settings.jump_min_distance_m) & (dist > hours * speed_limit_m)


def _with_steps(frame: pl.DataFrame, over: list[str]) -> pl.DataFrame:
    prev = {c: previous(c, over) for c in ("lat", "lon", "ts")}
    return frame.with_columns(
        haversine_expr(prev["lat"], prev["lon"], pl.col("lat"), pl.col("lon")).alias("distance_m"),
        (pl.col("ts") - prev["ts"]).dt.total_milliseconds().alias("dt_ms"),
    )


def segment(points: pl.DataFrame, carry: pl.DataFrame, settings: TrackSettings) -> Segmented:
    """Assign a `segment` to every fix of `points` (sorted by mmsi, ts), continuing `carry`."""
    if "receiver" not in points.columns:
        points = points.with_columns(pl.lit(None, pl.String).alias("receiver"))
    carried = carry.drop("n").with_columns(pl.lit(True).alias("carried"))
    fresh = points.with_columns(pl.lit(None, pl.Int32).alias("segment"),
                                pl.lit(False).alias("carried"))
    both = pl.concat([carried, fresh.select(carried.columns)], how="vertical")
    both = _with_steps(both.sort(["mmsi", "ts", "carried"], descending=[False, False, True]),
                       ["mmsi"])
    complex_ids = both.filter(_impossible(settings)).get_column("mmsi").unique()
    multi = carry.group_by("mmsi").len().filter(pl.col("len") > 1).get_column("mmsi")
    complex_ids = pl.concat([complex_ids, multi]).unique()
    is_complex = pl.col("mmsi").is_in(complex_ids.implode())
    simple = both.filter(~is_complex).with_columns(
        pl.col("segment").fill_null(strategy="forward").over("mmsi").fill_null(0))
    hard = _drop_spikes(_assign_sequentially(both.filter(is_complex), settings), carry, settings)
    merged = simple.drop("distance_m", "dt_ms")
    if hard.height:
        merged = pl.concat([merged, hard], how="vertical").sort(["mmsi", "ts", "segment"])
    jumps = _jumps(hard.sort(["mmsi", "ts", "segment"]), settings)
    return Segmented(merged, jumps, _next_carry(merged, carry))


def _assign_sequentially(frame: pl.DataFrame, settings: TrackSettings) -> pl.DataFrame:
    if frame.is_empty():
        return frame.drop("distance_m", "dt_ms")
    parts = [_assign_one(group, settings) for _, group in frame.group_by("mmsi",
                                                                          maintain_order=True)]
    return pl.concat(parts, how="vertical")


def _assign_one(group: pl.DataFrame, settings: TrackSettings) -> pl.DataFrame:
    ts = group.get_column("ts").dt.epoch("ms").to_numpy()
    lat, lon = group.get_column("lat").to_numpy(), group.get_column("lon").to_numpy()
    seg = group.get_column("segment").to_numpy().astype(np.float64)  # NaN where unassigned
    open_ids: list[int] = []
    last: list[tuple[int, float, float]] = []
    limit_m_per_ms = settings.max_speed_kn * METRES_PER_NM / MS_PER_HOUR
    for i in range(len(ts)):
        if not np.isnan(seg[i]):  # a carried fix: its segment is open
            open_ids.append(int(seg[i]))
            last.append((int(ts[i]), lat[i], lon[i]))
            continue
        chosen = -1
        if last:
            arr = np.array(last)
            dist = haversine_m(arr[:, 1], arr[:, 2], lat[i], lon[i])
            ok = (dist <= settings.jump_min_distance_m) | (
                dist <= (ts[i] - arr[:, 0]) * limit_m_per_ms)
            if ok.any():
                chosen = int(np.argmin(np.where(ok, dist, np.inf)))
        if chosen < 0:
            open_ids.append(max(open_ids, default=-1) + 1)
            last.append((int(ts[i]), lat[i], lon[i]))
            chosen = len(open_ids) - 1
        seg[i] = open_ids[chosen]
        last[chosen] = (int(ts[i]), lat[i], lon[i])
    return group.drop("distance_m", "dt_ms").with_columns(
        pl.Series("segment", seg.astype(np.int32)))


def _drop_spikes(frame: pl.DataFrame, carry: pl.DataFrame,
                 settings: TrackSettings) -> pl.DataFrame:
    counts = frame.filter(~pl.col("carried")).group_by("mmsi", "segment").len()
    before = carry.select("mmsi", "segment", "n")
    counts = counts.join(before, on=["mmsi", "segment"], how="left")
    spikes = counts.filter((pl.col("len") < settings.segment_min_fixes) & pl.col("n").is_null())
    return frame.join(spikes.select("mmsi", "segment"), on=["mmsi", "segment"], how="anti")


def _jumps(frame: pl.DataFrame, settings: TrackSettings) -> pl.DataFrame:
    steps = _with_steps(frame, ["mmsi"]).with_columns(
        (pl.col("segment") != previous("segment", ["mmsi"])).alias("switch"))
    jumps = steps.filter(pl.col("switch") & ~pl.col("carried") & _impossible(settings))
    return jumps.select(
        "mmsi", "ts", "lat", "lon", "distance_m",
        (pl.col("distance_m") / METRES_PER_NM / (pl.col("dt_ms").clip(1) / MS_PER_HOUR))
        .alias("implied_speed_kn"),
    )


def _next_carry(frame: pl.DataFrame, carry: pl.DataFrame) -> pl.DataFrame:
    fresh = frame.filter(~pl.col("carried"))
    counts = fresh.group_by("mmsi", "segment").len().rename({"len": "added"})
    last = fresh.group_by("mmsi", "segment").last().drop("carried")
    updated = last.join(counts, on=["mmsi", "segment"]).join(
        carry.select("mmsi", "segment", "n"), on=["mmsi", "segment"], how="left"
    ).with_columns((pl.col("n").fill_null(0) + pl.col("added")).alias("n")).drop("added")
    kept = carry.join(last.select("mmsi", "segment"), on=["mmsi", "segment"], how="anti")
    return pl.concat([kept, updated.select(list(CARRY_SCHEMA))], how="vertical").sort(
        "mmsi", "segment")
