"""Matching detections to AIS: each vessel placed at the detection's time, scored, assigned.

The rule (docs/imagery.md): a vessel is placed at a detection's time `t` from its fixes at most
`match_max_time_min` from `t`: interpolated linearly between the last fix before and the first
after when it has both, else dead-reckoned from the one it has (reported speed and course; the
fix itself when they are unknown). A vessel so placed at most `match_max_distance_m` from the
detection is a candidate, scored in [0, 1] as the weighted mean of distance (1 at 0 m, 0 at the
limit), time to the nearest fix (1 at 0, 0 at the limit), length agreement (AIS dimensions;
1 when equal, 0 at `length_tolerance` relative difference) and heading agreement (AIS course;
1 when equal, 0 at `heading_tolerance_deg`), the last two only where both sides are known.
Assignment is one-to-one within a scene and maximises the total score (`assignment`); a
detection may stay unmatched. Pure: frames in, frames out.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from darkfleet.imagery.assignment import assign_pairs
from darkfleet.imagery.grid import FloatArray, IntArray, near_pairs
from darkfleet.imagery.settings import ImagerySettings
from darkfleet.tracks.geo import EARTH_RADIUS_M, METRES_PER_NM, haversine_m

MS_PER_MIN = 60_000
MS_PER_HOUR = 3_600_000

#: Detections as matching reads them (`scene` is the scene key; lengths and headings nullable).
DETECTION_FRAME = {"ts": pl.Datetime("ms", "UTC"), "lat": pl.Float64, "lon": pl.Float64,
                   "length_m": pl.Float64, "heading_deg": pl.Float64, "scene": pl.String}
#: AIS fixes as matching reads them (vessels only).
POSITION_FRAME = {"mmsi": pl.Int64, "ts": pl.Datetime("ms", "UTC"), "lat": pl.Float64,
                  "lon": pl.Float64, "speed_kn": pl.Float64, "course_deg": pl.Float64}
#: Columns `match` returns, one row per detection, in the detections' order.
MATCH_FRAME = {"matched_mmsi": pl.Int64, "match_distance_m": pl.Float64,
               "match_score": pl.Float64, "match_time_min": pl.Float64}


def ms(frame: pl.DataFrame, column: str = "ts") -> IntArray:
    return frame.get_column(column).dt.epoch("ms").to_numpy().astype(np.int64)


def floats(frame: pl.DataFrame, column: str) -> FloatArray:
    return frame.get_column(column).cast(pl.Float64).fill_null(np.nan).to_numpy()


def match(detections: pl.DataFrame, positions: pl.DataFrame, lengths: dict[int, float],
          settings: ImagerySettings) -> pl.DataFrame:
    """`MATCH_FRAME` for `detections` (`DETECTION_FRAME`) against `positions`
    (`POSITION_FRAME`, any order); `lengths` maps MMSI to AIS length in metres."""
    pairs = placed_pairs(detections, positions, settings)
    pairs = _score(pairs, detections, lengths, settings)
    chosen = assign(pairs, detections.get_column("scene").to_list())
    out = pl.DataFrame({"_det": np.arange(detections.height, dtype=np.int64)})
    return out.join(chosen, on="_det", how="left").sort("_det").select(
        pl.col("mmsi").alias("matched_mmsi"), pl.col("distance_m").round(1).alias(
            "match_distance_m"), pl.col("score").round(4).alias("match_score"),
        pl.col("dt_min").round(2).alias("match_time_min"))


def placed_pairs(detections: pl.DataFrame, positions: pl.DataFrame,
                 settings: ImagerySettings) -> pl.DataFrame:
    """Every (detection, vessel) with the vessel placed within the distance limit:
    `_det`, `mmsi`, `distance_m`, `dt_min` (to the nearest fix used), `course_deg`."""
    window = round(settings.match_max_time_min * MS_PER_MIN)
    reach = settings.match_max_speed_kn * METRES_PER_NM / MS_PER_HOUR
    det_ts, pos_ts = ms(detections), ms(positions)
    det_lat, det_lon = floats(detections, "lat"), floats(detections, "lon")
    pos_lat, pos_lon = floats(positions, "lat"), floats(positions, "lon")
    radius = settings.match_max_distance_m + reach * window
    det, fix = near_pairs(det_ts, det_lat, det_lon, pos_ts, pos_lat, pos_lon, window, radius)
    dt = pos_ts[fix] - det_ts[det]
    gap = haversine_m(pos_lat[fix], pos_lon[fix], det_lat[det], det_lon[det])
    keep = gap <= settings.match_max_distance_m + reach * np.abs(dt)
    det, fix, dt = det[keep], fix[keep], dt[keep]
    mmsi = positions.get_column("mmsi").to_numpy()[fix]
    frame = pl.DataFrame({"_det": det, "mmsi": mmsi, "_fix": fix, "dt": dt})
    placed = _placements(frame, positions, det_ts, window)
    lat, lon = placed.pop("lat"), placed.pop("lon")
    index = placed["_det"]
    distance = haversine_m(lat, lon, det_lat[index], det_lon[index])
    out = pl.DataFrame(placed).with_columns(pl.Series("distance_m", distance))
    return out.filter(pl.col("distance_m") <= settings.match_max_distance_m)


def _placements(frame: pl.DataFrame, positions: pl.DataFrame, det_ts: IntArray,
                window: int) -> dict[str, np.ndarray]:
    """Per (detection, vessel): the vessel's position and course at the detection time."""
    before = frame.filter(pl.col("dt") <= 0).group_by("_det", "mmsi").agg(
        pl.col("_fix").sort_by("dt").last().alias("b"))
    after = frame.filter(pl.col("dt") > 0).group_by("_det", "mmsi").agg(
        pl.col("_fix").sort_by("dt").first().alias("a"))
    both = before.join(after, on=["_det", "mmsi"], how="full", coalesce=True).sort(
        "_det", "mmsi")
    det = both.get_column("_det").to_numpy().astype(np.int64)
    b = both.get_column("b").fill_null(-1).to_numpy().astype(np.int64)
    a = both.get_column("a").fill_null(-1).to_numpy().astype(np.int64)
    ts, lat, lon = ms(positions), floats(positions, "lat"), floats(positions, "lon")
    sog, cog = floats(positions, "speed_kn"), floats(positions, "course_deg")
    t = det_ts[det]
    one = np.where(b >= 0, b, a)
    dt_one = (t - ts[one]) / MS_PER_HOUR
    dlat, dlon = _reckon(lat[one], sog[one], cog[one], dt_one)
    plat, plon, course = lat[one] + dlat, lon[one] + dlon, cog[one]
    two = (b >= 0) & (a >= 0)
    bi, ai = b[two], a[two]
    share = (t[two] - ts[bi]) / np.maximum(ts[ai] - ts[bi], 1)
    wrapped = (lon[ai] - lon[bi] + 180) % 360 - 180
    plat[two] = lat[bi] + (lat[ai] - lat[bi]) * share
    plon[two] = lon[bi] + wrapped * share
    moved = haversine_m(lat[bi], lon[bi], lat[ai], lon[ai]) > 100
    course[two] = np.where(moved, _bearing(lat[bi], lon[bi], lat[ai], lon[ai]), cog[bi])
    nearest = np.minimum(np.where(b >= 0, t - ts[np.maximum(b, 0)], window),
                         np.where(a >= 0, ts[np.maximum(a, 0)] - t, window))
    return {"_det": det, "mmsi": both.get_column("mmsi").to_numpy(), "lat": plat, "lon": plon,
            "dt_min": nearest / MS_PER_MIN, "course_deg": course}


def _reckon(lat: FloatArray, sog: FloatArray, cog: FloatArray, hours: FloatArray
            ) -> tuple[FloatArray, FloatArray]:
    """Degrees moved in `hours` at `sog` knots on course `cog` (nothing where unknown)."""
    metres = np.nan_to_num(sog * METRES_PER_NM * hours)
    angle = np.radians(np.nan_to_num(cog))
    north, east = metres * np.cos(angle), metres * np.sin(angle)
    dlat = np.degrees(north / EARTH_RADIUS_M)
    dlon = np.degrees(east / (EARTH_RADIUS_M * np.maximum(np.cos(np.radians(lat)), 1e-6)))
    return dlat, dlon


def _bearing(lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray
             ) -> FloatArray:
    p1, p2, dl = np.radians(lat1), np.radians(lat2), np.radians(lon2 - lon1)
    y = np.sin(dl) * np.cos(p2)
    x = np.cos(p1) * np.sin(p2) - np.sin(p1) * np.cos(p2) * np.cos(dl)
    return np.asarray(np.degrees(np.arctan2(y, x)) % 360)


def _score(pairs: pl.DataFrame, detections: pl.DataFrame, lengths: dict[int, float],
           s: ImagerySettings) -> pl.DataFrame:
    """`pairs` with `score`: the weighted mean of the known agreement terms."""
    index = pairs.get_column("_det").to_numpy().astype(np.int64)
    det_len = floats(detections, "length_m")[index]
    det_head = floats(detections, "heading_deg")[index]
    ais_len = np.array([lengths.get(m, np.nan) for m in pairs.get_column("mmsi").to_list()],
                       dtype=np.float64)
    course = pairs.get_column("course_deg").fill_null(np.nan).to_numpy()
    near = pairs.get_column("distance_m").to_numpy() / s.match_max_distance_m
    terms = [(s.weight_distance, 1 - near),
             (s.weight_time, 1 - pairs.get_column("dt_min").to_numpy() / s.match_max_time_min),
             (s.weight_length, 1 - np.minimum(np.abs(det_len - ais_len)
                                              / (s.length_tolerance * ais_len), 1)),
             (s.weight_heading, 1 - np.minimum(_angle(det_head, course)
                                               / s.heading_tolerance_deg, 1))]
    total = np.zeros(len(index))
    weights = np.zeros(len(index))
    for weight, value in terms:
        known = np.isfinite(value)
        total += np.where(known, weight * np.nan_to_num(value), 0.0)
        weights += np.where(known, weight, 0.0)
    score = np.clip(total / np.maximum(weights, 1e-12), 0.0, 1.0)
    return pairs.with_columns(pl.Series("score", score))


def _angle(a: FloatArray, b: FloatArray) -> FloatArray:
    diff = np.abs(a - b) % 360
    return np.asarray(np.minimum(diff, 360 - diff))


def assign(pairs: pl.DataFrame, scenes: list[str]) -> pl.DataFrame:
    """One-to-one within each scene, maximising the total score (see `assignment`)."""
    ordered = pairs.sort(["score", "distance_m", "mmsi", "_det"],
                         descending=[True, False, False, False])
    dets = ordered.get_column("_det").to_list()
    vessels = [(scenes[d], m) for d, m in zip(dets, ordered.get_column("mmsi").to_list(),
                                                strict=True)]
    rows = assign_pairs(dets, vessels, ordered.get_column("score").to_list())
    return ordered[rows].select("_det", "mmsi", "distance_m", "score", "dt_min")
