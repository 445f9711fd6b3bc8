"""End to end: the whole `darkfleet ingest` process against pyais on the same files, same run.

`run(out)` generates (once per size, deterministic seed) two NMEA files in `out/`, of
`DARKFLEET_BENCH_INGEST_LINES` lines each (default 10,000,000: large files, where throughput
decides; on a million lines darkfleet's start-up is two fifths of its time), from pools of
messages encoded with pyais:

- terrestrial: single-sentence types 1, 3 and 18 mostly, type 24 A/B, and type 5 (two
  sentences) on 5% of the lines; a `c:` tag block on every line;
- satellite: static-heavy, 40% of the lines in two-sentence type 5 messages, an `s:`/`c:` tag
  block on every sentence (as satellite providers write them).

For each file, in the same run, it times two subprocesses from start to exit (wall-clock and
CPU time, start-up included; both programs' modules byte-compiled first, as installed):
`darkfleet ingest FILE -w NEW_WORKSPACE` (reading, decoding, duplicates, writing Parquet), and a
Python process that decodes the file with pyais (`FileReaderStream` + `decode()` of every
message). The ratio is pyais's time over darkfleet's. The peak RSS of the darkfleet process
and its workers is reported too (summed, sampled every 20 ms, `_TreeMemory`), and on a satellite
file of `DARKFLEET_BENCH_INGEST_RSS_LINES` lines (default 10 million, 0 to skip) together with
its throughput. `DARKFLEET_BENCH_INGEST_REPEAT` (default 3) sets how many runs of each process
the best is taken of.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

LINES = int(os.environ.get("DARKFLEET_BENCH_INGEST_LINES", "10000000"))
#: Lines of the file whose peak memory is measured (0: not measured).
RSS_LINES = int(os.environ.get("DARKFLEET_BENCH_INGEST_RSS_LINES", "10000000"))
REPEAT = int(os.environ.get("DARKFLEET_BENCH_INGEST_REPEAT", "3"))
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
    """Write one benchmark file (deterministic for the seed), whole messages only."""
    rng = np.random.default_rng(SEED)
    pool = _pool(rng)
    kinds = list(MIXES[mix])
    shares = np.array([MIXES[mix][k] / len(pool[k][0]) for k in kinds])  # per message
    picks = rng.choice(len(kinds), size=lines_wanted, p=shares / shares.sum())
    members = rng.integers(1 << 30, size=lines_wanted)
    epoch, written = 1_700_000_000, 0
    with path.open("w") as out:
        for first in range(0, lines_wanted, 100_000):
            lines: list[str] = []
            for kind, member in zip(picks[first:first + 100_000].tolist(),
                                    members[first:first + 100_000].tolist(), strict=True):
                messages = pool[kinds[kind]]
                epoch += member % 2
                for sentence in messages[member % len(messages)]:
                    tag = (f"s:{STATIONS[member % len(STATIONS)]},c:{epoch}"
                           if mix == "satellite" else f"c:{epoch}")
                    lines.append(_tag_block(tag) + sentence)
                if written + len(lines) >= lines_wanted:
                    break
            out.write("\n".join(lines) + "\n")
            written += len(lines)
            if written >= lines_wanted:
                return


class _TreeMemory:
    """Samples the summed RSS of a process and its descendants (an upper bound: pages shared
    between them, such as libraries and memory-mapped files, count once per process).

    Light, so as not to slow the process measured on a machine of few cores: the RSS of each
    known process is read every 20 ms, the list of descendants (a walk of every process of the
    machine) refreshed every `REFRESH` samples only.
    """

    REFRESH = 10

    def __init__(self, pid: int) -> None:
        import psutil  # type: ignore[import-untyped]

        self.peak = 0
        self._process = psutil.Process(pid)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        import psutil  # type: ignore[import-untyped]

        tree, count = [self._process], 0
        while not self._stop.wait(0.02):
            if count % self.REFRESH == 0:
                with contextlib.suppress(psutil.Error):
                    tree = [self._process, *self._process.children(recursive=True)]
            count += 1
            total = 0
            for process in tree:
                try:
                    total += process.memory_info().rss
                except psutil.Error:
                    continue
            self.peak = max(self.peak, total)

    def stop(self) -> float:
        """Stop sampling; the peak in MiB."""
        self._stop.set()
        self._thread.join()
        return self.peak / 2**20


def timed(command: list[str]) -> tuple[float, float, float, str, float]:
    """Wall seconds, CPU seconds (its workers' included), the peak RSS of its largest process
    (MiB), its stdout, and the peak summed RSS of it and its workers (MiB)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL if "-w" in command else
                               subprocess.PIPE, stderr=subprocess.DEVNULL)
    memory = _TreeMemory(process.pid)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    tree = memory.stop()
    output = process.stdout.read().decode() if process.stdout else ""
    if status != 0:
        raise RuntimeError(f"{' '.join(command)} failed with status {status}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output, tree


def _ingest(path: Path) -> tuple[float, float, float, str, float]:
    with tempfile.TemporaryDirectory() as workspace:
        return timed([sys.executable, "-m", "darkfleet", "ingest", str(path), "-w", workspace])


def measure(path: Path) -> dict[str, float]:
    """Both processes on one file, best of `REPEAT` each, taken in turns."""
    darkfleet, pyais = [], []
    for _ in range(REPEAT):
        darkfleet.append(_ingest(path))
        pyais.append(timed([sys.executable, "-c", PYAIS_SCRIPT, str(path)]))
    ours, theirs = min(darkfleet), min(pyais)
    return {"wall": ours[0], "cpu": ours[1], "rss": max(r[2] for r in darkfleet),
            "tree_rss": max(r[4] for r in darkfleet), "pyais_wall": theirs[0],
            "pyais_cpu": theirs[1], "pyais_messages": float(theirs[3].strip() or 0)}


def _file(out: Path, mix: str, lines: int) -> Path:
    path = out / f"ingest-{mix}-{lines}.nmea"
    if not path.exists():
        generate(path, mix, lines)
    return path


def byte_compiled() -> None:
    """Byte-compile darkfleet's modules, as installing a package does (pyais's are, in
    site-packages): with `PYTHONDONTWRITEBYTECODE` set, an editable install would otherwise
    compile its sources again in every process timed."""
    import compileall

    import darkfleet

    compileall.compile_dir(str(Path(darkfleet.__file__).parent), quiet=1)


def run(out: Path) -> list[dict[str, object]]:
    byte_compiled()
    rows: list[dict[str, object]] = []
    row = {"benchmark": BENCHMARK}
    best = f"best of {REPEAT}"
    for mix in MIXES:
        path = _file(out, mix, LINES)
        lines = sum(1 for _ in path.open("rb"))
        got = measure(path)
        rows += [
            {**row, "metric": f"{mix}: darkfleet ingest, whole process", "value": got["wall"],
             "unit": "s", "note": f"{lines:,} lines, {lines / got['wall']:,.0f} lines/s wall, "
             f"{got['cpu']:.2f} s CPU, start-up and Parquet writing included, {best}"},
            {**row, "metric": f"{mix}: pyais FileReaderStream + decode", "value":
             got["pyais_wall"], "unit": "s", "note": f"{got['pyais_messages']:,.0f} messages, "
             f"{got['pyais_cpu']:.2f} s CPU, {best}"},
            {**row, "metric": f"{mix}: speed-up end to end", "value":
             got["pyais_wall"] / got["wall"], "unit": "x", "note": "target 20; CPU-time ratio "
             f"{got['pyais_cpu'] / got['cpu']:.1f}, {os.cpu_count()} cores"},
            {**row, "metric": f"{mix}: peak RSS of darkfleet ingest", "value": got["tree_rss"],
             "unit": "MiB", "note": f"{lines:,} lines; processes summed; largest process "
             f"{got['rss']:,.0f} MiB"},
        ]
    if RSS_LINES:
        path = _file(out, "satellite", RSS_LINES)
        wall, cpu, rss, _, tree = _ingest(path)
        rows.append({**row, "metric": f"satellite, {RSS_LINES:,} lines: peak RSS of darkfleet "
                     "ingest", "value": tree, "unit": "MiB",
                     "note": f"limit 1,024; processes summed (largest {rss:,.0f} MiB); "
                     f"{wall:.1f} s wall, {RSS_LINES / wall:,.0f} lines/s, {cpu:.1f} s CPU"})
    return rows
