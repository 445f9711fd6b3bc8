"""Coverage-aware gaps: `details.suspected`, `unsuspected_reason` and `quality`, both gap models,
open gaps, sparse recordings; and change events only across short spans with no hole.

Vessel A sails east along 41.5° N, heard every 10 min for 6 h, silent 8 h (06:00 to 14:00), then
heard again; vessel B sails the same lane during A's silence, so the receivers demonstrably heard
that water while A was silent.
"""

import json
from dataclasses import replace
from datetime import timedelta

import numpy as np
import polars as pl
import pyarrow as pa
from event_factories import T0, Ping, heartbeat, make_positions, make_statics, sail

from darkfleet.events.gap_detector import GapDetector
from darkfleet.events.port_index import PortIndex
from darkfleet.events.ports import builtin_registry
from darkfleet.events.settings import GapSettings, IdentitySettings
from darkfleet.events.static_detectors import IdentityChangeDetector
from darkfleet.tracks.builder import TrackBuilder
from darkfleet.tracks.settings import TrackSettings

A, B, C = 273999001, 273999002, 273999003


def _gaps(pings, settings=None, source=None):
    settings = settings or GapSettings()
    builder = TrackBuilder(TrackSettings(), PortIndex(builtin_registry(), 10_000),
                           settings.min_duration_h)
    table = make_positions(pings)
    if source is not None:
        table = table.set_column(table.schema.get_field_index("source"), "source",
                                 pa.array([source] * table.num_rows, pa.string()))
    detector = GapDetector(settings)
    detector.feed(builder.chunk(table))
    events = detector.finish(builder.window())
    return [(row["mmsi"], json.loads(row["details"])) for row in events.iter_rows(named=True)]


def _vessel_a(step_min=10):
    before = sail((41.5, 130.8), (41.5, 131.8), 0, int(360 / step_min), step_min, 7.5, A)
    after = sail((41.5, 133.13), (41.5, 133.9), 840, int(360 / step_min), step_min, 7.5, A)
    return before + after


def _vessel_b():
    return sail((41.45, 131.6), (41.45, 133.3), 300, 60, 10, 10.0, B)


def test_a_regular_vessel_silent_where_others_were_heard_is_suspected():
    [(mmsi, details)] = _gaps(_vessel_a() + _vessel_b())
    quality = details["quality"]
    assert mmsi == A and details["suspected"] is True and details["unsuspected_reason"] is None
    assert {k: quality[k] for k in ("positions_12h", "positions_48h", "satellite_positions_12h",
                                    "track_fixes", "receiver_start", "receiver_end", "model")} == {
        "positions_12h": 36, "positions_48h": 36, "satellite_positions_12h": 0,
        "track_fixes": 72, "receiver_start": None, "receiver_end": None, "model": "darkfleet"}
    assert quality["coverage"] == {"radius_nm": 40.0, "bin_h": 1.0, "bins": 8,
                                   "covered_bins": 8, "covered_share": 1.0, "other_vessels": 1}
    assert quality["shore_start_nm"] > 30 and quality["shore_end_nm"] > 30
    assert (details["start_lat"], details["start_lon"]) == (41.5, 131.8)


def test_gaps_closed_before_a_time_are_judged_as_the_finish_judges_them():
    builder = TrackBuilder(TrackSettings(), PortIndex(builtin_registry(), 10_000), 2.0)
    detector = GapDetector(GapSettings())
    detector.feed(builder.chunk(make_positions(_vessel_a() + _vessel_b())))
    heard = list(detector.grid.parts)
    early = detector.closed_before(T0 + timedelta(hours=15), heard)  # the gap ends at 14:00
    blind = detector.closed_before(T0 + timedelta(hours=15), [])
    too_soon = detector.closed_before(T0 + timedelta(hours=14), heard)
    final = detector.finish(builder.window())
    assert early.height == 1 and early.equals(final)  # id, times, details: all of it
    assert json.loads(blind["details"][0])["unsuspected_reason"] == (
        "coverage not shown: other vessels heard within 40.0 nm in 0 of 8 bins of 1.0 h")
    assert too_soon.height == 0


def test_the_finish_takes_gaps_judged_before_a_time_and_judges_only_the_rest():
    later = [replace(ping, mmsi=C, minute=ping.minute + 240, lat=ping.lat - 0.2)
             for ping in _vessel_a()]  # silent from 10:00 to 18:00
    before = T0 + timedelta(hours=15)

    def finished(judged=None):
        builder = TrackBuilder(TrackSettings(), PortIndex(builtin_registry(), 10_000), 2.0)
        detector = GapDetector(GapSettings())
        detector.feed(builder.chunk(make_positions(_vessel_a() + later + _vessel_b())))
        early = detector.closed_before(before, list(detector.grid.parts))
        detector.judged_before = None if judged is None else (before, judged(early))
        return early, detector.finish(builder.window())

    early, whole = finished()
    assert whole.height == 3 and early.height == 1  # A's gap early; C's and B's open one after
    assert whole["mmsi"].to_list() == [A, C, B] and early["mmsi"].to_list() == [A]
    assert finished(lambda rows: rows)[1].equals(whole)
    # taken as given: a row judged otherwise stays as it was given
    marked = finished(lambda rows: rows.with_columns(pl.lit("{}").alias("details")))[1]
    assert marked["details"].to_list() == ["{}", *whole["details"][1:]]


def test_a_silence_nobody_near_was_heard_in_is_not_suspected():
    far = heartbeat(0, 21)  # moored at Vladivostok, 100 nm and more from A's water
    [(_, details)] = _gaps(_vessel_a() + far)
    assert details["suspected"] is False
    assert details["unsuspected_reason"] == (
        "coverage not shown: other vessels heard within 40.0 nm in 0 of 8 bins of 1.0 h")


def test_a_sparse_track_is_never_suspected():
    sparse = [Ping(41.5, 130.8, 0, 7.5, A), Ping(41.5, 131.8, 360, 7.5, A),
              Ping(41.5, 133.13, 840, 7.5, A), Ping(41.5, 133.9, 1200, 7.5, A)]
    gaps = _gaps(sparse + _vessel_b())
    assert [(m, d["suspected"], d["unsuspected_reason"]) for m, d in gaps if m == A] == [
        (A, False, "sparse track: 4 fixes (fewer than 20)")] * 3


def test_a_vessel_not_heard_regularly_before_is_not_suspected():
    settings = GapSettings(min_track_fixes=10)
    [(_, details)] = _gaps(_vessel_a(step_min=60) + _vessel_b(), settings)
    assert details["suspected"] is True and details["quality"]["positions_12h"] == 6
    strict = replace(settings, min_positions_12h=7)
    [(_, details)] = _gaps(_vessel_a(step_min=60) + _vessel_b(), strict)
    assert details["unsuspected_reason"] == (
        "not heard regularly: 6 positions in the 12 h before (fewer than 7)")


def test_the_gfw_model_needs_12_h_far_from_shore_and_satellite_positions():
    gfw = GapSettings(model="gfw")
    [(_, details)] = _gaps(_vessel_a() + _vessel_b(), gfw)
    assert details["unsuspected_reason"] == "shorter than 12.0 h"
    assert details["quality"]["model"] == "gfw"
    shorter = replace(gfw, gfw_min_duration_h=8.0)
    [(_, details)] = _gaps(_vessel_a() + _vessel_b(), shorter)
    assert details["unsuspected_reason"] == (
        "0 satellite positions in the 12 h before (fewer than 20)")
    [(_, details)] = _gaps(_vessel_a() + _vessel_b(), shorter, source="exactEarth")
    assert details["quality"]["satellite_positions_12h"] == 36
    assert details["suspected"] is True
    coastal = replace(shorter, gfw_min_shore_nm=500.0)
    [(_, details)] = _gaps(_vessel_a() + _vessel_b(), coastal, source="exactEarth")
    assert details["unsuspected_reason"] == "an end within 500.0 nm of shore"


def test_an_open_gap_is_suspected_only_if_others_stayed_heard_near_its_last_fix():
    first_half = _vessel_a()[:36]
    stayed = sail((41.45, 131.6), (41.45, 131.9), 300, 60, 10, 1.0, B)  # B near A's last fix
    [(_, details)] = _gaps(first_half + stayed)
    assert details["open"] is True and details["suspected"] is True
    assert details["quality"]["coverage"]["covered_bins"] == 9  # 06:00 to B's last, 15:00
    away = sail((43.0, 134.5), (43.0, 135.5), 300, 60, 10, 6.0, B)  # heard far away
    [(_, details)] = _gaps(first_half + away)
    assert details["open"] is True and details["suspected"] is False


def test_a_sparse_satellite_day_has_no_suspected_gap_of_a_sparse_vessel():
    """300 vessels heard one to five times a day by satellite, over two days, beside 20 heard
    every 10 minutes: many gaps, none suspected for a track under the fix setting."""
    rng = np.random.default_rng(4)
    pings = []
    for index in range(300):
        lat, lon = rng.uniform(36, 44), rng.uniform(130, 138)
        for minute in np.sort(rng.uniform(0, 2880, int(rng.integers(2, 11)))):
            pings.append(Ping(lat, lon + minute / 2880, float(minute), 8.0, 273_000_000 + index))
    for index in range(20):
        lat = 38 + index * 0.2
        pings += sail((lat, 130.0), (lat, 137.0), 0, 288, 10, 9.0, 274_000_000 + index)
    gaps = _gaps(pings, source="orbcomm-sat")
    suspected = [(m, d) for m, d in gaps if d["suspected"]]
    assert len(gaps) > 50 and suspected == []
    assert all(d["quality"]["track_fixes"] >= 20 or d["unsuspected_reason"].startswith("sparse")
               for _, d in gaps)


def test_changes_compare_only_reports_less_than_the_setting_apart():
    statics = make_statics([
        {"mmsi": A, "minute": 0, "imo": 9179842, "shipname": "ANGARA"},
        {"mmsi": A, "minute": 2 * 24 * 60, "imo": 9179842, "shipname": "HAI XING"}])
    pings = heartbeat(0, 49)  # the receivers were up throughout
    for days, count in ((30.0, 1), (1.0, 0)):
        builder = TrackBuilder(TrackSettings(), PortIndex(builtin_registry(), 10_000))
        detector = IdentityChangeDetector(IdentitySettings(max_span_days=days))
        detector.feed(builder.chunk(make_positions(pings), statics))
        assert detector.finish(builder.window()).height == count


def test_changes_are_not_compared_across_a_coverage_hole():
    statics = make_statics([
        {"mmsi": A, "minute": 0, "imo": 9179842, "shipname": "ANGARA"},
        {"mmsi": A, "minute": 2 * 24 * 60, "imo": 9179842, "shipname": "HAI XING"}])
    pings = heartbeat(0, 2) + heartbeat(46 * 60, 3)  # nobody heard for 44 h between
    builder = TrackBuilder(TrackSettings(), PortIndex(builtin_registry(), 10_000))
    detector = IdentityChangeDetector(IdentitySettings())
    detector.feed(builder.chunk(make_positions(pings), statics))
    assert detector.finish(builder.window()).is_empty()


def test_a_fix_beyond_the_grids_32_bits_is_not_counted_as_heard():
    from datetime import UTC, datetime

    import polars as pl

    from darkfleet.events.coverage import CoverageGrid

    grid = CoverageGrid(1.0, 40.0)
    when = datetime(2024, 5, 1, tzinfo=UTC)
    grid.add(pl.DataFrame({"mmsi": [273999001, 2**40, 273999003], "ts": [when] * 3,
                           "lat": [41.5, 41.5, 1e12], "lon": [131.0, 131.0, 131.0]}))
    [heard] = grid.parts
    assert heard.rows() == [(476256, 166, 524, 273999001)]  # hour since 1970, cell, MMSI
