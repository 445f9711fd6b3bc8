"""The web app: p50/p99 latency of its pages and API on the demo workspace, next to a
static-file baseline, and `darkfleet detect` runs while clients keep 20 requests in flight.

The workspace is the one `darkfleet demo` builds (the SIMULATED flagship scenario with the real
public AIS samples, screened and detected). Baselines in the same run: the same small file
served by Python's own `http.server` (what any request costs on this machine) and by the app
(`/static/app.css`: the app's fixed cost without a workspace read). `DARKFLEET_BENCH_QUICK=1`
runs a small pipeline workspace with fewer requests instead (a smoke run).
"""

from __future__ import annotations

import functools
import gc
import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "serve"))

from serve_helpers import build_workspace, serving  # noqa: E402

from darkfleet.config import Config  # noqa: E402

QUICK = bool(os.environ.get("DARKFLEET_BENCH_QUICK"))
REPEATS = 20 if QUICK else 100
HEAVY_REPEATS = 10  # /brief renders the whole brief: p99 of 10 is their slowest
DETECT_RUNS = 2 if QUICK else 10
CLIENTS = 20
ANGARA = 273990101
PAGES = ("/", "/map", "/search?q=ANGARA", f"/vessels/{ANGARA}", "/events",
         "/events?type=ais_gap&watched=true", "/claims", "/estimate", "/brief")
API = ("/health", "/api/vessels", "/api/vessels?q=ANGARA", f"/api/vessels/{ANGARA}",
       "/api/events", "/api/events?type=ais_gap&bbox=129,41,133,44",
       "/api/voyages?watched=true&min_risk=0.5", "/api/matches", "/api/map",
       "/api/screen?imo=9179842")


def _row(metric: str, value: float | int, unit: str, note: str = "") -> dict[str, Any]:
    return {"benchmark": "serve", "metric": metric, "value": value, "unit": unit, "note": note}


def _fetch(url: str) -> tuple[int, int]:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.status, len(response.read())


def _latency(url: str, repeats: int) -> tuple[float, float, int, int]:
    """p50 and p99 in ms over `repeats` sequential requests, with the answer's status and
    size."""
    status, size = _fetch(url)  # warm
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        _fetch(url)
        times.append(time.perf_counter() - start)
    times.sort()
    p99 = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))]
    return round(times[len(times) // 2] * 1000, 2), round(p99 * 1000, 2), status, size


def _workspace(root: Path) -> Config:
    if QUICK:
        return build_workspace(root)
    from darkfleet.demo import run_demo

    return Config().with_workspace(run_demo(root / "demo", Config()).workspace)


def _static_baseline(folder: Path) -> tuple[str, Callable[[], None]]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()

    return f"http://127.0.0.1:{server.server_address[1]}", stop


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def run(out: Path) -> list[dict[str, Any]]:
    root = out / "serve"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    start = time.perf_counter()
    config = _workspace(root)
    rows = [_row("workspace build", round(time.perf_counter() - start, 3), "s",
                 "small pipeline workspace (quick)" if QUICK else "darkfleet demo")]
    from darkfleet.serve.app import warm_up
    from darkfleet.serve.pages import static_files

    (root / "static").mkdir()
    (root / "static" / "app.css").write_bytes(static_files()["app.css"])
    base, stop = _static_baseline(root / "static")
    try:
        rows.append(_measure("baseline: http.server static file", base + "/app.css"))
        with serving(config) as server:
            warm_up()  # as `darkfleet serve` does when it starts
            rows.append(_measure("baseline: app static file", server.base + "/static/app.css"))
            rows += [_measure(f"page {path}", server.base + path,
                              HEAVY_REPEATS if path == "/brief" else REPEATS)
                     for path in PAGES]
            rows += [_measure(f"API {path}", server.base + path) for path in API]
            rows += _detect_under_load(server, config)
    finally:
        stop()
        gc.unfreeze()
    return rows


def _measure(metric: str, url: str, repeats: int = REPEATS) -> dict[str, Any]:
    p50, p99, status, size = _latency(url, repeats)
    return _row(metric, p50, "ms p50", f"p99 {p99:,.2f} ms; {size:,} bytes, {status}; "
                                       f"{repeats} requests")


def _detect_under_load(server: Any, config: Config) -> list[dict[str, Any]]:
    """`darkfleet detect` DETECT_RUNS times while CLIENTS clients keep requests in flight."""
    stop = threading.Event()
    answers: list[int] = []
    paths = [f"/api/vessels/{ANGARA}", "/api/events", "/api/voyages?watched=true", "/"]

    def client(index: int) -> None:
        while not stop.is_set():
            answers.append(server.get(paths[index % len(paths)]).status)
            index += 1

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        for index in range(CLIENTS):
            pool.submit(client, index)
        started = time.perf_counter()
        codes = [subprocess.run([sys.executable, "-m", "darkfleet", "detect", "-w",
                                 str(config.workspace)], capture_output=True,
                                timeout=1800).returncode for _ in range(DETECT_RUNS)]
        took = time.perf_counter() - started
        stop.set()
    ok = sum(code == 0 for code in codes)
    failed = sum(status != 200 for status in answers)
    return [_row("detect runs that succeeded under load", ok, "runs",
                 f"of {DETECT_RUNS}, {CLIENTS} clients in flight; {took:,.1f} s in all"),
            _row("requests answered during the detect runs", len(answers), "requests",
                 f"{failed} not 200")]
