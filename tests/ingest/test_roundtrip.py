"""Hypothesis round-trips: messages encoded with pyais's encoder decode back to the same values."""

import pyais
from hypothesis import given, settings
from hypothesis import strategies as st
from pyais.constants import ShipType
from reference import PYAIS, assert_same, expected

from darkfleet.ingest.message import KEYS
from darkfleet.ingest.scalar import Decoded, ScalarDecoder

TEXT = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -.,/", max_size=20)
CALLSIGN = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", max_size=7)
MMSI = st.integers(1, 2**30 - 1)
# pyais's encoder folds ship type codes its enum lacks into others; use the ones it keeps.
SHIP_TYPE = st.sampled_from(sorted({member.value for member in ShipType}))


def scaled(low, high, scale):
    return st.integers(low, high).map(lambda raw: raw / scale)


LAT = scaled(-54_600_000, 54_600_000, 600_000)  # includes the 91° not-available code
LON = scaled(-108_600_000, 108_600_000, 600_000)
POSITION = {
    "mmsi": MMSI, "lat": LAT, "lon": LON, "speed": scaled(0, 1023, 10),
    "course": scaled(0, 4095, 10), "heading": st.integers(0, 511),
}
DIMENSIONS = {"to_bow": st.integers(0, 511), "to_stern": st.integers(0, 511),
              "to_port": st.integers(0, 63), "to_starboard": st.integers(0, 63)}
STRATEGIES = {
    1: st.fixed_dictionaries({**POSITION, "status": st.integers(0, 15)}),
    4: st.fixed_dictionaries({"mmsi": MMSI, "lat": LAT, "lon": LON}),
    5: st.fixed_dictionaries({
        "mmsi": MMSI, "imo": st.integers(0, 2**30 - 1), "callsign": CALLSIGN, "shipname": TEXT,
        "ship_type": SHIP_TYPE, "draught": scaled(0, 255, 10), "destination": TEXT,
        **DIMENSIONS}),
    18: st.fixed_dictionaries(POSITION),
    19: st.fixed_dictionaries({**POSITION, "shipname": TEXT, "ship_type": SHIP_TYPE,
                               **DIMENSIONS}),
    21: st.fixed_dictionaries({"mmsi": MMSI, "lat": LAT, "lon": LON, "name": TEXT,
                               **DIMENSIONS}),
    27: st.fixed_dictionaries({
        "mmsi": MMSI, "lat": scaled(-54_600, 54_600, 600), "lon": scaled(-108_600, 108_600, 600),
        "speed": st.integers(0, 63), "course": st.integers(0, 511),
        "status": st.integers(0, 15)}),
}


def decode(sentences):
    decoder = ScalarDecoder()
    events = [e for n, s in enumerate(sentences, 1) for e in decoder.feed(s.encode(), n)]
    events += decoder.finish()
    (event,) = events
    assert isinstance(event, Decoded)
    return event.message


def check(data, msg_type, key):
    message = decode(pyais.encode_dict({**data, "type": msg_type, "msg_type": msg_type}))
    assert (message.msg_type, message.mmsi) == (msg_type, data["mmsi"])
    for field in KEYS[key]:
        name = "name" if field == "shipname" and msg_type == 21 else PYAIS[field]
        if name == "partno":
            continue
        want = expected(field, data[name], msg_type)
        assert_same(field, getattr(message, field), want, msg_type)


@settings(max_examples=60, deadline=None)
@given(msg_type=st.sampled_from([1, 2, 3]), data=STRATEGIES[1])
def test_class_a_position(msg_type, data):
    check(data, msg_type, 1)


@settings(max_examples=60, deadline=None)
@given(msg_type=st.sampled_from([4, 5, 18, 19, 21, 27]), data=st.data())
def test_other_types(msg_type, data):
    check(data.draw(STRATEGIES[msg_type]), msg_type, msg_type)


@settings(max_examples=60, deadline=None)
@given(mmsi=MMSI, shipname=TEXT, callsign=CALLSIGN, ship_type=SHIP_TYPE,
       dimensions=st.fixed_dictionaries(DIMENSIONS))
def test_type_24_parts(mmsi, shipname, callsign, ship_type, dimensions):
    part_a = {"mmsi": mmsi, "partno": 0, "shipname": shipname}
    part_b = {"mmsi": mmsi, "partno": 1, "callsign": callsign, "ship_type": ship_type,
              **dimensions}
    message = decode(pyais.encode_dict({**part_a, "type": 24}))
    assert (message.part, message.shipname) == ("A", expected("shipname", shipname, 24))
    message = decode(pyais.encode_dict({**part_b, "type": 24}))
    assert message.part == "B"
    for field in KEYS["24B"][1:]:
        assert getattr(message, field) == expected(field, part_b[PYAIS[field]], 24), field


@settings(max_examples=30, deadline=None)
@given(data=STRATEGIES[5], seq_id=st.integers(0, 9), channel=st.sampled_from("AB"))
def test_multi_sentence_with_sequence_ids(data, seq_id, channel):
    sentences = pyais.encode_dict({**data, "type": 5}, radio_channel=channel, seq_id=seq_id)
    assert len(sentences) == 2
    assert decode(sentences).imo == (data["imo"] or None)
