from datetime import UTC, datetime, timedelta

import polars as pl

from darkfleet.tracks.segmenter import empty_carry, segment
from darkfleet.tracks.settings import TrackSettings

T0 = datetime(2023, 8, 1, tzinfo=UTC)


def _points(rows):
    return pl.DataFrame(
        [{"mmsi": 1, "ts": T0 + timedelta(minutes=m), "lat": la, "lon": lo, "speed_kn": 8.0,
          "course_deg": None} for m, la, lo in rows],
        schema={"mmsi": pl.Int64, "ts": pl.Datetime("ms", "UTC"), "lat": pl.Float64,
                "lon": pl.Float64, "speed_kn": pl.Float64, "course_deg": pl.Float64})


def test_two_transmitters_are_told_apart_and_continue_the_next_day():
    settings = TrackSettings()
    day1 = _points([(m, 42.0, 131.0 + m * 0.001) if m % 20 == 0 else (m, 45.0, 135.0)
                    for m in range(0, 120, 10)])
    first = segment(day1, empty_carry(), settings)
    assert first.points.group_by("segment").len().sort("segment").rows() == [(0, 6), (1, 6)]
    assert first.jumps.height == 11
    assert first.carry.select("segment", "n").rows() == [(0, 6), (1, 6)]
    day2 = _points([(1440, 45.0, 135.01), (1450, 42.0, 131.2), (1460, 45.0, 135.02)])
    second = segment(day2, first.carry, settings)
    fresh = second.points.filter(~pl.col("carried"))
    assert fresh.get_column("segment").to_list() == [1, 0, 1]
    assert second.jumps.height == 2


def test_a_long_but_possible_gap_keeps_one_segment():
    # 200 km in 12 h is 9 kn: the same ship after a gap
    points = _points([(0, 42.0, 131.0), (10, 42.0, 131.03), (730, 42.0, 133.4)])
    result = segment(points, empty_carry(), TrackSettings())
    assert result.points.get_column("segment").to_list() == [0, 0, 0]
    assert result.jumps.is_empty()
