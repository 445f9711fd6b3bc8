"""The compiled pass of the fast path decides every line as the NumPy pass does.

Both passes run over the same lines: every bundled recording, the mutation corpus of the fuzz
suite, and lines generated from real ones with bytes changed, inserted and cut where the framing
rules look (tag blocks, sentence heads, checksums, trailing fields). They must handle the same
lines and give the same rows (the compiled pass in line order, the NumPy pass grouped by layout),
the same values nulled by range rules, and the same two-sentence pairs.
"""

from __future__ import annotations

import gzip
import random
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_fastpath import SAMPLES
from test_fuzz_files import SOURCES, corpus, source_lines

from darkfleet.ingest import compiled
from darkfleet.ingest.fastpath import FastBatch, decode_lines
from darkfleet.ingest.sentence import checksum

pytestmark = pytest.mark.skipif(not compiled.AVAILABLE, reason="the compiled pass is not built")

PACKAGE_DATA = Path(__file__).parents[2] / "src" / "darkfleet" / "data" / "ais"


def rows(table: Any) -> list[dict[str, Any]]:
    return sorted(table.to_pylist(), key=lambda row: row["line"])


def assert_same(lines: list[bytes], context: np.ndarray | None = None) -> FastBatch:
    """Both passes over `lines`; returns the compiled pass's batch."""
    ours = decode_lines(lines, context, compiled=True)
    numpy = decode_lines(lines, context, compiled=False)
    assert ours.handled.tolist() == numpy.handled.tolist()
    assert ours.line_bytes.tolist() == numpy.line_bytes.tolist()
    assert rows(ours.positions) == rows(numpy.positions)
    assert rows(ours.static_reports) == rows(numpy.static_reports)
    for name in set(ours.nulled) | set(numpy.nulled):
        got = sorted(ours.nulled.get(name, np.empty(0)).tolist())
        assert got == sorted(numpy.nulled.get(name, np.empty(0)).tolist()), name
    pairs = sorted(zip(ours.pair_seconds.tolist(), ours.pair_keys.tolist(), strict=True))
    assert pairs == sorted(zip(numpy.pair_seconds.tolist(), numpy.pair_keys.tolist(),
                               strict=True))
    return ours


def file_lines(path: Path) -> list[bytes]:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            return []
    return data.split(b"\n")


def test_the_extension_is_built_where_a_compiler_is() -> None:
    if shutil.which("cc") is None and shutil.which("gcc") is None:
        pytest.skip("no C compiler here")
    assert compiled.AVAILABLE


@pytest.mark.parametrize(("name", "handled"), SAMPLES.items())
def test_bundled_recordings(name: str, handled: int) -> None:
    lines = file_lines(PACKAGE_DATA / name)
    batch = assert_same(lines[:-1] if lines[-1] == b"" else lines)
    assert batch.handled.sum() == handled
    for table in (batch.positions, batch.static_reports):  # line order
        line = table["line"].to_numpy()
        assert (np.diff(line) >= 0).all()


def test_bundled_recordings_with_a_stream_context() -> None:
    lines = file_lines(PACKAGE_DATA / "dma-aislib/stream_example.txt")
    context = np.random.default_rng(3).integers(-2, 1_700_000_000_000, len(lines))
    batch = assert_same(lines, context)
    assert batch.positions.num_rows > 1000


def test_fuzz_corpus(tmp_path: Path) -> None:
    handled = 0
    for path in corpus(tmp_path):
        lines = file_lines(path)
        handled += int(assert_same(lines).handled.sum())
    assert handled > 5000


ALPHABET = b"\\!*,:$0123456789AaBbcCgGrsS `@W\x00\x7f\xff\r"


def mutated(line: bytes, rng: random.Random) -> bytes:
    """`line` with one to four bytes changed, inserted or removed near its structure."""
    data = bytearray(line)
    marks = [i for i, c in enumerate(data) if c in b"\\!*,:"] or [0]
    for _ in range(rng.randrange(1, 5)):
        at = min(max(rng.choice(marks) + rng.randrange(-3, 4), 0), len(data))
        what = rng.randrange(4)
        if what == 0 and at < len(data):
            data[at] = rng.choice(ALPHABET)
        elif what == 1:
            data.insert(at, rng.choice(ALPHABET))
        elif what == 2 and at < len(data):
            del data[at]
        else:
            data[at:at] = rng.choice([b"\\c:1700000000*00\\", b",r0012,1700000000",
                                      b",1700000000123", b"s:x,", b"g:1-2-3,", b"\\"])
    return bytes(data)


def resummed(line: bytes) -> bytes:
    """`line` with its sentence checksum made valid again (when it has one)."""
    begin, star = line.find(b"!"), line.rfind(b"*")
    if begin < 0 or star < begin or star + 3 > len(line):
        return line
    body = line[begin + 1 : star]
    return line[: star + 1] + b"%02X" % checksum(body) + line[star + 3 :]


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), source=st.sampled_from(SOURCES))
def test_generated_lines(seed: int, source: str) -> None:
    rng = random.Random(seed)
    real = source_lines(source, count=300, seed=seed % 50)
    lines = []
    for line in real:
        if rng.random() < 0.3:
            line = mutated(line, rng)
            if rng.random() < 0.7:
                line = resummed(line)
        lines.append(line)
    assert_same(lines)


def test_every_byte_of_a_tagged_two_sentence_message_cut_or_changed() -> None:
    first = (b"\\s:rORBCOMM009,c:1565218798*00\\!BSVDM,2,1,3,A,53nPnh800000ha@J2218UH60U@4hT6"
             b"000000000t2PD33t?P008000000000,0*72")
    second = b"\\c:1565218799*00\\!BSVDM,2,2,3,A,00000000000,2*3E,r003669945,1565218799"
    lines = [resummed(first), resummed(second)]
    assert assert_same(lines).handled.tolist() == [True, True]
    for index in range(2):
        for at in range(len(lines[index])):
            for change in (b"", b",", b"*", b"\\", b"9"):
                copy = list(lines)
                copy[index] = lines[index][:at] + change + lines[index][at + 1 :]
                assert_same(copy)
                copy[index] = resummed(copy[index])
                assert_same(copy)


def test_every_byte_value_in_a_time_digit_or_a_payload_character() -> None:
    # the compiled pass reads the ten digits of `c:` eight at a time and de-armours payload
    # characters arithmetically: each of the 256 values in each place decides as NumPy does
    lines = [b"\\c:1565218798*00\\!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*24",
             b"\\s:2573535,c:1565218798*00\\!AIVDM,1,1,,B,B3HOIj000H08MeD6;wW7Gw`UoP06,0*6D"]
    changed = []
    for line in lines:
        digits = line.index(b"c:") + 2
        payload = line.index(b",A,") + 3 if b",A," in line else line.index(b",B,") + 3
        for at in [*range(digits, digits + 10), *range(payload, payload + 28)]:
            changed += [resummed(line[:at] + bytes([value]) + line[at + 1:])
                        for value in range(256)]
    batch = assert_same([resummed(line) for line in lines] + changed)
    assert batch.handled[:2].tolist() == [True, True]
    assert 0 < int(batch.handled.sum()) < len(changed)
