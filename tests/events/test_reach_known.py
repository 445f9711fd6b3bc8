"""A gap's reach looked up among reaches found earlier (a distributed run finds them while other
windows still run): by everything the reach depends on, with the same result as working it out.

Vessel A sails east along 41.5° N and is silent 8 h (06:00 to 14:00) while vessel B is heard on
its lane: one suspected gap (tests/events/test_gap_quality.py).
"""

import json

from event_factories import make_positions, sail

from darkfleet.events.gap_detector import GapDetector
from darkfleet.events.port_index import PortIndex
from darkfleet.events.ports import builtin_registry
from darkfleet.events.reach import ReachKey, reach_keys, reaches, with_reach
from darkfleet.events.settings import DetectSettings
from darkfleet.tracks.builder import TrackBuilder
from darkfleet.tracks.settings import TrackSettings

A, B = 273999001, 273999002


def _gap_events():
    pings = (sail((41.5, 130.8), (41.5, 131.8), 0, 36, 10, 7.5, A)
             + sail((41.5, 133.13), (41.5, 133.9), 840, 36, 10, 7.5, A)
             + sail((41.45, 131.6), (41.45, 133.3), 300, 60, 10, 10.0, B))
    settings = DetectSettings()
    builder = TrackBuilder(TrackSettings(), PortIndex(builtin_registry(), 10_000),
                           settings.gap.min_duration_h)
    detector = GapDetector(settings.gap)
    detector.feed(builder.chunk(make_positions(pings)))
    return detector.finish(builder.window()), settings


def test_a_known_reach_is_used_and_gives_the_same_events():
    events, settings = _gap_events()
    registry = builtin_registry()
    known = reaches(reach_keys(events, settings), registry, settings)
    [key] = known
    # the reported speed (7.5 kn) raised to reach.min_speed_kn; the fixes around the silence
    # (the first after it 10 min into the second leg) and the silence's length
    assert key == ReachKey(8.0, 41.5, 131.8, 41.5, 133.15138888888887, 8.167)
    assert with_reach(events, registry, settings, known).equals(
        with_reach(events, registry, settings))
    planted = {key: {**known[key], "sea_distance_nm": 1234.5}}
    [gap] = with_reach(events, registry, settings, planted).iter_rows(named=True)
    assert json.loads(gap["details"])["sea_distance_nm"] == 1234.5


def test_only_suspected_closed_gaps_have_a_reach_to_find():
    events, settings = _gap_events()
    unsuspected = events.with_columns(events["details"].str.replace(
        '"suspected":true', '"suspected":false'))
    assert reach_keys(unsuspected, settings) == []
