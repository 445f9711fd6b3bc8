"""Exports at scale: every layer in every format from a detected week of hundreds of vessels.

The archive is `bench_detect`'s generator (vessels sailing out of their home ports and back, a
fifth going dark each trip), detected once; its round trips make no voyages between ports, so
the voyages layer is measured only when detection finds some. Each export's time is reported
next to the baseline measured in the same run: reading the same table from the workspace and
writing it as plain Parquet with pyarrow (no geometry), which is the least any export has to do.

Size: DARKFLEET_BENCH_EXPORT_VESSELS (default 400) vessels over DARKFLEET_BENCH_EXPORT_DAYS
(default 7).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from benchmarks.bench_detect import write_archive
from darkfleet.events import DetectSettings, detect, load_registry
from darkfleet.export import export_layer
from darkfleet.store import Workspace

LAYERS = {"tracks": "track_points", "voyages": "voyages", "events": "events"}
FORMATS = ("geojson", "kml", "geoparquet", "csv")


def _row(metric: str, value: float | int, unit: str, note: str = "") -> dict[str, Any]:
    return {"benchmark": "export", "metric": metric, "value": value, "unit": unit, "note": note}


def run(out: Path) -> list[dict[str, Any]]:
    vessels = int(os.environ.get("DARKFLEET_BENCH_EXPORT_VESSELS", "400"))
    days = int(os.environ.get("DARKFLEET_BENCH_EXPORT_DAYS", "7"))
    root = out / "export"
    count = write_archive(root / "ws", vessels, days)
    rows = [_row("archive", count, "positions", f"{vessels} vessels, {days} days")]
    with Workspace.open(root / "ws") as ws:
        detect(ws, DetectSettings(), load_registry())
        for layer, table in LAYERS.items():
            if not ws.has_table(table):  # the archive's round trips make no voyages
                rows.append(_row(f"{layer}: skipped", 0, "s", f"the archive has no {table}"))
                continue
            start = time.perf_counter()
            pq.write_table(ws.read(table), root / f"{table}.parquet")
            baseline = time.perf_counter() - start
            note = f"{ws.read(table).num_rows:,} rows of {table}"
            rows.append(_row(f"{layer}: read + plain Parquet (baseline)", round(baseline, 3),
                             "s", note))
            for fmt in FORMATS:
                target = root / f"{layer}.{fmt}"
                start = time.perf_counter()
                features = export_layer(ws, layer, fmt, target)
                seconds = time.perf_counter() - start
                rows.append(_row(f"{layer}: {fmt}", round(seconds, 3), "s",
                                 f"{features:,} features, {target.stat().st_size / 1e6:.1f} MB, "
                                 f"{seconds / max(baseline, 1e-6):.1f}x baseline"))
    return rows
