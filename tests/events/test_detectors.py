import json
from datetime import timedelta

from event_factories import (
    RAJIN,
    SEA,
    T0,
    Ping,
    heartbeat,
    make_positions,
    make_statics,
    sail,
    stay,
)

from darkfleet.events.collision_detector import MmsiCollisionDetector
from darkfleet.events.encounter_detector import EncounterDetector
from darkfleet.events.gap_detector import GapDetector
from darkfleet.events.static_detectors import DraughtChangeDetector, IdentityChangeDetector
from darkfleet.events.stay_detectors import LoiteringDetector, PortCallDetector


def _t(minutes):
    return T0 + timedelta(minutes=minutes)


def _run(detector, builder, *chunks):
    for pings, statics in chunks:
        detector.feed(builder.chunk(make_positions(pings), statics))
    return detector.finish(builder.window())


def test_port_call_starts_and_ends_at_first_and_last_slow_fix_in_port(builder, settings):
    pings = stay(*RAJIN, 0, 3) + sail(RAJIN, SEA, 180, 12)
    events = _run(PortCallDetector(settings.port_call), builder, (pings, None))
    assert events.select("type", "port", "start", "end", "duration_h").rows() == [
        ("port_call", "KPNJN", _t(0), _t(180), 3.0)]
    assert json.loads(events["details"][0]) == {
        "segment": 0, "fixes": 19, "open": False, "confidence": 3, "port_gap": False}


def test_port_call_survives_a_few_fixes_outside_the_area(builder, settings):
    outside = [Ping(RAJIN[0] + 0.05, RAJIN[1], 60 + i * 10, 0.3) for i in range(3)]  # 5.5 km N
    pings = stay(*RAJIN, 0, 1) + outside + stay(*RAJIN, 90, 2) + sail(RAJIN, SEA, 210, 6)
    events = _run(PortCallDetector(settings.port_call), builder, (pings, None))
    assert events.select("port", "start", "end").rows() == [("KPNJN", _t(0), _t(210))]


def test_port_call_too_short_is_no_event(builder, settings):
    pings = stay(*RAJIN, 0, 1.5) + sail(RAJIN, SEA, 90, 6)
    assert _run(PortCallDetector(settings.port_call), builder, (pings, None)).is_empty()


def test_port_call_open_at_window_end(builder, settings):
    pings = sail((42.15, 130.45), RAJIN, -60, 6) + stay(*RAJIN, 10, 4)
    events = _run(PortCallDetector(settings.port_call), builder, (pings, None))
    assert events.select("start", "end").rows() == [(_t(10), _t(250))]
    assert json.loads(events["details"][0])["open"] is True


def test_gap_at_sea_is_detected_with_its_ends(builder, settings):
    a, b = (42.0, 131.0), (42.0, 132.0)
    pings = sail((42.0, 130.9), a, 0, 3) + sail(b, (42.0, 132.1), 8 * 60, 3) + heartbeat(0, 9)
    events = _run(GapDetector(settings.gap), builder, (pings, None))
    assert events.select("start", "end", "duration_h").rows() == [(_t(30), _t(490), 7.667)]
    details = json.loads(events["details"][0])
    assert details["distance_m"] == 85_388.0 and details["open"] is False


def test_gap_across_midnight_and_partitions(builder, settings):
    day1 = sail((42.0, 130.9), (42.0, 131.0), 20 * 60, 3) + heartbeat(20 * 60, 3.5)
    day2 = heartbeat(24 * 60, 7) + sail((42.0, 131.6), (42.0, 131.7), 30 * 60, 3)
    events = _run(GapDetector(settings.gap), builder, (day1, None), (day2, None))
    assert events.select("start", "end").rows() == [(_t(20 * 60 + 30), _t(30 * 60 + 10))]


def test_silence_of_everyone_is_a_coverage_hole_not_a_gap(builder, settings):
    a, b = (42.0, 131.0), (42.0, 132.0)
    pings = sail((42.0, 130.9), a, 0, 3) + sail(b, (42.0, 132.1), 8 * 60, 3)
    assert _run(GapDetector(settings.gap), builder, (pings, None)).is_empty()


def test_slow_vessel_silent_in_port_is_no_gap(builder, settings):
    pings = stay(*RAJIN, 0, 1) + stay(*RAJIN, 9 * 60, 1)
    assert _run(GapDetector(settings.gap), builder, (pings, None)).is_empty()


def test_open_gap_at_window_end(builder, settings):
    dark = sail((42.0, 130.9), (42.0, 131.0), 0, 3)
    other = stay(*RAJIN, 0, 10, step_min=60, mmsi=273999002)  # the window runs to 10:00
    events = _run(GapDetector(settings.gap), builder, (dark + other, None))
    assert events.select("mmsi", "start", "end").rows() == [(273999001, _t(30), _t(600))]
    assert json.loads(events["details"][0])["open"] is True


def test_encounter_at_sea(builder, settings):
    one = stay(*SEA, 0, 3, speed=0.5, mmsi=273999001)
    two = stay(SEA[0] + 0.002, SEA[1], 5, 3, speed=0.5, mmsi=273999002)  # 222 m apart
    events = _run(EncounterDetector(settings.encounter), builder, (one + two, None))
    assert events.select("mmsi", "other_mmsi", "start", "end").rows() == [
        (273999001, 273999002, _t(5), _t(180))]


def test_encounter_across_midnight_and_partitions(builder, settings):
    day1 = stay(*SEA, 22 * 60, 1.9, speed=0.5) + stay(
        SEA[0] + 0.002, SEA[1], 22 * 60 + 5, 1.8, speed=0.5, mmsi=273999002)
    day2 = stay(*SEA, 24 * 60, 1.5, speed=0.5) + stay(
        SEA[0] + 0.002, SEA[1], 24 * 60 + 5, 1.5, speed=0.5, mmsi=273999002)
    events = _run(EncounterDetector(settings.encounter), builder, (day1, None), (day2, None))
    assert events.select("mmsi", "other_mmsi", "start", "end").rows() == [
        (273999001, 273999002, _t(22 * 60 + 5), _t(25 * 60 + 30))]


def test_vessels_moored_side_by_side_in_port_are_no_encounter(builder, settings):
    one = stay(*RAJIN, 0, 6, speed=0.0, mmsi=273999001)
    two = stay(RAJIN[0] + 0.0005, RAJIN[1], 0, 6, speed=0.0, mmsi=273999002)
    assert _run(EncounterDetector(settings.encounter), builder, (one + two, None)).is_empty()


def test_loitering_offshore(builder, settings):
    pings = sail((42.0, 131.2), SEA, 0, 3) + stay(*SEA, 40, 5, speed=1.0)
    events = _run(LoiteringDetector(settings.loitering), builder, (pings, None))
    assert events.select("start", "end").rows() == [(_t(40), _t(340))]


def test_mmsi_collision_of_two_transmitters(builder, settings):
    far = (42.0, 134.0)  # 207 km east of SEA
    pings = []
    for i in range(12):
        pings.append(Ping(SEA[0], SEA[1] + i * 0.003, i * 10, 8.0))
        pings.append(Ping(far[0], far[1] + i * 0.003, i * 10 + 5, 8.0))
    tracks = builder.chunk(make_positions(pings))
    assert tracks.points.group_by("segment").len().sort("segment").rows() == [(0, 12), (1, 12)]
    events = MmsiCollisionDetector(settings.collision).detect(tracks)
    assert events.select("start", "end").rows() == [(_t(5), _t(115))]
    assert json.loads(events["details"][0])["jumps"] == 23


def test_collisions_a_day_apart_are_two_events(builder, settings):
    far = (42.0, 134.0)
    pings = []
    for start in (0, 36 * 60):
        for i in range(4):
            pings.append(Ping(SEA[0], SEA[1] + i * 0.003, start + i * 10, 8.0))
            pings.append(Ping(far[0], far[1] + i * 0.003, start + i * 10 + 5, 8.0))
    pings.append(Ping(SEA[0], SEA[1] + 0.02, 20 * 60, 8.0))  # the first transmitter alone
    tracks = builder.chunk(make_positions(pings))
    events = MmsiCollisionDetector(settings.collision).detect(tracks)
    assert events.select("start", "end").rows() == [
        (_t(5), _t(35)), (_t(36 * 60 + 5), _t(36 * 60 + 35))]


def test_a_single_spike_is_dropped_not_a_collision(builder, settings):
    pings = sail((42.0, 130.9), (42.0, 131.2), 0, 10)
    pings.insert(5, Ping(45.0, 135.0, 55, 8.0))
    tracks = builder.chunk(make_positions(pings))
    assert tracks.points.height == 10
    assert MmsiCollisionDetector(settings.collision).detect(tracks).is_empty()


def test_identity_and_draught_change(builder, settings):
    pings = stay(*RAJIN, 0, 4)
    statics = make_statics([
        {"mmsi": 273999001, "minute": 0, "imo": 9538892, "shipname": "SPARTA III",
         "draught_m": 5.0},
        {"mmsi": 273999001, "minute": 60, "imo": 9538892, "shipname": "SPARTA III",
         "draught_m": 5.0},
        {"mmsi": 273999001, "minute": 120, "imo": 9538892, "shipname": "URSA MAJOR",
         "draught_m": 7.5},
    ])
    tracks = builder.chunk(make_positions(pings), statics)
    ident = IdentityChangeDetector(settings.identity).detect(tracks)
    assert ident.select("start", "end").rows() == [(_t(60), _t(120))]
    assert json.loads(ident["details"][0])["changed"] == ["shipname"]
    draught = DraughtChangeDetector(settings.draught).detect(tracks)
    assert draught.select("start", "end", "port").rows() == [(_t(60), _t(120), "KPNJN")]
    assert json.loads(draught["details"][0])["change_m"] == 2.5


def test_event_ids_are_deterministic(builder, settings):
    pings = stay(*RAJIN, 0, 3) + sail(RAJIN, SEA, 180, 12)
    events = _run(PortCallDetector(settings.port_call), builder, (pings, None))
    # sha1("port_call|273999001||2023-08-01T00:00:00.000Z")[:16]
    assert events["id"].to_list() == ["77078433b84e9429"]
