"""Detection on Dask: the same archive by the local engine, then on one and on two workers.

The archive (DARKFLEET_BENCH_SCALE_POSITIONS positions, default 20 million, over
DARKFLEET_BENCH_SCALE_DAYS days, default 30) is written straight into the workspace's
`positions` partitions by bench_detect's vectorised generator (deterministic, no NMEA). It is
detected by the local engine (the baseline, and the reference for the results), then on a
`LocalCluster` of one worker and of two workers (one thread each), both with
DARKFLEET_BENCH_SCALE_BUCKETS MMSI hash buckets (default 4) and windows of
DARKFLEET_BENCH_SCALE_WINDOW_DAYS days (default: the `scale.window_days` setting, 7).
Reported: the wall time of each run (cluster start and the workers' one-time costs, imports
and the sea-route network, excluded and shown apart), the speed-up of two workers over one,
the per-partition cost (worker seconds per window task and per million positions, per pairing
task, per early-judging and early-reach task and per finishing task), the workers' busy share
(task seconds over workers times wall time: the rest is scheduling, transfers and waiting),
the tasks' CPU time and its share of their wall time (below 1 when the tasks waited for a
core: the machine was busy with other work), the client's commit, and
whether each run's tables equal the local engine's (events, voyages and vessels row for row;
track points by count and checksum).
"""

from __future__ import annotations

import importlib
import os
import time
from pathlib import Path
from typing import Any

from benchmarks.bench_detect import STEP_MIN, write_archive
from darkfleet.scale.settings import ScaleSettings

CHECKSUM = ("SELECT count(*) AS n, sum(hash(mmsi, segment, ts, lat, lon, port)) AS h "
            "FROM {track_points}")


def run(out: Path) -> list[dict[str, Any]]:
    positions = int(os.environ.get("DARKFLEET_BENCH_SCALE_POSITIONS", "20000000"))
    days = int(os.environ.get("DARKFLEET_BENCH_SCALE_DAYS", "30"))
    buckets = int(os.environ.get("DARKFLEET_BENCH_SCALE_BUCKETS", "4"))
    window_days = int(os.environ.get("DARKFLEET_BENCH_SCALE_WINDOW_DAYS",
                                     str(ScaleSettings().window_days)))
    per_vessel_day = int(24 * 60 / STEP_MIN)
    vessels = max(positions // (days * per_vessel_day), 2)
    path = out / "scale"
    started = time.perf_counter()
    count = write_archive(path, vessels, days)
    note = (f"{count:,} positions, {vessels:,} vessels, {days} days, {buckets} buckets, "
            f"windows of {window_days} days")
    rows = [_row("archive", "positions", count, "rows",
                 f"{note}; written in {time.perf_counter() - started:.0f} s")]
    local_s, local_cpu = _local(path)
    reference = _tables(path)
    rows.append(_row("local", "wall time", local_s, "s", note))
    rows.append(_row("local", "CPU time", local_cpu, "s", "all threads of the process"))
    runs = {workers: _on_dask(path, workers, buckets, window_days) for workers in (1, 2)}
    for workers, result in runs.items():
        rows += _dask_rows(workers, result, _tables(path) == reference, note)
    speed_up = runs[1]["seconds"] / runs[2]["seconds"]
    rows.append(_row("2 workers", "speed-up over 1", round(speed_up, 2), "x",
                     f"{os.cpu_count()} cores on this machine, shared"))
    rows.append(_row("2 workers", "speed-up over 1 in CPU", round(
        runs[1]["worker_cpu_s"] / runs[2]["worker_cpu_s"], 2), "x",
        "busiest worker's CPU, one worker over two: the speed-up with a core to each"))
    rows.append(_row("2 workers", "speed-up over local", round(local_s / runs[2]["seconds"], 2),
                     "x", "the local engine in one process"))
    return rows


def _dask_rows(workers: int, result: dict[str, float], same: bool, note: str
               ) -> list[dict[str, Any]]:
    label = f"{workers} worker{'s' * (workers > 1)}"
    return [
        _row(label, "wall time", result["seconds"], "s",
             f"cluster start {result['start_s']:.1f} s apart"),
        _row(label, "per window task", result["window_s"], "s",
             f"mean of {result['windows']:.0f}; {result['window_s_per_m']:.2f} s per million "
             "positions"),
        _row(label, "per pairing task", result["pairs_s"], "s",
             f"mean of {result['pairings']:.0f} (cell group by window)"),
        _row(label, "per early-judging task", result["judge_s"], "s",
             f"mean of {result['judge_tasks']:.0f} (a bucket's gaps closed before the last "
             "window, judged)"),
        _row(label, "per early-reach task", result["reach_s"], "s",
             f"mean of {result['reach_tasks']:.0f} (their reach, in parts)"),
        _row(label, "per finishing task", result["finish_s"], "s",
             f"mean of {result['finishes']:.0f} (events, voyages, vessels of a bucket)"),
        _row(label, "reaches found early", round(result["early_share"], 3), "share",
             f"{result['reaches_early']:,.0f} of the {result['reaches']:,.0f} suspected closed "
             "gaps' reaches (the finish works out the rest)"),
        _row(label, "workers busy", round(result["busy"], 3), "share",
             "task seconds / (workers x wall time)"),
        _row(label, "task CPU time", result["cpu_s"], "s",
             f"all tasks; {result['cpu_s_per_m']:.2f} s per million positions (windows "
             f"{result['window_cpu_s_per_m']:.2f}, finishing with the early reach "
             f"{result['finish_cpu_s_per_m']:.2f})"),
        _row(label, "CPU per task second", round(result["cpu_share"], 3), "share",
             "task CPU / task wall: below 1, the tasks waited for a core"),
        _row(label, "busiest worker's CPU", result["worker_cpu_s"], "s",
             "its tasks' CPU time: the wall time with a core to each worker"),
        _row(label, "client commit", result["commit_s"], "s", "after the last task"),
        _row(label, "identical to local", "yes" if same else "NO", "", note),
    ]


def _local(path: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of the local engine (its Polars and DuckDB use every core)."""
    from darkfleet.events import DetectSettings, detect, load_registry
    from darkfleet.store import Workspace

    started, cpu = time.perf_counter(), time.process_time()
    with Workspace.open(path) as ws:
        detect(ws, DetectSettings(), load_registry())
    return time.perf_counter() - started, time.process_time() - cpu


def _on_dask(path: Path, workers: int, buckets: int, window_days: int) -> dict[str, float]:
    from darkfleet.events import DetectSettings, load_registry
    from darkfleet.scale import Engine, dask_client, detect_distributed
    from darkfleet.scale.detect_window import Receipt
    from darkfleet.store import Workspace

    started = time.perf_counter()
    costs: list[Receipt] = []
    last: list[float] = [0.0]

    def seen(receipt: Receipt) -> None:
        costs.append(receipt)
        last[0] = time.perf_counter()

    with dask_client(Engine("dask", workers)) as client:
        client.wait_for_workers(workers)
        client.run(_warm)
        start_s = time.perf_counter() - started
        began = time.perf_counter()
        with Workspace.open(path) as ws:
            detect_distributed(ws, DetectSettings(), load_registry(), client, buckets,
                               on_cost=seen, window_days=window_days)
        seconds = time.perf_counter() - began
    by_stage = {stage: [r for r in costs if r.stage == stage]
                for stage in ("window", "pairs", "judge", "reach", "finish")}
    window_s = sum(r.seconds for r in by_stage["window"])
    positions = sum(r.positions for r in by_stage["window"])
    return {"seconds": seconds, "start_s": start_s, "commit_s": seconds - (last[0] - began),
            "windows": len(by_stage["window"]),
            "window_s": window_s / max(len(by_stage["window"]), 1),
            "window_s_per_m": window_s / max(positions, 1) * 1e6,
            "pairings": len(by_stage["pairs"]), "finishes": len(by_stage["finish"]),
            "pairs_s": _mean(by_stage["pairs"]), "finish_s": _mean(by_stage["finish"]),
            "reach_tasks": len(by_stage["reach"]), "reach_s": _mean(by_stage["reach"]),
            "judge_tasks": len(by_stage["judge"]), "judge_s": _mean(by_stage["judge"]),
            "reaches": sum(r.reaches for r in by_stage["finish"]),
            "reaches_early": sum(r.reaches_early for r in by_stage["finish"]),
            "early_share": sum(r.reaches_early for r in by_stage["finish"])
            / max(sum(r.reaches for r in by_stage["finish"]), 1),
            "busy": sum(r.seconds for r in costs) / (workers * seconds),
            "cpu_s": sum(r.cpu_s for r in costs),
            "cpu_s_per_m": sum(r.cpu_s for r in costs) / max(positions, 1) * 1e6,
            "window_cpu_s_per_m": sum(r.cpu_s for r in by_stage["window"]) / max(positions, 1)
            * 1e6,
            "finish_cpu_s_per_m": sum(r.cpu_s for r in by_stage["finish"] + by_stage["reach"]
                                      + by_stage["judge"])
            / max(positions, 1) * 1e6,
            "worker_cpu_s": max(sum(r.cpu_s for r in costs if r.pid == pid)
                                for pid in {r.pid for r in costs}),
            "cpu_share": sum(r.cpu_s for r in costs) / max(sum(r.seconds for r in costs), 1e-9)}


def _warm() -> None:
    """A worker's one-time costs, as at cluster start: imports and the sea-route network."""
    importlib.import_module("darkfleet.scale.detect_finish")
    from darkfleet.events.sea_routes import sea_network

    sea_network()


def _mean(receipts: list[Any]) -> float:
    return sum(r.seconds for r in receipts) / max(len(receipts), 1)


def _tables(path: Path) -> dict[str, Any]:
    from darkfleet.store import Workspace

    with Workspace.open(path) as ws:
        found = {name: ws.query(f"SELECT * FROM {{{name}}} ORDER BY {order}").to_pylist()
                 if ws.has_table(name) else []
                 for name, order in (("events", "id"), ("voyages", "mmsi, depart"),
                                     ("vessels", "mmsi"))}
        found["track_points"] = ws.query(CHECKSUM).to_pylist()
    return found


def _row(group: str, metric: str, value: Any, unit: str, note: str = "") -> dict[str, Any]:
    return {"benchmark": f"scale/{group}", "metric": metric, "value": value, "unit": unit,
            "note": note}
