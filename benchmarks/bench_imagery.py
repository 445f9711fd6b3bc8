"""Imagery: matching detections to AIS at scale, against a per-detection scan, and the
acceptance figures of the simulated scenario over 20 seeds.

Positions: DARKFLEET_BENCH_IMAGERY_VESSELS vessels (default 3,200) reporting every 6.5 min for
DARKFLEET_BENCH_IMAGERY_DAYS days (default 30): about 21 million fixes over the sea between
30-45 N and 120-140 E, each vessel on a zigzag at 8 to 14 kn, a tenth of them silent 8 h a day.
Detections: DARKFLEET_BENCH_IMAGERY_SCENES scenes (default 1,000) of 3 x 3 degrees at random
times, each detecting every vessel inside (150 m error) plus false alarms: about 100,000.
Both are made in memory by a vectorised generator (no workspace), so the figures are the
matching core's (`fuse`: pairs, placement, scores, assignment, dark candidates).

Baseline: the same rule as a straightforward scan, detection by detection, over every fix
(a mask of the fixes within 30 min, then per vessel the fixes around the time, interpolation and
distance). It is run on DARKFLEET_BENCH_IMAGERY_BASELINE detections (default 200) and scaled
linearly to all of them; the (detection, vessel) pairs it finds are checked against the fast
path's for those detections. Times are CPU seconds of the process (all threads) beside wall
seconds, since on a shared machine wall time mostly measures the other processes.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

STEP_MS = 390_000  # 6.5 min
START_MS = 1_690_848_000_000  # 2023-08-01T00:00:00Z
BOX = (30.0, 120.0, 45.0, 140.0)
TS = pl.Datetime("ms", "UTC")


def run(out: Path) -> list[dict[str, Any]]:
    del out
    vessels = int(os.environ.get("DARKFLEET_BENCH_IMAGERY_VESSELS", "3200"))
    days = float(os.environ.get("DARKFLEET_BENCH_IMAGERY_DAYS", "30"))
    scenes = int(os.environ.get("DARKFLEET_BENCH_IMAGERY_SCENES", "1000"))
    sample = int(os.environ.get("DARKFLEET_BENCH_IMAGERY_BASELINE", "200"))
    fleet = _fleet(vessels)
    positions = _positions(fleet, days)
    dets = _detections(fleet, days, scenes)
    size = f"{dets.height:,} detections, {positions.height:,} positions"
    rows = _timed_rows(dets, positions, size, sample)
    rows += acceptance_rows(int(os.environ.get("DARKFLEET_BENCH_IMAGERY_SEEDS", "20")))
    return rows


def _row(metric: str, value: float | int | str, unit: str, note: str = "") -> dict[str, Any]:
    return {"benchmark": "imagery", "metric": metric, "value": value, "unit": unit,
            "note": note}


def _timed_rows(dets: pl.DataFrame, positions: pl.DataFrame, size: str,
                sample: int) -> list[dict[str, Any]]:
    from darkfleet.imagery.fusion import fuse, scene_expr
    from darkfleet.imagery.matching import placed_pairs
    from darkfleet.imagery.settings import ImagerySettings

    settings = ImagerySettings()
    load = f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    (fused, fast_s, fast_cpu) = _clocked(lambda: fuse(dets, positions, {}, settings))
    rng = np.random.default_rng(3)
    chosen = np.sort(rng.choice(dets.height, min(sample, dets.height), replace=False))
    picked = dets[chosen].with_columns(scene_expr().alias("scene"))
    (pairs, _, pairs_cpu) = _clocked(lambda: placed_pairs(picked, positions, settings))
    (slow, slow_s, slow_cpu) = _clocked(lambda: _baseline(picked, positions, settings))
    scale = dets.height / picked.height
    fast_set = set(zip(pairs.get_column("_det").to_list(), pairs.get_column("mmsi").to_list(),
                       strict=True))
    agree = "yes" if fast_set == slow else f"NO ({len(fast_set ^ slow)} differ)"
    matched = int(fused.get_column("matched_mmsi").is_not_null().sum())
    return [
        _row("fuse CPU time", fast_cpu, "s", f"{size}: match, assign, dark candidates"),
        _row("fuse wall time", fast_s, "s", load),
        _row("matched", matched, "detections", f"{int(fused.get_column('dark').sum()):,} dark"),
        _row("per-detection scan CPU time (scaled)", slow_cpu * scale, "s",
             f"{picked.height} detections took {slow_cpu:.2f} s CPU ({slow_s:.2f} s wall), "
             f"scaled to {dets.height:,}"),
        _row("speed-up over the scan (CPU)", slow_cpu * scale / fast_cpu, "x",
             "the whole fuse against the scan's pairs alone"),
        _row("pairs agree with the scan", agree, "", f"{picked.height} detections, "
             f"{len(slow)} pairs; the fast path took {pairs_cpu:.2f} s CPU on them"),
    ]


def _clocked(work: Any) -> tuple[Any, float, float]:
    """(result, wall seconds, CPU seconds of this process, all threads) of `work()`."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def _baseline(dets: pl.DataFrame, positions: pl.DataFrame, settings: Any) -> set[tuple[int, int]]:
    """(detection, vessel) pairs placed within the limit, one detection at a time."""
    from darkfleet.tracks.geo import haversine_m

    window = settings.match_max_time_min * 60_000
    ts = positions.get_column("ts").dt.epoch("ms").to_numpy()
    mmsi = positions.get_column("mmsi").to_numpy()
    lat, lon = positions.get_column("lat").to_numpy(), positions.get_column("lon").to_numpy()
    sog = positions.get_column("speed_kn").to_numpy()
    cog = positions.get_column("course_deg").to_numpy()
    found: set[tuple[int, int]] = set()
    det_ts = dets.get_column("ts").dt.epoch("ms").to_numpy()
    for i, (t, dlat, dlon) in enumerate(zip(det_ts, dets.get_column("lat").to_numpy(),
                                            dets.get_column("lon").to_numpy(), strict=True)):
        near = np.flatnonzero(np.abs(ts - t) <= window)
        for vessel in np.unique(mmsi[near]):
            own = near[mmsi[near] == vessel]
            before, after = own[ts[own] <= t], own[ts[own] > t]
            b = before[np.argmax(ts[before])] if len(before) else None
            a = after[np.argmin(ts[after])] if len(after) else None
            plat, plon = _place(t, b, a, ts, lat, lon, sog, cog)
            if haversine_m(plat, plon, dlat, dlon) <= settings.match_max_distance_m:
                found.add((i, int(vessel)))
    return found


def _place(t: int, b: Any, a: Any, ts: np.ndarray, lat: np.ndarray, lon: np.ndarray,
           sog: np.ndarray, cog: np.ndarray) -> tuple[float, float]:
    if b is not None and a is not None:
        share = (t - ts[b]) / max(ts[a] - ts[b], 1)
        return lat[b] + (lat[a] - lat[b]) * share, lon[b] + (lon[a] - lon[b]) * share
    one = b if b is not None else a
    hours = (t - ts[one]) / 3_600_000
    metres = 0.0 if np.isnan(sog[one]) else sog[one] * 1852 * hours
    angle = np.radians(0.0 if np.isnan(cog[one]) else cog[one])
    dlat = np.degrees(metres * np.cos(angle) / 6_371_008.8)
    dlon = np.degrees(metres * np.sin(angle) / (6_371_008.8 * np.cos(np.radians(lat[one]))))
    return lat[one] + dlat, lon[one] + dlon


def acceptance_rows(seeds: int) -> list[dict[str, Any]]:
    """Dark-detection precision and recall and attribution, pooled over `seeds` seeds."""
    from darkfleet.simulate.imagery_scoring import simulated_scores

    rows = []
    for s in simulated_scores(range(1, seeds + 1)):
        note = f"{seeds} seeds: {s.matched}/{s.detected} of {s.truth}"
        rows.append(_row(f"{s.kind} precision", round(s.precision, 4), "", note))
        rows.append(_row(f"{s.kind} recall", round(s.recall, 4), "", note))
    return rows


# -- the synthetic fleet, positions and detections --------------------------------------------


def _fleet(vessels: int, seed: int = 11) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {"mmsi": 200_000_000 + np.arange(vessels, dtype=np.int64) * 97,
            "lat": rng.uniform(BOX[0], BOX[2], vessels), "lon": rng.uniform(BOX[1], BOX[3],
                                                                           vessels),
            "course": rng.uniform(0, 360, vessels), "speed": rng.uniform(8, 14, vessels),
            "offset": rng.integers(0, STEP_MS, vessels), "dark": rng.random(vessels) < 0.1,
            "dark_at_h": rng.uniform(0, 16, vessels)}


def _where(fleet: dict[str, np.ndarray], index: np.ndarray, t_ms: np.ndarray
           ) -> tuple[np.ndarray, np.ndarray]:
    """Each vessel's position at `t_ms`: a straight run reflected off the box's edges."""
    hours = (t_ms - START_MS) / 3_600_000
    metres = fleet["speed"][index] * 1852 * hours
    angle = np.radians(fleet["course"][index])
    lat = fleet["lat"][index] + metres * np.cos(angle) / 111_195
    lon = fleet["lon"][index] + metres * np.sin(angle) / (111_195 * np.cos(np.radians(37.5)))
    return _reflect(lat, BOX[0], BOX[2]), _reflect(lon, BOX[1], BOX[3])


def _reflect(x: np.ndarray, low: float, high: float) -> np.ndarray:
    span = high - low
    phase = np.mod(x - low, 2 * span)
    return np.asarray(low + np.where(phase > span, 2 * span - phase, phase))


def _positions(fleet: dict[str, np.ndarray], days: float) -> pl.DataFrame:
    n, per = len(fleet["mmsi"]), int(days * 86_400_000 / STEP_MS)
    frames = []
    for first in range(0, per, 512):  # in blocks of fixes, to bound memory
        steps = np.arange(first, min(first + 512, per))
        t = START_MS + fleet["offset"][:, None] + STEP_MS * steps[None, :]
        index = np.broadcast_to(np.arange(n)[:, None], t.shape)
        hour = ((t - START_MS) / 3_600_000) % 24
        silent = fleet["dark"][index] & (np.abs(hour - fleet["dark_at_h"][index] - 4) < 4)
        keep = ~silent
        idx, when = index[keep], t[keep]
        lat, lon = _where(fleet, idx, when)
        frames.append(pl.DataFrame({"mmsi": fleet["mmsi"][idx], "ts": when, "lat": lat,
                                    "lon": lon, "speed_kn": fleet["speed"][idx],
                                    "course_deg": np.full(len(idx), np.nan)}))
    return pl.concat(frames).with_columns(pl.col("ts").cast(TS),
                                          pl.col("course_deg").fill_nan(None))


def _detections(fleet: dict[str, np.ndarray], days: float, scenes: int) -> pl.DataFrame:
    rng = np.random.default_rng(5)
    frames = []
    for scene in range(scenes):
        t = START_MS + int(rng.uniform(0, days * 86_400_000))
        lat0, lon0 = rng.uniform(BOX[0], BOX[2] - 3), rng.uniform(BOX[1], BOX[3] - 3)
        index = np.arange(len(fleet["mmsi"]))
        lat, lon = _where(fleet, index, np.full(len(index), t))
        inside = (lat >= lat0) & (lat < lat0 + 3) & (lon >= lon0) & (lon < lon0 + 3)
        count = int(inside.sum()) + int(rng.poisson(2))
        noise_lat = rng.normal(0, 106, count) / 111_195
        noise_lon = rng.normal(0, 106, count) / 88_000
        lats = np.concatenate([lat[inside], rng.uniform(lat0, lat0 + 3, count - inside.sum())])
        lons = np.concatenate([lon[inside], rng.uniform(lon0, lon0 + 3, count - inside.sum())])
        frames.append(pl.DataFrame({
            "detection_id": [f"b{scene:04d}-{i:04d}" for i in range(count)],
            "ts": np.full(count, t), "lat": lats + noise_lat, "lon": lons + noise_lon,
            "length_m": None, "width_m": None, "heading_deg": None, "speed_kn": None,
            "source": "sar", "score": rng.uniform(0.6, 1.0, count),
            "scene_id": f"B{scene:04d}", "image_url": None},
            schema_overrides={"length_m": pl.Float64, "width_m": pl.Float64,
                              "heading_deg": pl.Float64, "speed_kn": pl.Float64,
                              "image_url": pl.String}))
    return pl.concat(frames).with_columns(pl.col("ts").cast(TS))
