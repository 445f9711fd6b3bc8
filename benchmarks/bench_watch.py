"""The live watch: the full soak, 2 minutes at 10,000 messages/s (bounded) over TCP into a real
`darkfleet watch` process, with alerts on. Reports sustained messages/s, the lag the watch
reports, p50/p99 latency from sending a listed vessel's entry fix to its alert on stdout, and the
process's memory early and late in the run (flat memory: late about equal to early). Baseline
in the same run: the same lines decoded by the ingest pipeline alone (no socket, no store, no
detection), the ceiling the watch can approach. All traffic is SIMULATED.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "watch"))

from soak import background, entries, run_soak  # noqa: E402
from watch_helpers import free_port  # noqa: E402

from darkfleet.ingest.pipeline import NmeaPipeline  # noqa: E402
from darkfleet.ingest.reader import Chunk  # noqa: E402
from darkfleet.ingest.settings import IngestSettings  # noqa: E402
from darkfleet.screening import bundled_list_paths, load_list_files, load_lists  # noqa: E402
from darkfleet.store import Workspace  # noqa: E402
from darkfleet.watch.stamp import stamp  # noqa: E402

RATE, LISTED = 10_000, 40
#: The soak's length; `WATCH_SOAK_S=60 python -m benchmarks watch` for a shorter look (the
#: listed ships' first entry comes 31 s in, so a run shorter than about 40 s raises no alert).
SECONDS = float(os.environ.get("WATCH_SOAK_S", "120"))


def _row(metric: str, value: float | int, unit: str, note: str = "") -> dict[str, Any]:
    return {"benchmark": "watch", "metric": metric, "value": value, "unit": unit, "note": note}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else -1.0


def _decode_rate(pool: list[str]) -> float:
    lines = [stamp(x.encode(), 1_768_003_200_000 + i) for i, x in enumerate(pool)] * 10
    pipeline = NmeaPipeline("bench", IngestSettings())
    start = time.perf_counter()
    for first in range(0, len(lines), 10_000):
        pipeline.process(Chunk(first + 1, lines[first:first + 10_000]))
    return len(lines) / (time.perf_counter() - start)


def run(out: Path) -> list[dict[str, Any]]:
    workspace = out / "watch-ws"
    shutil.rmtree(workspace, ignore_errors=True)
    with Workspace.open(workspace, create=True) as ws:
        load_list_files(ws, bundled_list_paths())
        lists = load_lists(ws, vessels_only=True)
    named = {e.imo: e.name for x in lists for e in x.entries if e.imo and e.name.isascii()}
    visits = entries(list(named.items())[:LISTED])
    pool = background(2000, 10)
    result = run_soak(workspace, RATE, SECONDS, visits, pool, free_port())
    rss = result.rss_mb
    early = max(rss[len(rss) // 4: len(rss) // 2]) if len(rss) > 4 else -1.0
    late = max(rss[3 * len(rss) // 4:]) if len(rss) > 4 else -1.0
    note = f"{len(result.latencies_s)} of {len(visits)} entries alerted"
    return [
        _row("sustained messages/s (alerts on)", result.sent / result.seconds, "msg/s",
             f"{result.sent:,} lines over {result.seconds:.0f} s, exit {result.returncode}"),
        _row("decode only, baseline", _decode_rate(pool), "msg/s", "ingest pipeline alone"),
        _row("lag, max", max(result.lags_s, default=-1.0), "s", "from the status line"),
        _row("alert latency p50", _percentile(result.latencies_s, 0.5), "s", note),
        _row("alert latency p99", _percentile(result.latencies_s, 0.99), "s", note),
        _row("memory, first half (max RSS)", early, "MiB"),
        _row("memory, last quarter (max RSS)", late, "MiB"),
    ]
