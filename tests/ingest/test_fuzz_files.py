"""A seeded mutation corpus of whole files, made at test time from the bundled real recordings.

Every file (bit flips, truncation, CR/LF/CRLF mixes, NUL and non-UTF-8 bytes, a 1 MB line, huge
and negative numbers in tag blocks and `$PGHP`, truncated and corrupt gzip, empty and binary
files) must give no exception but a `DarkfleetError`, exit code 0 or 1, and a report whose
counts add up. On every NMEA file, the fast path and the scalar path alone decide alike.
"""

import gzip
import random
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from darkfleet.cli import cli
from darkfleet.errors import DarkfleetError
from darkfleet.ingest import IngestSettings, fastpath, ingest_files
from darkfleet.store import POSITIONS, STATIC_REPORTS, Workspace

PACKAGE_DATA = Path(__file__).parents[2] / "src" / "darkfleet" / "data" / "ais"
CSV_DATA = Path(__file__).parent / "data"
SOURCES = ["kystverket-aisnet/Ais1000Lines.nm4", "dma-aislib/stream_example.txt",
           "dma-aislib/ais250.txt", "amsa-risky/nmea-timestamped.txt", "amsa-risky/ais.txt.gz",
           "dma-aislib/decode_encode_messages.txt"]
SETTINGS = IngestSettings(chunk_lines=1000)


def source_lines(name, count=1200, seed=0):
    data = (PACKAGE_DATA / name).read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    lines = data.splitlines()
    start = random.Random(seed).randrange(max(len(lines) - count, 1))
    return lines[start : start + count]


def flip_bits(data, rng):
    data = bytearray(data)
    for _ in range(rng.randrange(1, 30)):
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return bytes(data)


def truncate(data, rng):
    return data[: rng.randrange(len(data))]


def line_ends(data, rng):
    return b"".join(line + rng.choice([b"\n", b"\r", b"\r\n", b"\n\r", b"\r\r\n"])
                    for line in data.splitlines())


def odd_bytes(data, rng):
    data = bytearray(data)
    for _ in range(rng.randrange(1, 20)):
        data.insert(rng.randrange(len(data)), rng.choice([0, 0x80, 0xFF, 0xC3, 0xE2]))
    return bytes(data)


def long_line(data, rng):
    at = rng.randrange(len(data))
    return data[:at] + b"A" * 1_000_000 + data[at:]


def huge_numbers(data, rng):
    number = rng.choice([b"-1", b"-1700000000", b"9" * 30, b"253402300799", b"0", b"1" * 13])
    data = re.sub(rb"c:[0-9]+", lambda _: b"c:" + number, data)
    return re.sub(rb"(PGHP,1,)[0-9]+", lambda m: m.group(1) + number, data)


def broken_gzip(data, rng):
    packed = gzip.compress(data)
    if rng.random() < 0.5:
        return packed[: rng.randrange(2, len(packed))]
    at = rng.randrange(10, len(packed))
    return packed[:at] + bytes(rng.randrange(256) for _ in range(16)) + packed[at + 16 :]


def shuffle_fragments(data, rng):
    """Drops and swaps lines: orphan fragments beside whole messages with the same keys."""
    lines = [line for line in data.splitlines() if rng.random() > 0.1]
    for _ in range(len(lines) // 10):
        at = rng.randrange(len(lines) - 1)
        lines[at], lines[at + 1] = lines[at + 1], lines[at]
    return b"\n".join(lines) + b"\n"


MUTATIONS = [flip_bits, truncate, line_ends, odd_bytes, long_line, huge_numbers, broken_gzip,
             shuffle_fragments]


def corpus(folder, seed=7):
    """(path, is NMEA) of every corpus file, written into `folder`."""
    rng = random.Random(seed)
    files = {"empty.nmea": b"", "binary.bin": bytes(rng.randrange(256) for _ in range(5000)),
             "nul.nmea": bytes(3000), "prose.txt": b"Not AIS.\nJust words, and commas.\n"}
    for index, mutation in enumerate(MUTATIONS * 3):
        name = SOURCES[index % len(SOURCES)]
        data = b"\n".join(source_lines(name, seed=index)) + b"\n"
        files[f"{index:02d}-{mutation.__name__}.nmea"] = mutation(data, rng)
    for path in sorted(CSV_DATA.glob("*.csv")):
        data = path.read_bytes()
        for mutation in (flip_bits, truncate, line_ends, odd_bytes, broken_gzip):
            files[f"{path.stem}-{mutation.__name__}.csv"] = mutation(data, rng)
    written = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        written.append(folder / name)
    return written


@pytest.fixture(scope="module")
def fuzz_files(tmp_path_factory):
    return corpus(tmp_path_factory.mktemp("fuzz"))


def ingest_one(path, workspace):
    """The report and tables of one file, or the DarkfleetError it gave."""
    with Workspace.open(workspace, create=True) as ws:
        try:
            (report,) = ingest_files([path], ws, SETTINGS)
        except DarkfleetError as error:
            return error, None
        tables = {name: ws.query(f"SELECT * FROM {{{name}}} ORDER BY line").to_pylist()
                  if ws.has_table(name) else []
                  for name in ("positions", "static_reports", "quarantine")}
    return report, tables


def no_fast_path(lines, context_ts_ms=None):
    return fastpath.FastBatch(np.zeros(len(lines), dtype=bool), POSITIONS.empty_table(),
                              STATIC_REPORTS.empty_table(), np.array([len(x) for x in lines]))


def test_every_corpus_file_is_accounted_for_and_both_paths_agree(fuzz_files, tmp_path):
    outcomes = {}
    for index, path in enumerate(fuzz_files):
        report, tables = ingest_one(path, tmp_path / f"ws{index}")
        if tables is None:
            outcomes[path.name] = type(report).__name__
            continue
        outcomes[path.name] = "read_error" if report.read_error else "ok"
        assert report.lines == report.sentences + report.ignored + report.quarantined, path
        assert report.messages == (report.positions + report.static_reports + report.duplicates
                                   + report.header_only - report.in_both_tables), path
        assert len(tables["quarantine"]) == report.quarantined, path
        if report.format == "nmea":
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(fastpath, "decode_lines", no_fast_path)
                scalar, scalar_tables = ingest_one(path, tmp_path / f"scalar{index}")
            assert scalar == report, path
            assert scalar_tables == tables, path
    assert outcomes["prose.txt"] == "InputError"
    assert sum(v == "read_error" for v in outcomes.values()) >= 6
    assert sum(v == "ok" for v in outcomes.values()) >= 15


def test_the_command_exits_0_or_1_on_every_corpus_file(fuzz_files, tmp_path):
    codes = set()
    for path in fuzz_files[::3]:
        result = CliRunner().invoke(cli, ["ingest", str(path), "-w", str(tmp_path / "ws")])
        assert result.exit_code in (0, 1), (path, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), path
        codes.add(result.exit_code)
    assert codes == {0, 1}
