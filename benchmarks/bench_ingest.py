"""Decode throughput of darkfleet's fast path against pyais, and peak memory of an ingest.

`run(out)` generates (once, deterministic seed) a 1,000,000-line NMEA file in `out/`: tag-blocked
single-sentence types 1, 3 and 18 mostly, some two-sentence type 5 and some type 24 A/B, built
from a pool of messages encoded with pyais. In the same run it measures:

- darkfleet: `decode_lines` over the whole file, already read and split into lines, in chunks of
  about the default `chunk_lines`; messages/s counts only the messages the fast path decoded,
  over the time of all lines (those it leaves to the scalar path cost time but count for nothing);
- pyais: `pyais.decode` per message on the first 100,000 lines, also already split (both parts
  of a type 5 together);
- peak RSS of a subprocess: `darkfleet ingest` of the file when that command exists, else a
  process streaming the file through `decode_lines` chunk by chunk (the note says which).
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from darkfleet.ingest.fastpath import decode_lines
from darkfleet.ingest.settings import IngestSettings

LINES = 1_000_000
PYAIS_SAMPLE_LINES = 100_000
SEED = 20240229
BENCHMARK = "ingest"
STATIONS = ("rORBCOMM008", "rORBCOMM104", "2573535", "3669946", "kystverket", "amsa-sydney")


def _pool(rng: np.random.Generator) -> dict[str, list[list[str]]]:
    """Messages encoded with pyais, by kind: each a list of its sentences' NMEA text."""
    from pyais.encode import encode_dict

    mmsis = rng.integers(200_000_000, 775_999_999, size=3000).tolist()

    def encode(msg_type: int, **fields: object) -> list[str]:
        data = {"type": msg_type, "msg_type": msg_type, "mmsi": mmsis[int(rng.integers(3000))]}
        channel = "AB"[int(rng.integers(2))]
        return list(encode_dict({**data, **fields}, talker_id="AI", sentence_type="VDM",
                                radio_channel=channel))

    def moving(msg_type: int, **fields: object) -> list[str]:
        return encode(msg_type, lat=float(rng.uniform(-60, 70)), lon=float(rng.uniform(-180, 180)),
                      speed=round(float(rng.uniform(0, 25)), 1), heading=int(rng.integers(360)),
                      course=round(float(rng.uniform(0, 359.9)), 1), **fields)

    return {
        "position_a": [moving(int(t), status=int(rng.integers(9)))
                       for t in rng.choice([1, 3], size=20_000, p=[0.8, 0.2])],
        "position_b": [moving(18) for _ in range(5000)],
        "static_report": [encode(24, partno=n % 2, shipname=f"VESSEL {n}", callsign=f"UB{n}",
                                 ship_type=70, to_bow=90, to_stern=20, to_port=10, to_starboard=12)
                          for n in range(2000)],
        "voyage": [encode(5, imo=9_000_000 + n, shipname=f"CARRIER {n}", callsign="UBRH7",
                          ship_type=70, destination="RUVYP", draught=8.5) for n in range(2000)],
    }


def _tag_block(rng: np.random.Generator, epoch: int) -> str:
    from pyais.util import checksum

    tag = f"s:{STATIONS[int(rng.integers(len(STATIONS)))]},c:{epoch}"
    return f"\\{tag}*{checksum(tag.encode()):02X}\\"


def generate(path: Path) -> None:
    """Write the benchmark's NMEA file (deterministic for the seed)."""
    rng = np.random.default_rng(SEED)
    pool = _pool(rng)
    kinds = list(pool)
    picks = rng.choice(len(kinds), size=LINES, p=[0.80, 0.12, 0.05, 0.03]).tolist()
    members = rng.integers(1 << 30, size=LINES).tolist()
    lines: list[str] = []
    epoch = 1_700_000_000
    for kind, member in zip(picks, members, strict=True):
        messages = pool[kinds[kind]]
        epoch += member % 2
        tag = _tag_block(rng, epoch)
        lines.extend(tag + sentence for sentence in messages[member % len(messages)])
        if len(lines) >= LINES:
            break
    path.write_text("\n".join(lines[:LINES]) + "\n")


def read_chunks(path: Path, chunk_lines: int) -> Iterator[list[bytes]]:
    """The file's lines (without `\\n`) in chunks of about `chunk_lines` lines."""
    rest = b""
    with path.open("rb") as stream:
        while block := stream.read(chunk_lines * 90):
            data, newline, rest = (rest + block).rpartition(b"\n")
            if newline:
                yield data.split(b"\n")
    if rest:
        yield [rest]


def darkfleet_throughput(chunks: list[list[bytes]]) -> tuple[float, float, int, int]:
    """CPU and wall seconds for `decode_lines` of every chunk, messages decoded, lines."""
    decoded = 0
    cpu, wall = time.process_time(), time.perf_counter()
    for chunk in chunks:
        decoded += int(decode_lines(chunk).handled.sum())
    lines = sum(map(len, chunks))
    return time.process_time() - cpu, time.perf_counter() - wall, decoded, lines


def pyais_throughput(path: Path) -> tuple[float, float, int]:
    """CPU and wall seconds and messages for `pyais.decode` of the first lines of the file."""
    from pyais import decode

    with path.open("rb") as stream:
        sample = [line.rstrip(b"\r\n") for line in itertools.islice(stream, PYAIS_SAMPLE_LINES)]
    messages: list[tuple[bytes, ...]] = []
    for line in sample:
        if b",2,2," in line and messages:
            messages[-1] += (line,)
        else:
            messages.append((line,))
    if b",2,1," in messages[-1][-1]:
        messages.pop()
    cpu, wall = time.process_time(), time.perf_counter()
    for parts in messages:
        decode(*parts)
    return time.process_time() - cpu, time.perf_counter() - wall, len(messages)


def peak_rss(path: Path) -> tuple[float, float, str]:
    """Peak resident memory (MiB) and CPU seconds of a subprocess ingesting or streaming the
    file, and which of the two it was."""
    from darkfleet.cli import cli

    with tempfile.TemporaryDirectory() as workspace:
        if "ingest" in cli.commands:
            command = [sys.executable, "-m", "darkfleet", "ingest", str(path), "-w", workspace]
            how = "`darkfleet ingest` of the file"
        else:
            command = [sys.executable, "-m", "benchmarks.bench_ingest", str(path)]
            how = "a process streaming the file through decode_lines (no `ingest` command yet)"
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise RuntimeError(f"{' '.join(command)} failed with status {status}")
    return usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, how


def run(out: Path) -> list[dict[str, object]]:
    path = out / "ingest-1m.nmea"
    if not path.exists():
        generate(path)
    chunks = list(read_chunks(path, IngestSettings().chunk_lines))
    cpu, wall, decoded, lines = min(darkfleet_throughput(chunks) for _ in range(3))
    del chunks
    pyais_cpu, pyais_wall, messages = min(pyais_throughput(path) for _ in range(3))
    ours, theirs = decoded / cpu, messages / pyais_cpu
    rss_mib, process_cpu, how = peak_rss(path)
    row = {"benchmark": BENCHMARK}
    timing = "per second of process CPU time (wall-clock: {:,.0f}/s)"
    return [
        {**row, "metric": "darkfleet decode_lines", "value": ours, "unit": "messages/s",
         "note": f"{decoded:,} of {lines:,} lines decoded by the fast path, best of 3; "
         + timing.format(decoded / wall)},
        {**row, "metric": "pyais decode", "value": theirs, "unit": "messages/s",
         "note": f"{messages:,} messages of the first {PYAIS_SAMPLE_LINES:,} lines, best of 3; "
         + timing.format(messages / pyais_wall)},
        {**row, "metric": "speed-up", "value": ours / theirs, "unit": "x",
         "note": f"target 20; wall-clock ratio {decoded / wall / (messages / pyais_wall):.1f}"},
        {**row, "metric": "peak RSS", "value": rss_mib, "unit": "MiB", "note": how},
        {**row, "metric": "whole process", "value": lines / process_cpu, "unit": "lines/s",
         "note": f"{how}, per CPU second, start-up included"},
    ]


def _stream(path: Path) -> None:
    """Decode the file chunk by chunk, keeping nothing: what the peak RSS row measures."""
    for chunk in read_chunks(path, IngestSettings().chunk_lines):
        decode_lines(chunk)


if __name__ == "__main__":
    _stream(Path(sys.argv[1]))
