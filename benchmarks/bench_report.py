"""Writing and opening a brief of a big workspace: 200 vessels, 2,000 events, 200,000 positions.

Measures the time to write the brief (read the workspace, render), the size of the HTML (the
limit is 15 MB), and the time headless Chromium takes to load, lay out and paint it, next to the
same Chromium on an empty page in the same run (the baseline: browser start-up alone).
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "report"))

from report_builders import brief_settings, write_scaled  # noqa: E402

from darkfleet.report import write_brief  # noqa: E402
from darkfleet.report.browser import screenshot  # noqa: E402

VESSELS, EVENTS = 200, 2000


def _row(metric: str, value: float | int, unit: str, note: str = "") -> dict[str, Any]:
    return {"benchmark": "report", "metric": metric, "value": value, "unit": unit, "note": note}


def _paint_s(html: Path, png: Path) -> float:
    """Seconds from starting Chromium to a screenshot of the loaded page (best of three)."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        screenshot(html, png, (1280, 2000))
        times.append(time.perf_counter() - start)
    return min(times)


def run(out: Path) -> list[dict[str, Any]]:
    root = out / "report"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    start = time.perf_counter()
    workspace = write_scaled(root / "ws", VESSELS, EVENTS)
    build_s = time.perf_counter() - start
    start = time.perf_counter()
    result = write_brief(brief_settings(), workspace, root / "brief.html")
    write_s = time.perf_counter() - start
    rows = [
        _row("workspace build", round(build_s, 3), "s", f"{VESSELS} vessels, {EVENTS} events"),
        _row("write brief", round(write_s, 3), "s", "read workspace + render HTML"),
        _row("HTML size", round(result.size_bytes / 1e6, 3), "MB", "limit 15 MB"),
    ]
    if shutil.which("chromium") is None:
        return [*rows, _row("browser paint", 0, "s", "skipped: chromium not installed")]
    empty = root / "empty.html"
    empty.write_text("<!DOCTYPE html><title>empty</title><p>empty</p>", encoding="utf-8")
    baseline = _paint_s(empty, root / "empty.png")
    brief = _paint_s(result.html, root / "brief.png")
    return [*rows,
            _row("browser paint, empty page", round(baseline, 3), "s", "baseline: start-up"),
            _row("browser paint, brief", round(brief, 3), "s", "start, load, layout, paint"),
            _row("browser paint, brief minus baseline", round(brief - baseline, 3), "s",
                 "must stay under a few seconds")]
