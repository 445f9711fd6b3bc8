"""For every bundled AIS file: counts add up to the lines, and darkfleet agrees with pyais field
by field on every message both decode."""

import functools
import gzip
from pathlib import Path

import pyais
import pytest
from pyais.constants import ShipType
from reference import PYAIS, assert_same, expected

from darkfleet.ingest.message import KEYS
from darkfleet.ingest.scalar import Decoded, Quarantined, ScalarDecoder, Skipped

DATA = Path(__file__).parents[2] / "src" / "darkfleet" / "data" / "ais"
VECTORS = Path(__file__).parents[1] / "data" / "vectors" / "libais"
BUNDLED = sorted(p for p in DATA.rglob("*") if p.is_file() and "LICENSE" not in p.name)
FILES = [*BUNDLED, *(VECTORS / name for name in ("typeexamples.nmea", "tagblock.nmea",
                                                   "test.aivdm"))]


def read_lines(path):
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return [line.rstrip(b"\r") for line in data.split(b"\n")]


def decode_all(lines):
    decoder = ScalarDecoder()
    events = [e for n, raw in enumerate(lines, 1) for e in decoder.feed(raw, n)]
    return events + decoder.finish()


@functools.cache
def decoded_file(path):
    """The lines of a file (without the empty one after its last newline) and their events,
    decoded once for both tests of the file."""
    lines = read_lines(path)
    if lines and lines[-1] == b"":
        lines.pop()
    return lines, decode_all(lines)


def pyais_fields(sentences):
    try:
        return pyais.decode(*sentences).asdict()
    except Exception:  # pyais refuses it: not a message both decode
        return None


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_counts_add_up_to_the_lines(path):
    lines, events = decoded_file(path)
    accounted = sorted([n for e in events if isinstance(e, Decoded) for n in e.lines]
                       + [e.line for e in events if isinstance(e, Quarantined | Skipped)])
    assert accounted == list(range(1, len(lines) + 1))


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_fields_agree_with_pyais(path):
    lines, events = decoded_file(path)
    decoded = [e for e in events if isinstance(e, Decoded)]
    compared = 0
    for event in decoded:
        message = event.message
        reference = pyais_fields([lines[n - 1] for n in event.lines])
        if reference is None:
            continue
        compared += 1
        where = f"{path.name}:{message.line}"
        assert (message.msg_type, message.mmsi) == (reference["msg_type"], reference["mmsi"])
        key = message.msg_type if message.msg_type != 24 else f"24{message.part}"
        for field in KEYS.get(key, ()):
            name = "name" if field == "shipname" and message.msg_type == 21 else PYAIS[field]
            if isinstance(reference.get(name), ShipType):  # pyais folds reserved codes
                assert ShipType(message.ship_type or 0) == reference[name], where
                continue
            want = expected(field, reference.get(name), message.msg_type)
            assert_same(field, getattr(message, field), want, message.msg_type, where)
    if decoded:
        assert compared >= 0.95 * len(decoded), f"pyais decoded only {compared}/{len(decoded)}"
