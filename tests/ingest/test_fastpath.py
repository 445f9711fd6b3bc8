"""The vectorised fast path agrees with pyais on real recordings and on encoded messages.

pyais is the reference: on every handled line of the bundled samples and the libais vectors,
each decoded field equals pyais's value after the not-available rules (floats within the field's
resolution). Lines the fast path must leave to the scalar path (fragments of multi-sentence
messages other than adjacent two-sentence type 5 pairs, bad checksums, other types, odd lengths,
corrupted bytes) are checked to be unhandled.
"""

from __future__ import annotations

import gzip
import math
import random
from functools import reduce
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from passes import with_and_without
from pyais.constants import ShipType
from pyais.decode import decode_nmea_and_ais
from pyais.encode import encode_dict

from darkfleet.ingest import fastpath
from darkfleet.ingest.fastpath import decode_lines

SAMPLES = {
    "amsa-risky/ais.txt.gz": 30356,
    "amsa-risky/nmea-timestamped.txt": 100,
    "dma-aislib/ais250.txt": 234,
    "dma-aislib/decode_encode_messages.txt": 549,
    "dma-aislib/stream_example.txt": 4063,
    "kystverket-aisnet/Ais1000Lines.nm4": 754,
}
VECTORS = {"tagblock.nmea": 3, "typeexamples.nmea": 8}
POSITION_TYPES = {1, 2, 3, 4, 18, 19, 21, 27}


fast_pass = with_and_without(fastpath, "AVAILABLE", False, "numpy")


def read_lines(path: Path) -> list[bytes]:
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    lines = data.split(b"\n")
    return lines[:-1] if lines and lines[-1] == b"" else lines


def sentence(line: bytes) -> bytes:
    """The NMEA sentence of a line: without its tag block and trailing fields."""
    body = line.rsplit(b"\\", 1)[-1] if line.startswith(b"\\") else line
    star = body.find(b"*")
    return body[: star + 3] if star >= 0 else body


def checksum_valid(line: bytes) -> bool:
    body = sentence(line)
    star = body.find(b"*")
    if not body.startswith(b"!") or star < 0:
        return False
    actual = reduce(lambda a, b: a ^ b, body[1:star], 0)
    return body[star + 1 : star + 3] == b"%02X" % actual


def fragment_count(line: bytes) -> int:
    fields = sentence(line).split(b",")
    return int(fields[1]) if len(fields) > 2 and fields[1].isdigit() else 0


def expected_time_and_source(line: bytes, nmea: Any) -> tuple[int | None, str | None]:
    """Timestamp (ms) and source by the documented rules, computed line by line."""
    ts = source = None
    if nmea.tag_block is not None:
        nmea.tag_block.init()
        stamp, source = nmea.tag_block.receiver_timestamp, nmea.tag_block.source_station
        if stamp is not None:
            ts = int(stamp) if int(stamp) > 10**11 else int(stamp) * 1000
    trailing = line.split(b"*", 1)[1].split(b"\\")[-1][2:] if b"*" in line else b""
    if not line.startswith(b"\\") and trailing.startswith(b","):
        fields = trailing[1:].split(b",")
        epoch = int(fields[-1])
        ts = epoch if len(fields[-1]) == 13 else epoch * 1000
        stations = [f.decode() for f in fields if f[:1] in (b"r", b"b")]
        source = stations[0] if stations else None
    return ts, source


def na_float(value: float | None, unavailable: float) -> float | None:
    return None if value is None or value >= unavailable else float(value)


def expected_position(msg: Any) -> dict[str, Any]:
    kind = {4: "base_station", 21: "aid_to_navigation"}.get(msg.msg_type, "vessel")
    long_range = msg.msg_type == 27
    row: dict[str, Any] = {"mmsi": msg.mmsi, "msg_type": msg.msg_type, "kind": kind}
    row["lat"] = None if abs(msg.lat) > 90 else msg.lat
    row["lon"] = None if abs(msg.lon) > 180 else msg.lon
    speed, course = getattr(msg, "speed", None), getattr(msg, "course", None)
    row["speed_kn"] = na_float(speed, 63 if long_range else 102.3)
    row["course_deg"] = na_float(course, 360)
    row["heading_deg"] = na_float(getattr(msg, "heading", None), 360)
    row["nav_status"] = int(msg.status) if msg.msg_type in (1, 2, 3, 27) else None
    return row


def expected_static(msg: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"mmsi": msg.mmsi, "msg_type": msg.msg_type}
    row["part"] = "AB"[msg.partno] if msg.msg_type == 24 else None
    for name in ("shipname", "callsign"):
        text = getattr(msg, name, None) or ""
        row[name] = text.partition("@")[0].strip(" ") or None  # the decoder's text rule
    row["ship_type"] = getattr(msg, "ship_type", None) or None
    for name in ("to_bow", "to_stern", "to_port", "to_starboard"):
        row[f"{name}_m"] = getattr(msg, name, None) or None
    if msg.msg_type == 5:
        row["imo"] = msg.imo or None
        row["destination"] = msg.destination.partition("@")[0].strip(" ") or None
        row["draught_m"] = msg.draught or None
    return row


def assert_row_matches(row: dict[str, Any], expected: dict[str, Any], line: bytes) -> None:
    resolution = {"lat": 2e-6, "lon": 2e-6, "speed_kn": 1e-4, "course_deg": 1e-4,
                  "draught_m": 1e-4}
    if expected.get("msg_type") == 27:
        resolution.update(lat=2e-3, lon=2e-3)
    for name, want in expected.items():
        got = row[name]
        if name in resolution or name == "heading_deg":
            assert (got is None) == (want is None), (name, line)
            if got is not None:
                assert math.isclose(got, want, abs_tol=resolution.get(name, 0)), (name, line)
        else:
            assert got == want, (name, got, want, line)


def check_against_pyais(lines: list[bytes]) -> int:
    """Compare every handled line with pyais; return how many lines were handled."""
    batch = decode_lines(lines)
    table = batch.positions.append_column("ts_ms", batch.positions["ts"].cast("int64"))
    positions = {row["line"]: row for row in table.to_pylist()}
    statics = {row["line"]: row for row in batch.static_reports.to_pylist()}
    seconds = set(batch.pair_seconds.tolist())
    for index in np.flatnonzero(batch.handled).tolist():
        line = lines[index]
        if index in seconds:
            continue
        if fragment_count(line) == 2:  # a two-sentence type 5 and the line after it
            nmea, msg = decode_nmea_and_ais(line, lines[index + 1])
            assert msg.msg_type == 5 and index + 1 in seconds
            want = expected_static(msg)  # pyais maps reserved ship types to 0: the raw bits
            payload_bits = "".join(format(c - 48 if c < 88 else c - 56, "06b")
                                   for c in nmea.payload)
            want["ship_type"] = int(payload_bits[232:240], 2) or None
            assert_row_matches(statics.pop(index), want, line)
            continue
        nmea, msg = decode_nmea_and_ais(line)
        ts, source = expected_time_and_source(line, nmea)
        if msg.msg_type in POSITION_TYPES:
            row = positions.pop(index)
            assert_row_matches(row, expected_position(msg), line)
            assert (row["ts_ms"], row["source"]) == (ts, source)
        if msg.msg_type in (19, 24):
            assert_row_matches(statics.pop(index), expected_static(msg), line)
    assert positions == {} and statics == {}
    return int(batch.handled.sum())


def check_left_to_scalar(lines: list[bytes]) -> None:
    batch = decode_lines(lines)
    in_pairs = set(batch.pair_seconds.tolist()) | set((batch.pair_seconds - 1).tolist())
    for index, (line, done) in enumerate(zip(lines, batch.handled, strict=True)):
        if not checksum_valid(line) or (fragment_count(line) != 1 and index not in in_pairs):
            assert not done, line


@pytest.mark.parametrize(("name", "count"), SAMPLES.items())
def test_samples_agree_with_pyais(package_data: Path, name: str, count: int) -> None:
    lines = read_lines(package_data / "ais" / name)
    assert check_against_pyais(lines) == count
    check_left_to_scalar(lines)


@pytest.mark.parametrize(("name", "count"), VECTORS.items())
def test_libais_vectors_agree_with_pyais(test_data: Path, name: str, count: int) -> None:
    lines = read_lines(test_data / "vectors" / "libais" / name)
    assert check_against_pyais(lines) == count
    check_left_to_scalar(lines)


def test_context_time_applies_only_without_own_time() -> None:
    lines = [
        b"!AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0*30",
        b"\\c:1565218798*53\\!BSVDM,1,1,,A,13mb9U0P00PRk8fT5nw>4?wj2006,0*5D",
        b"!AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0*30,1325394001123",
        b"!AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0*30",
    ]
    context = np.array([1_276_256_771_390, 5, 5, -1])
    batch = decode_lines(lines, context)
    ts = batch.positions.column("ts").cast("int64").to_pylist()
    assert ts == [1_276_256_771_390, 1_565_218_798_000, 1_325_394_001_123, None]


def test_empty_chunk() -> None:
    batch = decode_lines([])
    assert batch.handled.shape == batch.line_bytes.shape == (0,)
    assert batch.positions.num_rows == batch.static_reports.num_rows == 0


@pytest.mark.parametrize("odd", [b"", b"a\nline holding a newline"])
def test_the_length_of_every_line_in_bytes(odd: bytes) -> None:
    good = b"!AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0*30"
    lines = [good, good + b"\r", b"", b"x" * 5000, odd, "Æ".encode() * 3, *[good] * 3]
    batch = decode_lines(lines, None)
    assert batch.line_bytes.tolist() == [len(line) for line in lines]
    assert batch.handled.tolist() == [True, True, False, False, False, False, True, True, True]


SIXBIT_TEXT = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -.", max_size=20)
LAT = st.integers(-90 * 600_000, 90 * 600_000)
LON = st.integers(-180 * 600_000, 180 * 600_000)
MMSI = st.integers(1, 999_999_999)
# pyais encodes only the ship types it names (others become their category or 0).
SHIP_TYPE = st.sampled_from(sorted({int(code) for code in ShipType} - {0}))


def encoded(data: dict[str, Any]) -> bytes:
    data = {**data, "msg_type": data["type"]}
    (line,) = encode_dict(data, talker_id="AI", sentence_type="VDM", radio_channel="B")
    return line.encode()


def decoded_row(line: bytes, static: bool = False) -> dict[str, Any]:
    batch = decode_lines([line])
    assert batch.handled.tolist() == [True]
    table = batch.static_reports if static else batch.positions
    (row,) = table.to_pylist()
    return row


@settings(max_examples=60, deadline=None)
@given(msg_type=st.sampled_from([1, 2, 3]), mmsi=MMSI, lat=LAT, lon=LON,
       speed=st.integers(0, 1022), course=st.integers(0, 3599), heading=st.integers(0, 359),
       status=st.integers(0, 15))
def test_class_a_round_trip(msg_type: int, mmsi: int, lat: int, lon: int, speed: int,
                            course: int, heading: int, status: int) -> None:
    row = decoded_row(encoded({"type": msg_type, "mmsi": mmsi, "lat": lat / 600_000,
                               "lon": lon / 600_000, "speed": speed / 10, "course": course / 10,
                               "heading": heading, "status": status}))
    assert (row["msg_type"], row["mmsi"], row["nav_status"]) == (msg_type, mmsi, status)
    assert (row["lat"], row["lon"]) == (lat / 600_000, lon / 600_000)
    assert row["speed_kn"] == np.float32(speed / 10)
    assert row["course_deg"] == np.float32(course / 10)
    assert row["heading_deg"] == heading


@settings(max_examples=40, deadline=None)
@given(mmsi=MMSI, lat=LAT, lon=LON, speed=st.integers(0, 1022), name=SIXBIT_TEXT,
       ship_type=SHIP_TYPE, bow=st.integers(1, 511), port=st.integers(1, 63))
def test_class_b_extended_round_trip(mmsi: int, lat: int, lon: int, speed: int, name: str,
                                     ship_type: int, bow: int, port: int) -> None:
    line = encoded({"type": 19, "mmsi": mmsi, "lat": lat / 600_000, "lon": lon / 600_000,
                    "speed": speed / 10, "shipname": name, "ship_type": ship_type,
                    "to_bow": bow, "to_port": port})
    position, static = decoded_row(line), decoded_row(line, static=True)
    assert (position["mmsi"], position["lat"], position["lon"]) == (mmsi, lat / 600_000,
                                                                    lon / 600_000)
    assert position["speed_kn"] == np.float32(speed / 10) and position["nav_status"] is None
    assert static["shipname"] == (name.strip(" ") or None)
    assert (static["ship_type"], static["to_bow_m"], static["to_stern_m"]) == (ship_type, bow, None)
    assert (static["to_port_m"], static["part"]) == (port, None)


@settings(max_examples=40, deadline=None)
@given(mmsi=MMSI, lat=st.integers(-90 * 600, 90 * 600), lon=st.integers(-180 * 600, 180 * 600),
       speed=st.integers(0, 62), course=st.integers(0, 359), status=st.integers(0, 15))
def test_long_range_round_trip(mmsi: int, lat: int, lon: int, speed: int, course: int,
                               status: int) -> None:
    row = decoded_row(encoded({"type": 27, "mmsi": mmsi, "lat": lat / 600, "lon": lon / 600,
                               "speed": speed, "course": course, "status": status}))
    assert (row["mmsi"], row["lat"], row["lon"]) == (mmsi, lat / 600, lon / 600)
    assert (row["speed_kn"], row["course_deg"], row["nav_status"]) == (speed, course, status)


@settings(max_examples=40, deadline=None)
@given(msg_type=st.sampled_from([4, 21]), mmsi=MMSI, lat=LAT, lon=LON)
def test_station_round_trip(msg_type: int, mmsi: int, lat: int, lon: int) -> None:
    data = {"type": msg_type, "mmsi": mmsi, "lat": lat / 600_000, "lon": lon / 600_000}
    row = decoded_row(encoded(data))
    assert (row["mmsi"], row["lat"], row["lon"]) == (mmsi, lat / 600_000, lon / 600_000)
    assert row["kind"] == ("base_station" if msg_type == 4 else "aid_to_navigation")
    assert row["speed_kn"] is None and row["nav_status"] is None


@settings(max_examples=60, deadline=None)
@given(mmsi=st.integers(1, 979_999_999), part=st.sampled_from([0, 1]), name=SIXBIT_TEXT,
       callsign=SIXBIT_TEXT.map(lambda text: text[:7]), ship_type=st.just(0) | SHIP_TYPE,
       stern=st.integers(0, 511), starboard=st.integers(0, 63))
def test_static_report_round_trip(mmsi: int, part: int, name: str, callsign: str, ship_type: int,
                                  stern: int, starboard: int) -> None:
    row = decoded_row(encoded({"type": 24, "mmsi": mmsi, "partno": part, "shipname": name,
                               "callsign": callsign, "ship_type": ship_type, "to_stern": stern,
                               "to_starboard": starboard}), static=True)
    assert (row["mmsi"], row["part"], row["msg_type"]) == (mmsi, "AB"[part], 24)
    if part == 0:
        assert row["shipname"] == (name.strip(" ") or None) and row["callsign"] is None
    else:
        assert (row["shipname"], row["callsign"]) == (None, callsign.strip(" ") or None)
        assert (row["ship_type"], row["to_stern_m"]) == (ship_type or None, stern or None)
        assert (row["to_starboard_m"], row["to_bow_m"]) == (starboard or None, None)


def sample_lines(package_data: Path) -> list[bytes]:
    lines = read_lines(package_data / "ais" / "kystverket-aisnet" / "Ais1000Lines.nm4")
    lines += read_lines(package_data / "ais" / "dma-aislib" / "ais250.txt")
    return lines + read_lines(Path(__file__).parents[1] / "data/vectors/libais/typeexamples.nmea")


def corrupt(line: bytes, rng: random.Random) -> bytes:
    """The line damaged in its sentence part, so that no reading of it may be trusted."""
    body = sentence(line)
    start = len(line) - len(line.split(b"!", 1)[-1]) if b"!" in line else 0
    end = start + len(body) - 1
    how = rng.randrange(4)
    if how == 0:  # one character of the checksummed part changed
        at = rng.randrange(start, end - 2)
        char = rng.choice([c for c in b"0123456789ABW`w,*!:\\" if c != line[at]])
        return line[:at] + bytes([char]) + line[at + 1 :]
    if how == 1:  # truncated inside the sentence
        return line[: rng.randrange(0, end)]
    if how == 2:  # a control or non-ASCII byte inserted
        at = rng.randrange(0, len(line))
        return line[:at] + bytes([rng.choice([0, 7, 10, 13, 27, 128, 195, 255])]) + line[at:]
    return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 120)))


def test_corrupted_lines_are_never_handled(package_data: Path) -> None:
    rng = random.Random(20240229)
    good = [line for line in sample_lines(package_data) if fragment_count(line) == 1]
    handled_before = decode_lines(good).handled
    broken = [corrupt(line, rng) for line in good for _ in range(3)]
    assert len(broken) == 3 * len(good) and handled_before.sum() == 996
    assert not decode_lines(broken).handled.any()
    mixed = decode_lines([line for pair in zip(good, broken[::3], strict=True) for line in pair])
    assert mixed.handled[0::2].tolist() == handled_before.tolist()
    assert not mixed.handled[1::2].any()


def test_huge_and_degenerate_lines() -> None:
    body = b"AIVDM,1,1,,A," + b"1" * 1_000_000 + b",0"
    valid_checksum = b"!%s*%02X" % (body, np.bitwise_xor.reduce(np.frombuffer(body, np.uint8)))
    lines = [
        valid_checksum,
        random.Random(7).randbytes(1_000_000),
        b"\\" * 1000 + b"!AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0*30",
        b"\\c:" + b"9" * 60 + b"*00\\!AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0*30",
        b"!AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0*30," + b"r" * 500 + b",1325394001",
        b"",
        b"!",
        b"*",
        b"\\",
        b"!AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0*30\r",
    ]
    assert checksum_valid(lines[0]) and checksum_valid(lines[2]) and checksum_valid(lines[4])
    handled = decode_lines(lines).handled
    assert handled.tolist() == [False] * 9 + [True]


def test_same_result_whatever_the_chunking(package_data: Path) -> None:
    lines = read_lines(package_data / "ais" / "dma-aislib" / "decode_encode_messages.txt")
    whole = decode_lines(lines)
    parts = [decode_lines(lines[start : start + 97]) for start in range(0, len(lines), 97)]
    assert np.concatenate([part.handled for part in parts]).tolist() == whole.handled.tolist()
    for table in ("positions", "static_reports"):
        rows = [row for index, part in enumerate(parts)
                for row in getattr(part, table).to_pylist()
                if row.update(line=row["line"] + 97 * index) is None]
        expected = getattr(whole, table).to_pylist()
        assert sorted(rows, key=itemgetter("line")) == sorted(expected, key=itemgetter("line"))


def test_same_result_whatever_the_block_size(package_data: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    lines = read_lines(package_data / "ais" / "dma-aislib" / "decode_encode_messages.txt")
    context = np.arange(len(lines), dtype=np.int64) * 1000 - 1
    whole = decode_lines(lines, context)
    monkeypatch.setattr(fastpath, "BLOCK_LINES", 41)
    blocks = decode_lines(lines, context)
    assert blocks.handled.tolist() == whole.handled.tolist()
    for table in ("positions", "static_reports"):
        rows = sorted(getattr(blocks, table).to_pylist(), key=itemgetter("line"))
        assert rows == sorted(getattr(whole, table).to_pylist(), key=itemgetter("line"))


def test_bad_payload_characters_with_valid_checksums_are_not_handled() -> None:
    bodies = [b"AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQ%c,0" % bad for bad in b"XZ^_x!"]
    bodies += [b"AIVDM,1,1,,A,%c5N1u<PP1FJuvSRHOE6QIwwh0HQ6,0" % bad for bad in b"X_x"]
    lines = [b"!%s*%02X" % (body, reduce(lambda a, b: a ^ b, body, 0)) for body in bodies]
    assert not decode_lines(lines).handled.any()


def test_source_strings_of_any_length() -> None:
    sources = ["r", "abcdefghijkl", "abcdefghijklm", "x" * 16, "y" * 20]
    lines = []
    for source in sources:
        tag = f"s:{source},c:1565218798".encode()
        lines.append(b"\\%s*%02X\\!AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0*30"
                     % (tag, reduce(lambda a, b: a ^ b, tag, 0)))
    lines.append(b"!AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0*30," + b"r" * 40 + b",1325394001")
    batch = decode_lines(lines)
    assert batch.handled.all()
    assert batch.positions.column("source").to_pylist() == [*sources, "r" * 40]


def test_a_chunk_without_any_checksum_star_is_not_handled() -> None:
    """A sentence cut before its `*`, in a chunk (or byte range) that holds no `*` at all."""
    lines = [b"!AIVDM,1,1,,A,13P;DhPP@M0RrVfOmDm=`9BJ00S;,0", b"!AIVDM,1,1,,B,13P;Dh,0,extra"]
    assert decode_lines(lines).handled.tolist() == [False, False]
