"""End to end: the whole `darkfleet ingest` process against pyais on the same files, same run.

`run(out)` generates (once per size, deterministic seed) two NMEA files in `out/`, of
`DARKFLEET_BENCH_INGEST_LINES` lines each (default 1,000,000), from pools of messages encoded
with pyais:

- terrestrial: single-sentence types 1, 3 and 18 mostly, type 24 A/B, and type 5 (two
  sentences) on 5% of the lines; a `c:` tag block on every line;
- satellite: static-heavy, 40% of the lines in two-sentence type 5 messages, an `s:`/`c:` tag
  block on every sentence (as satellite providers write them).

For each file, in the same run, it times two subprocesses from start to exit (wall-clock and
CPU time, start-up included): `darkfleet ingest FILE -w NEW_WORKSPACE` (reading, decoding,
duplicates, writing Parquet), and a Python process that decodes the file with pyais
(`FileReaderStream` + `decode()` of every message). The ratio is pyais's time over darkfleet's.
The peak RSS of the darkfleet process is reported too.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

LINES = int(os.environ.get("DARKFLEET_BENCH_INGEST_LINES", "1000000"))
SEED = 20240229
BENCHMARK = "ingest"
STATIONS = ("rORBCOMM008", "rORBCOMM104", "2573535", "3669946", "kystverket", "amsa-sydney")
#: Share of lines, per file, from each pool (type 5 messages take two lines each).
MIXES = {
    "terrestrial": {"position_a": 0.77, "position_b": 0.15, "static_report": 0.055,
                    "voyage": 0.025},
    "satellite": {"position_a": 0.62, "position_b": 0.10, "static_report": 0.05, "voyage": 0.23},
}
PYAIS_SCRIPT = """
import sys
from pyais.stream import FileReaderStream
count = 0
for message in FileReaderStream(sys.argv[1]):
    message.decode()
    count += 1
print(count)
"""


def _pool(rng: np.random.Generator) -> dict[str, list[list[str]]]:
    """Messages encoded with pyais, by kind: each a list of its sentences' NMEA text."""
    from pyais.encode import encode_dict

    mmsis = rng.integers(200_000_000, 775_999_999, size=3000).tolist()

    def encode(msg_type: int, **fields: object) -> list[str]:
        data = {"type": msg_type, "msg_type": msg_type, "mmsi": mmsis[int(rng.integers(3000))]}
        channel = "AB"[int(rng.integers(2))]
        return list(encode_dict({**data, **fields}, talker_id="AI", sentence_type="VDM",
                                radio_channel=channel, seq_id=int(rng.integers(10))))

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


def _tag_block(tag: str) -> str:
    from pyais.util import checksum

    return f"\\{tag}*{checksum(tag.encode()):02X}\\"


def generate(path: Path, mix: str, lines_wanted: int) -> None:
    """Write one benchmark file (deterministic for the seed)."""
    rng = np.random.default_rng(SEED)
    pool = _pool(rng)
    kinds = list(MIXES[mix])
    shares = np.array([MIXES[mix][k] / len(pool[k][0]) for k in kinds])  # per message
    picks = rng.choice(len(kinds), size=lines_wanted, p=shares / shares.sum()).tolist()
    members = rng.integers(1 << 30, size=lines_wanted).tolist()
    lines: list[str] = []
    epoch = 1_700_000_000
    for kind, member in zip(picks, members, strict=True):
        messages = pool[kinds[kind]]
        epoch += member % 2
        for sentence in messages[member % len(messages)]:
            tag = (f"s:{STATIONS[member % len(STATIONS)]},c:{epoch}" if mix == "satellite"
                   else f"c:{epoch}")
            lines.append(_tag_block(tag) + sentence)
        if len(lines) >= lines_wanted:
            break
    while lines[-1].split(",")[1:3] == ["2", "1"]:
        lines.pop()
    path.write_text("\n".join(lines) + "\n")


def timed(command: list[str]) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds and peak RSS (MiB) of a subprocess, and its stdout."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    output = process.stdout.read().decode() if process.stdout else ""
    if status != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise RuntimeError(f"{' '.join(command)} failed with status {status}: {error}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output


def measure(path: Path) -> dict[str, float]:
    """Both processes on one file, best of 2 each."""
    darkfleet, pyais = [], []
    for _ in range(2):
        with tempfile.TemporaryDirectory() as workspace:
            darkfleet.append(timed([sys.executable, "-m", "darkfleet", "ingest", str(path),
                                    "-w", workspace]))
        pyais.append(timed([sys.executable, "-c", PYAIS_SCRIPT, str(path)]))
    ours, theirs = min(darkfleet), min(pyais)
    return {"wall": ours[0], "cpu": ours[1], "rss": max(r[2] for r in darkfleet),
            "pyais_wall": theirs[0], "pyais_cpu": theirs[1],
            "pyais_messages": float(theirs[3].strip() or 0)}


def run(out: Path) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for mix in MIXES:
        path = out / f"ingest-{mix}-{LINES}.nmea"
        if not path.exists():
            generate(path, mix, LINES)
        lines = sum(1 for _ in path.open("rb"))
        got = measure(path)
        row = {"benchmark": BENCHMARK}
        rows += [
            {**row, "metric": f"{mix}: darkfleet ingest, whole process", "value": got["wall"],
             "unit": "s", "note": f"{lines:,} lines, {lines / got['wall']:,.0f} lines/s wall, "
             f"{got['cpu']:.2f} s CPU, start-up and Parquet writing included, best of 2"},
            {**row, "metric": f"{mix}: pyais FileReaderStream + decode", "value":
             got["pyais_wall"], "unit": "s", "note": f"{got['pyais_messages']:,.0f} messages, "
             f"{got['pyais_cpu']:.2f} s CPU, best of 2"},
            {**row, "metric": f"{mix}: speed-up end to end", "value":
             got["pyais_wall"] / got["wall"], "unit": "x", "note": "target 20; CPU-time ratio "
             f"{got['pyais_cpu'] / got['cpu']:.1f}"},
            {**row, "metric": f"{mix}: peak RSS of darkfleet ingest", "value": got["rss"],
             "unit": "MiB", "note": f"{lines:,} lines"},
        ]
    return rows
