"""Who a dark detection could be: vessels silent at its time that could have been there.

A vessel is a candidate for a dark detection at time `t` when one of its silences covers `t`
(its last fix before `t` and its first fix after are each more than `match_max_time_min` away,
and the silence lasts at most `candidate_max_silence_h`; after a vessel's last fix the silence is
open and only the time since it counts) and its reachable region holds the detection: the
distance from the last fix is at most its highest observed speed times the time since, and the
distance to the next fix at most that speed times the time until, each plus
`match_max_distance_m` for position error. The highest observed speed is the highest reported
speed up to `candidate_max_speed_kn` (higher ones are glitches), or `candidate_default_speed_kn`
for a vessel that never reported one above zero. A vessel whose AIS length differs from the
detection's by `length_tolerance` or more is no candidate. Candidates rank by detour (the extra
distance of passing the detection on the way from the last fix to the next; open silences last),
then by the speed they would have needed as a share of their highest. Pure: frames in, lists out.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from darkfleet.imagery.matching import MS_PER_HOUR, MS_PER_MIN, floats, ms
from darkfleet.imagery.settings import ImagerySettings
from darkfleet.timefmt import from_epoch_ms, iso_utc
from darkfleet.tracks.geo import METRES_PER_NM, haversine_m

_OPEN = np.iinfo(np.int64).max


def silences(positions: pl.DataFrame, settings: ImagerySettings) -> pl.DataFrame:
    """Every silence of every vessel longer than twice the match window: `mmsi`, `t0`, `lat0`,
    `lon0`, `t1` (int64 max when open), `lat1`, `lon1` and the vessel's `top_kn`."""
    window = round(settings.match_max_time_min * MS_PER_MIN)
    pos = positions.select("mmsi", pl.col("ts").dt.epoch("ms").alias("t0"),
                           pl.col("lat").alias("lat0"), pl.col("lon").alias("lon0")
                           ).sort("mmsi", "t0")
    same = pl.col("mmsi").shift(-1) == pl.col("mmsi")
    gaps = pos.with_columns(
        pl.when(same).then(pl.col("t0").shift(-1)).otherwise(_OPEN).alias("t1"),
        pl.when(same).then(pl.col("lat0").shift(-1)).alias("lat1"),
        pl.when(same).then(pl.col("lon0").shift(-1)).alias("lon1"),
    ).filter(pl.col("t1") - pl.col("t0") > 2 * window)
    top = positions.filter((pl.col("speed_kn") > 0)
                           & (pl.col("speed_kn") <= settings.candidate_max_speed_kn)).group_by(
        "mmsi").agg(pl.col("speed_kn").max().alias("top_kn"))
    return gaps.join(top, on="mmsi", how="left").with_columns(
        pl.col("top_kn").fill_null(settings.candidate_default_speed_kn)).sort("t0")


def candidates(detections: pl.DataFrame, dark: np.ndarray, quiet: pl.DataFrame,
               lengths: dict[int, float], settings: ImagerySettings) -> list[list[dict[str, Any]]]:
    """Ranked candidates (at most `candidates_max`) of each detection; empty unless `dark`."""
    out: list[list[dict[str, Any]]] = [[] for _ in range(detections.height)]
    pairs = _covering(detections, np.flatnonzero(dark), quiet, settings)
    if pairs.is_empty():
        return out
    pairs = _reachable(pairs, detections, lengths, settings)
    ranked = pairs.sort(["_det", "open", "detour_m", "need"]).group_by(
        "_det", maintain_order=True).head(settings.candidates_max)
    for row in ranked.iter_rows(named=True):
        listed = out[row["_det"]]
        listed.append(_describe(row, len(listed) + 1))
    return out


def _covering(detections: pl.DataFrame, dark: np.ndarray, quiet: pl.DataFrame,
              s: ImagerySettings) -> pl.DataFrame:
    """(dark detection, silence) pairs where the silence covers the detection time."""
    window = round(s.match_max_time_min * MS_PER_MIN)
    cap = round(s.candidate_max_silence_h * MS_PER_HOUR)
    t = ms(detections)[dark]
    t0 = quiet.get_column("t0").to_numpy()
    low = np.searchsorted(t0, t - cap, side="left")
    high = np.searchsorted(t0, t - window, side="left")
    counts = np.maximum(high - low, 0)
    det = np.repeat(dark, counts)
    rows = np.repeat(low - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()))
    pairs = quiet[rows].with_columns(pl.Series("_det", det, dtype=pl.Int64),
                                     pl.Series("t", np.repeat(t, counts), dtype=pl.Int64))
    open_ = pl.col("t1") == _OPEN
    covers = (pl.col("t1") > pl.col("t") + window) & (
        open_ | (pl.col("t1") - pl.col("t0") <= cap))
    return pairs.filter(covers).with_columns(open_.alias("open"))


def _reachable(pairs: pl.DataFrame, detections: pl.DataFrame, lengths: dict[int, float],
               s: ImagerySettings) -> pl.DataFrame:
    index = pairs.get_column("_det").to_numpy()
    lat, lon = floats(detections, "lat")[index], floats(detections, "lon")[index]
    p = {c: floats(pairs, c) for c in ("lat0", "lon0", "lat1", "lon1", "top_kn")}
    t, t0, t1 = (pairs.get_column(c).to_numpy() for c in ("t", "t0", "t1"))
    is_open = pairs.get_column("open").to_numpy()
    h0 = (t - t0) / MS_PER_HOUR
    h1 = np.where(is_open, np.nan, (t1 - t) / MS_PER_HOUR)
    d0 = haversine_m(p["lat0"], p["lon0"], lat, lon)
    d1 = np.where(is_open, np.nan, haversine_m(lat, lon, p["lat1"], p["lon1"]))
    direct = np.where(is_open, np.nan, haversine_m(p["lat0"], p["lon0"], p["lat1"], p["lon1"]))
    top_m_h = p["top_kn"] * METRES_PER_NM
    fits = (d0 <= top_m_h * h0 + s.match_max_distance_m) & (
        is_open | (d1 <= top_m_h * h1 + s.match_max_distance_m))
    det_len = floats(detections, "length_m")[index]
    ais_len = np.array([lengths.get(m, np.nan) for m in pairs.get_column("mmsi").to_list()])
    unlike = np.abs(det_len - ais_len) >= s.length_tolerance * ais_len
    need = np.fmax(d0 / h0, np.nan_to_num(d1 / h1, nan=0.0)) / METRES_PER_NM
    return pairs.with_columns(
        pl.Series("d0", d0), pl.Series("d1", d1), pl.Series("h0", h0), pl.Series("h1", h1),
        pl.Series("detour_m", np.where(is_open, np.inf, d0 + d1 - direct)),
        pl.Series("need", need / p["top_kn"]), pl.Series("need_kn", need),
        pl.Series("ais_length_m", ais_len),
    ).filter(pl.Series(fits & ~unlike))


def _describe(row: dict[str, Any], rank: int) -> dict[str, Any]:
    """One candidate as the Detection record lists it, with why in words."""
    last, nxt = iso_utc(from_epoch_ms(row["t0"])), (
        None if row["open"] else iso_utc(from_epoch_ms(row["t1"])))
    why = (f"silent since {last}" + (f" until {nxt}" if nxt else " (not heard since)")
           + f"; {row['d0'] / 1000:.1f} km from its last fix {row['h0']:.1f} h before")
    if not row["open"]:
        why += (f", {row['d1'] / 1000:.1f} km to its next fix {row['h1']:.1f} h after"
                f" (detour {row['detour_m'] / 1000:.1f} km)")
    why += f"; needs {row['need_kn']:.1f} kn of its highest {row['top_kn']:.1f} kn"
    detour = None if row["open"] else round(row["detour_m"], 1)
    return {"rank": rank, "mmsi": row["mmsi"], "last_fix_ts": last, "next_fix_ts": nxt,
            "distance_from_last_m": round(row["d0"], 1),
            "distance_to_next_m": None if row["open"] else round(row["d1"], 1),
            "detour_m": detour, "required_speed_kn": round(row["need_kn"], 2),
            "max_speed_kn": round(row["top_kn"], 2),
            "ais_length_m": None if np.isnan(row["ais_length_m"]) else row["ais_length_m"],
            "why": why}
