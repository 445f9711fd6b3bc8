"""Matching detections to AIS on small hand-made frames, and the fast parts against plain ones."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime, timedelta

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from darkfleet.imagery.assignment import hungarian
from darkfleet.imagery.fusion import fuse
from darkfleet.imagery.grid import near_pairs
from darkfleet.imagery.settings import ImagerySettings
from darkfleet.tracks.geo import METRES_PER_NM, haversine_m

T0 = datetime(2023, 8, 1, tzinfo=UTC)
DEG_PER_M = 1 / 111_195.0
TS = pl.Datetime("ms", "UTC")


def positions(rows: list[tuple[int, float, float, float, float, float]]) -> pl.DataFrame:
    """(mmsi, minutes after T0, lat, lon, speed_kn, course_deg) rows as a positions frame."""
    return pl.DataFrame(
        [(m, T0 + timedelta(minutes=t), lat, lon, sog, cog) for m, t, lat, lon, sog, cog in rows],
        schema={"mmsi": pl.Int64, "ts": TS, "lat": pl.Float64, "lon": pl.Float64,
                "speed_kn": pl.Float64, "course_deg": pl.Float64}, orient="row")


def detections(rows: list[dict[str, object]]) -> pl.DataFrame:
    base = {"detection_id": None, "ts": None, "lat": None, "lon": None, "length_m": None,
            "width_m": None, "heading_deg": None, "speed_kn": None, "source": "sar",
            "score": 0.9, "scene_id": None, "image_url": None}
    full = [{**base, **r, "ts": T0 + timedelta(minutes=float(r["minute"]))}  # type: ignore[arg-type]
            for r in rows]
    for r in full:
        r.pop("minute")
    return pl.DataFrame(full, schema_overrides={"ts": TS, "length_m": pl.Float64,
                                                "width_m": pl.Float64,
                                                "heading_deg": pl.Float64,
                                                "speed_kn": pl.Float64, "score": pl.Float64,
                                                "scene_id": pl.String, "image_url": pl.String})


def north_m(metres: float) -> float:
    return 42.0 + metres * DEG_PER_M


def test_a_vessel_is_interpolated_to_the_detection_time() -> None:
    # Northbound at 10 kn: fixes at 0 and 20 min; at 10 min it is 3,087 m north.
    step = 10 * METRES_PER_NM / 3
    ais = positions([(1, 0, 42.0, 131.0, 10, 0), (1, 20, north_m(2 * step), 131.0, 10, 0)])
    found = fuse(detections([{"detection_id": "d", "minute": 10, "lat": north_m(step + 200),
                              "lon": 131.0}]), ais, {}, ImagerySettings())
    row = found.row(0, named=True)
    assert (row["matched_mmsi"], row["match_distance_m"], row["match_time_min"]) == (1, 200.0,
                                                                                     10.0)
    # score: distance 0.5 * (1 - 200/1500) and time 0.2 * (1 - 10/30), over weights 0.7
    assert row["match_score"] == round((0.5 * (1 - 200 / 1500) + 0.2 * (2 / 3)) / 0.7, 4)
    assert row["dark"] is False and json.loads(row["candidates"]) == []


def test_dead_reckoning_from_one_fix_and_fixes_too_old() -> None:
    ais = positions([(1, 0, 42.0, 131.0, 12, 0), (2, -45, 42.0, 131.0, 0, 0)])
    # 25 min at 12 kn north is 9,260 m: the detection sits there.
    found = fuse(detections([{"detection_id": "d", "minute": 25, "lat": north_m(9260.0),
                              "lon": 131.0}]), ais, {}, ImagerySettings())
    assert found.get_column("matched_mmsi").to_list() == [1]
    assert found.get_column("match_distance_m").to_list() == [0.0]
    late = fuse(detections([{"detection_id": "d", "minute": 31, "lat": 42.0, "lon": 131.0}]),
                ais, {}, ImagerySettings())
    assert late.get_column("matched_mmsi").to_list() == [None]


def test_one_to_one_per_scene_maximises_the_total_score() -> None:
    # Two moored vessels 400 m apart; detection a is 100 m from vessel 1 and 300 m from
    # vessel 2; b is 250 m from vessel 1 and 150 m from 2. Greedy by distance would do the
    # same here; the scene rule is what forbids giving vessel 1 to both.
    ais = positions([(1, 0, 42.0, 131.0, 0, 0), (1, 10, 42.0, 131.0, 0, 0),
                     (2, 0, north_m(400), 131.0, 0, 0), (2, 10, north_m(400), 131.0, 0, 0)])
    dets = detections([{"detection_id": "a", "minute": 5, "lat": north_m(100), "lon": 131.0,
                        "scene_id": "S"},
                       {"detection_id": "b", "minute": 5, "lat": north_m(250), "lon": 131.0,
                        "scene_id": "S"},
                       {"detection_id": "c", "minute": 5, "lat": north_m(120), "lon": 131.0,
                        "scene_id": "T"}])
    found = fuse(dets, ais, {}, ImagerySettings())
    assert found.select("detection_id", "matched_mmsi").rows() == [
        ("a", 1), ("b", 2), ("c", 1)]


def test_length_breaks_a_tie_and_unmatched_low_scores_are_not_dark() -> None:
    ais = positions([(1, 0, north_m(-100), 131.0, 0, 0), (2, 0, north_m(100), 131.0, 0, 0)])
    dets = detections([{"detection_id": "a", "minute": 0, "lat": 42.0, "lon": 131.0,
                        "length_m": 60.0},
                       {"detection_id": "z", "minute": 0, "lat": 43.0, "lon": 131.0,
                        "score": 0.3},
                       {"detection_id": "y", "minute": 0, "lat": 43.0, "lon": 132.0,
                        "score": None}])
    found = fuse(dets, ais, {1: 200.0, 2: 60.0}, ImagerySettings())
    assert found.select("detection_id", "matched_mmsi", "dark").rows() == [
        ("a", 2, False), ("y", None, True), ("z", None, False)]


def test_dark_candidates_by_reachable_region_ranked_by_detour() -> None:
    # Vessel 7 goes silent at 0 h at 42.0 N and is heard again 10 h later 100 nm north
    # (10 kn). Vessel 8 goes silent at 0 h 10 km west and is never heard again (open).
    # Vessel 9 is silent too but too slow (top 2 kn) to reach the detection.
    nm = METRES_PER_NM
    ais = positions([(7, -60, north_m(-10 * nm), 131.0, 10, 0), (7, 0, 42.0, 131.0, 10, 0),
                     (7, 600, north_m(100 * nm), 131.0, 10, 0),
                     (8, 0, 42.0, 130.88, 11, 0), (9, 0, 42.1, 131.0, 2, 0),
                     (9, 600, 42.1, 131.0, 2, 0)])
    dets = detections([{"detection_id": "d", "minute": 300, "lat": north_m(50 * nm),
                        "lon": 131.0}])
    found = fuse(dets, ais, {}, ImagerySettings())
    assert found.get_column("dark").to_list() == [True]
    cands = json.loads(found.get_column("candidates")[0])
    assert [(c["rank"], c["mmsi"], c["detour_m"]) for c in cands] == [(1, 7, 0.0),
                                                                        (2, 8, None)]
    assert cands[0]["why"] == (
        "silent since 2023-08-01T00:00:00Z until 2023-08-01T10:00:00Z; 92.6 km from its last "
        "fix 5.0 h before, 92.6 km to its next fix 5.0 h after (detour 0.0 km); needs 10.0 kn "
        "of its highest 10.0 kn")
    assert cands[1]["next_fix_ts"] is None and cands[1]["max_speed_kn"] == 11.0


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**31))
def test_grid_pairs_hold_every_close_fix(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_det, n_pos, window, radius = 40, 400, 1_800_000, 20_000.0
    det_ts = rng.integers(0, 7_200_000, n_det)
    pos_ts = rng.integers(0, 7_200_000, n_pos)
    det_lat, pos_lat = rng.uniform(59.5, 60.5, n_det), rng.uniform(59.5, 60.5, n_pos)
    det_lon, pos_lon = rng.uniform(9.5, 11.5, n_det), rng.uniform(9.5, 11.5, n_pos)
    det, fix = near_pairs(det_ts, det_lat, det_lon, pos_ts, pos_lat, pos_lon, window, radius)
    found = set(zip(det.tolist(), fix.tolist(), strict=True))
    near = (np.abs(det_ts[:, None] - pos_ts[None, :]) <= window) & (haversine_m(
        det_lat[:, None], det_lon[:, None], pos_lat[None, :], pos_lon[None, :]) <= radius)
    close = set(zip(*(a.tolist() for a in np.nonzero(near)), strict=True))
    assert close <= found
    assert all(abs(int(det_ts[i]) - int(pos_ts[j])) <= window for i, j in found)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 5), st.integers(0, 3), st.integers(0, 2**31))
def test_hungarian_finds_the_cheapest_assignment(rows: int, extra: int, seed: int) -> None:
    cost = np.random.default_rng(seed).uniform(-1, 1, (rows, rows + extra))
    picked = hungarian(cost)
    assert len(set(picked)) == rows
    best = min(sum(cost[r, c] for r, c in enumerate(cols))
               for cols in itertools.permutations(range(cost.shape[1]), rows))
    assert abs(sum(cost[r, c] for r, c in enumerate(picked)) - best) < 1e-9


def test_without_any_ais_every_confident_detection_is_dark_without_candidates() -> None:
    found = fuse(detections([{"detection_id": "d", "minute": 0, "lat": 42.0, "lon": 131.0}]),
                 positions([]), {}, ImagerySettings())
    assert found.select("matched_mmsi", "dark", "candidates").rows() == [(None, True, "[]")]


def test_candidates_exclude_unlike_lengths_and_too_long_silences() -> None:
    # Both vessels are silent across the detection and could reach it; vessel 5 is 200 m
    # long against a 100 m detection; vessel 6 was silent for 120 h (over the 96 h limit).
    ais = positions([(4, 0, 42.0, 131.0, 10, 0), (4, 600, 42.0, 131.0, 10, 0),
                     (5, 0, 42.0, 131.0, 10, 0), (5, 600, 42.0, 131.0, 10, 0),
                     (6, 0, 42.0, 131.0, 10, 0), (6, 7200, 42.0, 131.0, 10, 0)])
    dets = detections([{"detection_id": "d", "minute": 300, "lat": north_m(20_000),
                        "lon": 131.0, "length_m": 100.0}])
    found = fuse(dets, ais, {4: 110.0, 5: 200.0, 6: 100.0}, ImagerySettings())
    cands = json.loads(found.get_column("candidates")[0])
    assert [(c["mmsi"], c["detour_m"], c["ais_length_m"]) for c in cands] == [
        (4, 40_000.0, 110.0)]
