"""The web app: request latency over HTTP on a real uvicorn server and a pipeline workspace.

The workspace is the SIMULATED flagship scenario over 14 days with 40 background vessels,
ingested, screened against the bundled lists and detected. Baseline in the same run: `/health`
(no workspace query beyond listing its tables), and the same reads through the library without
HTTP, so the figures show what the per-request workspace open and the JSON cost.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "serve"))

from serve_helpers import build_workspace, serving  # noqa: E402

from darkfleet.events.query import Filters, read_table  # noqa: E402
from darkfleet.simulate import Size  # noqa: E402
from darkfleet.store import Workspace  # noqa: E402

SIZE = Size(days=14, background=40)
REPEATS = 20
ROUTES = ("/health", "/api/vessels", "/api/events", "/api/voyages?watched=true",
          "/api/matches", "/api/vessels/273990101", "/api/screen?imo=9179842",
          "/api/screen?name=ANGARA", "/")


def _row(metric: str, value: float | int, unit: str, note: str = "") -> dict[str, Any]:
    return {"benchmark": "serve", "metric": metric, "value": value, "unit": unit, "note": note}


def _median_ms(call: Callable[[], object]) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return round(sorted(times)[len(times) // 2] * 1000, 2)


def run(out: Path) -> list[dict[str, Any]]:
    root = out / "serve"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    start = time.perf_counter()
    config = build_workspace(root, SIZE)
    rows = [_row("workspace build", round(time.perf_counter() - start, 3), "s",
                 f"{SIZE.days:g} days, {SIZE.background} background vessels")]
    with serving(config) as server:
        rows += _latencies(server)
    for table in ("events", "vessels"):
        def read(name: str = table) -> object:
            with Workspace.open(config.workspace) as ws:
                return read_table(ws, name, Filters())
        rows.append(_row(f"library read {table}", _median_ms(read), "ms",
                         "baseline: open + read, no HTTP"))
    return rows


def _latencies(server: Any) -> list[dict[str, Any]]:
    rows = []
    for route in ROUTES:
        answer = server.get(route)
        rows.append(_row(f"GET {route}", _median_ms(lambda r=route: server.get(r)), "ms",
                         f"median of {REPEATS}; {len(answer.body):,} bytes, {answer.status}"))
    return rows
