"""The simulated receivers: coastal stations in range and up, satellite passes, blackouts."""

import numpy as np

from darkfleet.simulate.receivers import (
    SAT_SOURCE,
    SOURCE,
    STATIONS,
    Receivers,
    build_receivers,
)

DAY = 24 * 60


def _receivers(passes=(), outages=None):
    return Receivers(np.array([s[1] for s in STATIONS]), np.array([s[2] for s in STATIONS]),
                     outages or tuple(() for _ in STATIONS), np.array(passes, dtype=float))


def test_a_station_hears_within_its_range_only():
    receivers = _receivers()
    minutes = np.zeros(400)
    near = receivers.heard(minutes, np.full(400, 35.0), np.full(400, 129.2),
                           np.random.default_rng(1))  # 9 nm off Busan, no other station
    far = receivers.heard(minutes, np.full(400, 40.5), np.full(400, 133.5),
                          np.random.default_rng(1))  # mid-sea, 150 nm from every station
    assert set(near) == {SOURCE, None} and 0.85 < near.count(SOURCE) / 400 < 0.95
    assert set(far) == {None}


def test_stations_are_deaf_during_their_outages_and_satellites_hear_in_passes():
    outages = tuple(((0.0, 600.0),) for _ in STATIONS)
    receivers = _receivers(passes=[100.0], outages=outages)
    minutes = np.array([50.0, 105.0, 700.0] * 200)
    heard = receivers.heard(minutes, np.full(600, 43.0), np.full(600, 131.8),
                            np.random.default_rng(2))
    assert set(heard[0::3]) == {None}  # stations down, no pass
    assert set(heard[1::3]) == {SAT_SOURCE, None}  # stations down, in a pass
    assert 0.8 < heard[1::3].count(SAT_SOURCE) / 200 < 0.9
    assert set(heard[2::3]) == {SOURCE, None}  # stations back up


def test_the_receivers_of_a_seed_are_always_the_same_and_have_blackouts():
    one = build_receivers(np.random.default_rng([5, 7]), 14 * DAY)
    two = build_receivers(np.random.default_rng([5, 7]), 14 * DAY)
    assert np.array_equal(one.passes, two.passes) and one.outages == two.outages
    gaps_h = np.diff(one.passes) / 60
    assert gaps_h.min() >= 0.5 and gaps_h.max() > 6  # a blackout of 6 h or more
    assert all(1 <= len(o) <= 3 for o in one.outages)
