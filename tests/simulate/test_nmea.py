from hypothesis import given
from hypothesis import strategies as st
from pyais import decode

from darkfleet.simulate.nmea import (
    PositionReport,
    StaticReport,
    checksum,
    position_payload,
    sentences,
    static_payload,
)


def _sentences(lines):
    return [line.rsplit("\\", 1)[1] for line in lines]


def test_position_line_is_exact_and_decodes():
    report = PositionReport(273990101, 42.243, 130.303, 9.5, 45.2, 30)
    lines = sentences(*position_payload(report), 1690848000, "darkfleet-simulated", 0)
    assert lines == ["\\s:darkfleet-simulated,c:1690848000*03"
                     "\\!AIVDM,1,1,,A,145C1m@P1O9DNe@H:w21i?vt0000,0*23"]
    decoded = decode(_sentences(lines)[0]).asdict()
    assert (decoded["mmsi"], decoded["lat"], decoded["lon"], decoded["speed"],
            decoded["course"], decoded["second"]) == (273990101, 42.243, 130.303, 9.5, 45.2, 30)


def test_static_report_takes_two_sentences_and_decodes():
    report = StaticReport(273990102, 8517839, "UBRH7", "MARIA", 70, 8.3, "DUNAI")
    lines = sentences(*static_payload(report), 1690848000, "darkfleet-simulated", 12)
    assert [line.split("\\")[1] for line in lines] == [
        "g:1-2-12,s:darkfleet-simulated,c:1690848000*72",
        "g:2-2-12,s:darkfleet-simulated,c:1690848000*71"]
    decoded = decode(*_sentences(lines)).asdict()
    assert (decoded["imo"], decoded["callsign"], decoded["shipname"], decoded["draught"],
            decoded["destination"]) == (8517839, "UBRH7", "MARIA", 8.3, "DUNAI")


def test_checksum_of_a_libais_vector():
    # tests/data/vectors/libais/typeexamples.nmea, first line: ...,0*28
    assert checksum("AIVDM,1,1,,A,403Ovl@000Htt<tSF0l4Q@100`Pq,0") == "28"


@given(st.integers(200_000_000, 799_999_999), st.floats(-90, 90), st.floats(-180, 180),
       st.floats(0, 102.2), st.floats(0, 359.9), st.integers(0, 59))
def test_position_round_trip(mmsi, lat, lon, speed, course, second):
    report = PositionReport(mmsi, lat, lon, speed, course, second)
    payload, fill = position_payload(report)
    decoded = decode(_sentences(sentences(payload, fill, 0, "x", 0))[0]).asdict()
    assert decoded["mmsi"] == mmsi
    assert abs(decoded["lat"] - lat) < 1e-6 * 2 and abs(decoded["lon"] - lon) < 1e-6 * 2
    assert abs(decoded["speed"] - speed) <= 0.05 + 1e-9
    assert decoded["second"] == second
