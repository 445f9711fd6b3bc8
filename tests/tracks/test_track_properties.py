"""Invariants of built tracks, for any input: time order, one MMSI per track, no duplicate
fixes, and no impossible step inside a track of an MMSI that was split into transmitters."""

from datetime import UTC, datetime, timedelta
from itertools import pairwise

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from darkfleet.events.port_index import PortIndex
from darkfleet.events.ports import builtin_registry
from darkfleet.tracks.builder import TrackBuilder
from darkfleet.tracks.geo import haversine_m
from darkfleet.tracks.settings import TrackSettings

T0 = datetime(2023, 8, 1, tzinfo=UTC)
fix = st.tuples(st.sampled_from([1, 2, 3]), st.integers(0, 24 * 3600),
                st.floats(41.0, 43.0), st.floats(130.0, 134.0), st.floats(0, 20))


@settings(max_examples=40, deadline=None)
@given(st.lists(fix, min_size=1, max_size=60))
def test_track_invariants(fixes):
    frame = pl.DataFrame(
        [{"mmsi": m, "ts": T0 + timedelta(seconds=s), "lat": la, "lon": lo, "speed_kn": sp,
          "course_deg": None} for m, s, la, lo, sp in fixes],
        schema={"mmsi": pl.Int64, "ts": pl.Datetime("ms", "UTC"), "lat": pl.Float64,
                "lon": pl.Float64, "speed_kn": pl.Float64, "course_deg": pl.Float64})
    config = TrackSettings()
    tracks = TrackBuilder(config, PortIndex(builtin_registry(), 10_000)).chunk(frame)
    points = tracks.points
    assert points.equals(points.sort("mmsi", "segment", "ts"))
    assert points.select("mmsi", "ts", "lat", "lon").is_duplicated().sum() == 0
    assert points.height <= len(fixes)
    split = set(tracks.jumps.get_column("mmsi").to_list())
    for (mmsi, _), track in points.group_by("mmsi", "segment"):
        if mmsi not in split:
            continue
        rows = track.sort("ts").rows(named=True)
        for a, b in pairwise(rows):
            metres = float(haversine_m(a["lat"], a["lon"], b["lat"], b["lon"]))
            hours = (b["ts"] - a["ts"]).total_seconds() / 3600
            assert metres <= config.jump_min_distance_m + 1 or (
                metres <= hours * config.max_speed_kn * 1852 + 1)
