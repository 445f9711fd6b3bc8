"""Corrupted real lines: never an exception, and exactly the expected quarantine counts."""

import itertools
import random
from collections import Counter
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from darkfleet.errors import InputError
from darkfleet.ingest import IngestSettings, ingest_files
from darkfleet.ingest.scalar import Decoded, Quarantined, ScalarDecoder, Skipped
from darkfleet.ingest.sentence import checksum
from darkfleet.store import Workspace

PACKAGE_DATA = Path(__file__).parents[2] / "src" / "darkfleet" / "data"
SOURCE = "ais/kystverket-aisnet/Ais1000Lines.nm4"
ALPHABET = b"0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVW`abcdefghijklmnopqrstuvw"


def real_lines(package_data):
    """Single-sentence lines and two-sentence messages (as pairs) of a real recording."""
    lines = (package_data / SOURCE).read_bytes().splitlines()
    singles = [line for line in lines if b"VDM,1,1," in line]
    pairs = [(a, b) for a, b in itertools.pairwise(lines)
             if b"VDM,2,1," in a and b"VDM,2,2," in b]
    return singles, pairs


def with_key(line, seq_id, channel):
    """A sentence given another sequence id and channel (checksum recomputed)."""
    head, _, sentence = line.rpartition(b"\\")
    body = sentence[1 : sentence.rindex(b"*")].split(b",")
    body[3], body[4] = str(seq_id).encode(), channel.encode()
    body = b",".join(body)
    return (head + b"\\" if head else b"") + b"!" + body + f"*{checksum(body):02X}".encode()


def truncate(line, rng):
    star = line.rindex(b"*")
    start = line.index(b"!") + 8
    return line[: rng.randrange(start, star)], "truncated"


def flip(line, rng):
    fields = line.split(b",")
    payload = bytearray(fields[5])
    at = rng.randrange(len(payload))
    payload[at] = rng.choice([c for c in ALPHABET if c != payload[at]])
    fields[5] = bytes(payload)
    return b",".join(fields), "bad_checksum"


def bad_checksum(line, rng):
    star = line.rindex(b"*")
    old = int(line[star + 1 : star + 3], 16)
    new = rng.choice([v for v in range(256) if v != old])
    return line[: star + 1] + f"{new:02X}".encode() + line[star + 3 :], "bad_checksum"


def junk(_line, rng):
    data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200))).replace(b"\n", b"")
    return data.replace(b"\r", b"") + b"\xff", "invalid_utf8"


def megabyte(line, _rng):
    return line + b"," + b"A" * 1_000_000, "line_too_long"


CORRUPTIONS = [truncate, flip, bad_checksum, junk, megabyte]


def corrupted_file(package_data, seed):
    """Clean messages and corrupted lines in random order, with the expected counts."""
    rng = random.Random(seed)
    singles, pairs = real_lines(package_data)
    blocks, reasons, clean = [], Counter(), 0
    for line in rng.sample(singles, 120):
        if rng.random() < 0.5:
            blocks.append([line])
            clean += 1
        else:
            bad, reason = rng.choice(CORRUPTIONS)(line, rng)
            blocks.append([bad])
            reasons[reason] += 1
    keys = [(seq_id, channel) for seq_id in range(10) for channel in "AB"]
    for (first, second), key in zip(rng.sample(pairs, len(keys)), keys, strict=True):
        first, second = with_key(first, *key), with_key(second, *key)
        kept = rng.choice(["both", "first", "second"])
        if kept == "both":
            blocks.append([first, second])
            clean += 1
        else:
            blocks.append([first if kept == "first" else second])
            reasons["orphan_fragment"] += 1
    rng.shuffle(blocks)
    lines = [line for block in blocks for line in block]
    return b"\n".join(lines) + b"\n", reasons, clean, len(lines)


def test_corrupted_lines_are_counted_exactly(package_data, tmp_path):
    for seed in range(4):
        data, reasons, clean, n_lines = corrupted_file(package_data, seed)
        path = tmp_path / f"corrupt-{seed}.nmea"
        path.write_bytes(data)
        with Workspace.open(tmp_path / "ws", create=True) as ws:
            (report,) = ingest_files([path], ws, IngestSettings(chunk_lines=1000))
            stored = ws.query("SELECT reason, count(*) AS n FROM {quarantine} "
                              f"WHERE file = '{path}' GROUP BY reason").to_pylist()
        assert report.lines == n_lines
        assert report.quarantined_by_reason == dict(sorted(reasons.items()))
        assert {row["reason"]: row["n"] for row in stored} == dict(reasons)
        assert report.messages == clean
        assert report.lines == report.sentences + report.quarantined + report.ignored


def test_a_line_of_a_megabyte_is_not_held(tmp_path):
    path = tmp_path / "long.nmea"
    path.write_bytes(b"!AIVDM," + b"x" * 3_000_000 + b"\n\n")
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        (report,) = ingest_files([path], ws, IngestSettings())
        (row,) = ws.read("quarantine").to_pylist()
    assert report.quarantined_by_reason == {"line_too_long": 1}
    assert report.ignored_by_reason == {"blank": 1}
    assert (row["line"], len(row["raw"])) == (1, 1000)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.binary(max_size=120), max_size=20))
def test_any_bytes_are_accounted_for(lines):
    decoder = ScalarDecoder()
    events = [e for n, raw in enumerate(lines, 1) for e in decoder.feed(raw, n)]
    events += decoder.finish()
    seen = sorted([n for e in events if isinstance(e, Decoded) for n in e.lines]
                  + [e.line for e in events if isinstance(e, Quarantined | Skipped)])
    assert seen == list(range(1, len(lines) + 1))


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_mutated_real_lines_never_raise(data):
    singles, _ = real_lines(PACKAGE_DATA)
    line = bytearray(data.draw(st.sampled_from(singles)))
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(line) - 1))
        line[at] = data.draw(st.integers(0, 255))
    events = ScalarDecoder().feed(bytes(line), 1)
    assert len(events) <= 1


CSV_HEADER = b"MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,"
CSV_HEADER += b"Length,Width,Draft,Cargo,TransceiverClass"


@settings(max_examples=25, deadline=None)
@given(lines=st.lists(st.binary(max_size=200), max_size=30), csv=st.booleans())
@example(lines=[b"\x1f\x8b\x08 not really gzip"], csv=False)
@example(lines=[], csv=False)
def test_ingesting_any_bytes_accounts_for_every_line(tmp_path_factory, lines, csv):
    folder = tmp_path_factory.mktemp("any")
    lines = [line.replace(b"\n", b"").replace(b"\r", b"") for line in lines]
    if csv:
        lines = [CSV_HEADER, *lines]
    path = folder / "any.txt"
    data = b"".join(line + b"\n" for line in lines)
    path.write_bytes(data)
    with Workspace.open(folder / "ws", create=True) as ws:
        try:
            (report,) = ingest_files([path], ws, IngestSettings())
        except InputError as error:  # neither NMEA nor a known CSV: the layouts are listed
            assert "--csv-map" in str(error) and not csv
            return
    if data.startswith(b"\x1f\x8b"):  # gzip's magic bytes: a corrupt gzip file
        assert report.read_error is not None and report.read_error.startswith("cannot read")
        return
    assert report.lines == len(lines) == report.sentences + report.ignored + report.quarantined
