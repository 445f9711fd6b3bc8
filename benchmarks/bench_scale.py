"""Detection on Dask: the same archive with one and with two workers, in the same run.

The archive (DARKFLEET_BENCH_SCALE_POSITIONS positions, default 20 million, over
DARKFLEET_BENCH_SCALE_DAYS days, default 30) is written by bench_detect's generator. It is
detected three times: by the local engine (the baseline, and the reference for the results),
then on a `LocalCluster` of one worker and of two workers (one thread each), both with
DARKFLEET_BENCH_SCALE_BUCKETS MMSI hash buckets (default 8). Reported: wall time of each run
(cluster start and the workers' imports excluded, shown apart), the speed-up of two workers
over one, the per-partition cost (worker seconds per bucket and per million positions), the
client's share (merging the buckets, pairing encounters, voyages, storing), and whether each
run's tables equal the local engine's (events, voyages and vessels row for row; track points
by count and checksum).
"""

from __future__ import annotations

import importlib
import os
import time
from pathlib import Path
from typing import Any

from benchmarks.bench_detect import STEP_MIN, write_archive

CHECKSUM = ("SELECT count(*) AS n, sum(hash(mmsi, segment, ts, lat, lon, port)) AS h "
            "FROM {track_points}")


def run(out: Path) -> list[dict[str, Any]]:
    positions = int(os.environ.get("DARKFLEET_BENCH_SCALE_POSITIONS", "20000000"))
    days = int(os.environ.get("DARKFLEET_BENCH_SCALE_DAYS", "30"))
    buckets = int(os.environ.get("DARKFLEET_BENCH_SCALE_BUCKETS", "8"))
    per_vessel_day = int(24 * 60 / STEP_MIN)
    vessels = max(positions // (days * per_vessel_day), 2)
    path = out / "scale"
    count = write_archive(path, vessels, days)
    note = f"{count:,} positions, {vessels:,} vessels, {days} days, {buckets} buckets"
    rows = [_row("archive", "positions", count, "rows", note)]
    local_s = _local(path)
    reference = _tables(path)
    rows.append(_row("local", "wall time", local_s, "s", note))
    runs = {workers: _on_dask(path, workers, buckets) for workers in (1, 2)}
    for workers, result in runs.items():
        label = f"{workers} worker{'s' * (workers > 1)}"
        rows += [
            _row(label, "wall time", result["seconds"], "s",
                 f"cluster start {result['start_s']:.1f} s apart"),
            _row(label, "per partition", result["partition_s"], "s/bucket",
                 f"mean of {buckets}; {result['partition_s_per_m']:.2f} s per million positions"),
            _row(label, "client share", result["client_s"], "s",
                 "merge, encounter pairs, voyages, store"),
            _row(label, "identical to local", "yes" if _tables(path) == reference else "NO", "",
                 note),
        ]
    speed_up = runs[1]["seconds"] / runs[2]["seconds"]
    rows.append(_row("2 workers", "speed-up over 1", round(speed_up, 2), "x",
                     f"{os.cpu_count()} cores on this machine"))
    return rows


def _local(path: Path) -> float:
    from darkfleet.events import DetectSettings, detect, load_registry
    from darkfleet.store import Workspace

    started = time.perf_counter()
    with Workspace.open(path) as ws:
        detect(ws, DetectSettings(), load_registry())
    return time.perf_counter() - started


def _on_dask(path: Path, workers: int, buckets: int) -> dict[str, float]:
    from darkfleet.events import DetectSettings, load_registry
    from darkfleet.scale import Engine, dask_client, detect_distributed
    from darkfleet.store import Workspace

    started = time.perf_counter()
    costs: list[tuple[float, int]] = []
    with dask_client(Engine("dask", workers)) as client:
        client.wait_for_workers(workers)
        client.run(importlib.import_module, "darkfleet.scale.detect_partition")  # warm
        start_s = time.perf_counter() - started
        began = time.perf_counter()
        with Workspace.open(path) as ws:
            detect_distributed(ws, DetectSettings(), load_registry(), client, buckets,
                               on_partition=lambda r: costs.append((r.seconds, r.positions)))
        seconds = time.perf_counter() - began
    worker_s = sum(s for s, _ in costs)
    positions = sum(n for _, n in costs)
    return {"seconds": seconds, "start_s": start_s, "partition_s": worker_s / len(costs),
            "partition_s_per_m": worker_s / max(positions, 1) * 1e6,
            "client_s": max(seconds - worker_s / workers, 0.0)}


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
