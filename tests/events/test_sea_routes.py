"""Sea-route distances and paths (darkfleet.events.sea_routes) and distance from shore
(darkfleet.events.shore), on the GSHHG grid and searoute's network the packages ship."""

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from darkfleet.events.sea_routes import (
    SeaGrid,
    clear_at_sea,
    clear_at_sea_from,
    sea_distance_nm,
    sea_distances_nm,
    sea_path,
)
from darkfleet.events.shore import distance_from_shore_nm, on_land
from darkfleet.tracks.geo import METRES_PER_NM, haversine_m

RAJIN, CHONGJIN, VOSTOCHNY = (42.243, 130.303), (41.757, 129.823), (42.74, 133.06)
VLADIVOSTOK, NAKHODKA = (43.1, 131.9), (42.8, 132.9)


def _great_circle_nm(a, b):
    return float(haversine_m(a[0], a[1], b[0], b[1])) / METRES_PER_NM


def test_open_water_is_the_great_circle():
    a, b = (41.5, 131.8), (41.5, 133.13)
    assert clear_at_sea(a, b)
    assert sea_distance_nm(a, b) == round(_great_circle_nm(a, b), 1) == 59.8


def test_around_the_coast_is_longer_than_the_straight_line_but_not_absurdly():
    there = sea_distances_nm(RAJIN, [VOSTOCHNY, CHONGJIN])
    assert there == [143.2, 38.3]
    for target, distance in zip((VOSTOCHNY, CHONGJIN), there, strict=True):
        assert not clear_at_sea(RAJIN, target)
        assert _great_circle_nm(RAJIN, target) < distance < 1.2 * _great_circle_nm(RAJIN, target)


def test_long_hauls_through_narrow_straits_follow_the_sea_lane_network():
    # Kiel Bay to the Kattegat: the belts close at the grid's resolution
    assert sea_distances_nm((54.0, 10.0), [(57.7, 11.9)]) == [388.2]


def test_lines_from_one_point_are_checked_for_land_together_as_one_by_one():
    targets = [VOSTOCHNY, CHONGJIN, (41.5, 131.8), (42.25, 130.32), NAKHODKA, VLADIVOSTOK,
               (39.0, 128.0), (44.0, 136.0), (41.0, 131.0)]  # across Korea, Primorye; at sea
    together = clear_at_sea_from(RAJIN, targets)
    assert together == [clear_at_sea(RAJIN, target) for target in targets]
    assert together == [False, False, True, True, False, False, False, False, True]
    assert clear_at_sea_from(RAJIN, []) == []


def test_the_compiled_search_finds_the_distances_of_the_python_search():
    grid = SeaGrid(40, 127, 46, 137)
    centre = int(np.flatnonzero(grid.sea)[500])  # a start exactly at a cell's centre
    rng = np.random.default_rng(5)
    points = [RAJIN, VOSTOCHNY, (float(grid.lat[centre]), float(grid.lon[centre])),
              *map(tuple, rng.uniform((40, 127), (46, 137), size=(12, 2)).tolist())]
    for point in points:
        expected = np.asarray(grid._search(point)[0])
        assert np.isfinite(expected).sum() > 1000
        assert np.array_equal(grid.distances_from(point), expected)


def test_searches_from_several_threads_at_once_find_each_their_own_distances():
    grid = SeaGrid(40, 127, 46, 137)
    points = [tuple(p) for p in np.random.default_rng(9).uniform((40, 127), (46, 137), (16, 2))]
    expected = [grid.distances_from(point) for point in points]
    with ThreadPoolExecutor(8) as pool:
        for _ in range(5):
            found = list(pool.map(grid.distances_from, points))
            assert all(np.array_equal(a, b) for a, b in zip(found, expected, strict=True))


def test_a_simulated_route_stays_at_sea():
    path = sea_path(VLADIVOSTOK, NAKHODKA)
    assert path[-1] == NAKHODKA and len(path) == 6
    waypoints = np.array(path[:-1])
    assert not on_land(waypoints[:, 0], waypoints[:, 1]).any()


def test_distance_from_shore():
    shore = distance_from_shore_nm(np.array([41.5, RAJIN[0]]), np.array([131.8, RAJIN[1]]))
    assert shore.tolist() == [pytest.approx(67.8), 0.0]  # at sea; the port point is ashore
