"""Detection at scale: a month of thousands of vessels (20 million positions and more).

The archive is made by a vectorised generator and written straight into a workspace's
`positions` partitions (one per day), without going through NMEA and ingest, to save time;
ingest is measured separately on the NMEA of the default simulated scenario. Vessels leave a
home port, sail out and back (18 h each way at 10 to 14 kn) and stay 12 h in port; a fifth of
them go dark for 8 h at sea each trip. Detection runs in a child process so that its peak
memory (max RSS) is its own; it also runs on the first third of the days, to show that memory
is bounded by the day partition and does not grow with the archive. MovingPandas' stop detector
(`TrajectoryStopDetector`, max diameter 3 km, min duration 2 h) runs on the same subset as our
track building plus port-call detection (50 vessels, one day) for the speed ratio; the two do
not compute exactly the same thing (stops anywhere vs stops in port areas).

Accuracy: the simulated flagship scenario (14 days, receivers modelled on their own) over
DARKFLEET_BENCH_SEEDS seeds (default 20: seeds 2 to 21), detected and scored against its
truth; precision and recall of every event type over all seeds together (suspected gaps only).

Size: DARKFLEET_BENCH_VESSELS (default 3,200) vessels over DARKFLEET_BENCH_DAYS (default 30).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

STEP_MIN = 6.5
START = datetime(2023, 8, 1, tzinfo=UTC)


def run(out: Path) -> list[dict[str, Any]]:
    vessels = int(os.environ.get("DARKFLEET_BENCH_VESSELS", "3200"))
    days = int(os.environ.get("DARKFLEET_BENCH_DAYS", "30"))
    rows: list[dict[str, Any]] = []
    full, part = out / "detect-full", out / "detect-part"
    started = time.perf_counter()
    count = write_archive(full, vessels, days)
    rows.append(_row("archive", "positions written", count, "rows",
                     f"{vessels} vessels, {days} days, in {time.perf_counter() - started:.0f} s"))
    write_archive(part, vessels, max(days // 3, 1))
    for label, path in (("full archive", full), ("a third of the days", part)):
        child = _detect_in_child(path)
        note = f"{label}: {child['positions']:,} positions"
        if label == "full archive":
            rows.append(_row("detect", "throughput", child["positions"] / child["seconds"],
                             "positions/s", note))
            rows.append(_row("detect", "wall time", child["seconds"], "s", note))
        rows.append(_row("detect", f"peak memory ({label})", child["max_rss_mb"], "MiB", note))
    rows += _ingest_rows(out)
    rows += _movingpandas_rows()
    rows += accuracy_rows(out / "accuracy", int(os.environ.get("DARKFLEET_BENCH_SEEDS", "20")))
    return rows


def accuracy_rows(out: Path, seeds: int) -> list[dict[str, Any]]:
    """Precision and recall per event type over `seeds` seeds of the flagship scenario."""
    from collections import Counter

    from darkfleet.events import DetectSettings
    from darkfleet.simulate import detect_scenario, evaluate, generate
    from darkfleet.store import Workspace

    totals: Counter[tuple[str, str]] = Counter()
    for seed in range(2, 2 + seeds):
        scenario = generate("dprk-russia-2023", seed)
        with Workspace.open(out / f"seed{seed}", create=True) as ws:
            found = detect_scenario(scenario, ws, DetectSettings())
        for score in evaluate(scenario.truth, *found):
            for part in ("truth", "detected", "matched"):
                totals[(score.kind, part)] += getattr(score, part)
    rows = []
    for kind in dict.fromkeys(k for k, _ in totals):
        truth, found, matched = (totals[(kind, p)] for p in ("truth", "detected", "matched"))
        note = f"{seeds} seeds: {truth} planted, {found} detected, {matched} matched"
        rows.append(_row("accuracy", f"{kind} precision", round(matched / max(found, 1), 3),
                         "", note))
        rows.append(_row("accuracy", f"{kind} recall", round(matched / max(truth, 1), 3),
                         "", note))
    return rows


def _row(metric_group: str, metric: str, value: float | int, unit: str, note: str = ""
         ) -> dict[str, Any]:
    return {"benchmark": f"detect/{metric_group}", "metric": metric, "value": value,
            "unit": unit, "note": note}


# -- the archive ----------------------------------------------------------------------------


def _fleet(vessels: int, seed: int = 7) -> dict[str, np.ndarray]:
    from darkfleet.events.ports import builtin_registry

    rng = np.random.default_rng(seed)
    ports = builtin_registry().areas
    home = rng.integers(0, len(ports), vessels)
    return {
        "mmsi": 200_000_000 + np.arange(vessels, dtype=np.int64) * 97,
        "lat": np.array([p.lat for p in ports])[home],
        "lon": np.array([p.lon for p in ports])[home],
        "heading": rng.uniform(0, 2 * np.pi, vessels),
        "speed": rng.uniform(10, 14, vessels),
        "phase_h": rng.uniform(0, 48, vessels),
        "offset_min": rng.uniform(0, STEP_MIN, vessels),
        "dark": rng.random(vessels) < 0.2,
    }


def day_positions(fleet: dict[str, np.ndarray], day: int) -> pa.Table:
    """One day of fixes of every vessel (vectorised), in the POSITIONS schema."""
    from darkfleet.store.schema import POSITIONS

    per_day = int(24 * 60 / STEP_MIN)
    n = len(fleet["mmsi"])
    minutes = day * 1440 + fleet["offset_min"][:, None] + STEP_MIN * np.arange(per_day)[None, :]
    cycle_h = (minutes / 60 + fleet["phase_h"][:, None]) % 48
    sailing = np.clip(cycle_h - 12, 0, None)
    out_h = np.minimum(sailing, 36 - sailing).clip(0)
    dist_m = out_h * fleet["speed"][:, None] * 1852
    lat0 = fleet["lat"][:, None]
    lat = lat0 + np.degrees(dist_m * np.cos(fleet["heading"][:, None]) / 6_371_000)
    lon = fleet["lon"][:, None] + np.degrees(
        dist_m * np.sin(fleet["heading"][:, None]) / (6_371_000 * np.cos(np.radians(lat0))))
    speed = np.where(cycle_h < 12, 0.1, fleet["speed"][:, None])
    keep = ~(fleet["dark"][:, None] & (sailing > 14) & (sailing < 22))
    ts = (np.datetime64(START.replace(tzinfo=None), "ms")
          + (minutes * 60_000).astype("timedelta64[ms]"))
    mmsi = np.broadcast_to(fleet["mmsi"][:, None], (n, per_day))
    lon = ((lon + 180) % 360) - 180
    columns = {"mmsi": mmsi[keep], "ts": ts[keep], "lat": lat[keep], "lon": lon[keep],
               "speed_kn": speed[keep].astype(np.float32)}
    size = int(keep.sum())
    arrays = []
    for field in POSITIONS:
        if field.name in columns:
            arrays.append(pa.array(columns[field.name]).cast(field.type))
        elif field.name == "kind":
            arrays.append(pa.array(["vessel"] * size, pa.string()))
        else:
            arrays.append(pa.nulls(size, field.type))
    return pa.Table.from_arrays(arrays, schema=POSITIONS)


def write_archive(path: Path, vessels: int, days: int) -> int:
    """A workspace at `path` with `days` day partitions of positions; returns the row count."""
    import shutil

    from darkfleet.store import Workspace

    if path.exists():
        shutil.rmtree(path)
    fleet = _fleet(vessels)
    total = 0
    with Workspace.open(path, create=True) as ws, ws.batch("bench", "archive") as batch:
        for day in range(days):
            table = day_positions(fleet, day)
            batch.add("positions", table)
            total += table.num_rows
    return total


# -- detection in a child process ------------------------------------------------------------


def _detect_in_child(path: Path) -> dict[str, Any]:
    code = "from benchmarks.bench_detect import child; child()"
    result = subprocess.run([sys.executable, "-c", code, str(path)], check=True,
                            capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    child_result: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return child_result


def child() -> None:
    """Run detection on the workspace named in argv and print time and peak memory as JSON."""
    from darkfleet.events import DetectSettings, detect, load_registry
    from darkfleet.store import Workspace

    started = time.perf_counter()
    with Workspace.open(Path(sys.argv[1])) as ws:
        summary = detect(ws, DetectSettings(), load_registry())
    seconds = time.perf_counter() - started
    max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "positions": summary.positions,
                      "max_rss_mb": round(max_rss_mb, 1), "events": summary.events}))


# -- ingest of the simulated NMEA --------------------------------------------------------------


def _ingest_rows(out: Path) -> list[dict[str, Any]]:
    import shutil

    from darkfleet.config import Config
    from darkfleet.ingest import ingest_files
    from darkfleet.simulate import simulate
    from darkfleet.store import Workspace

    summary = simulate("dprk-russia-2023", out / "sim", seed=1)
    target = out / "ingest-ws"
    if target.exists():
        shutil.rmtree(target)
    started = time.perf_counter()
    with Workspace.open(target, create=True) as ws:
        ingest_files([Path(summary["nmea"])], ws, Config().ingest)
    seconds = time.perf_counter() - started
    return [_row("ingest", "simulated NMEA", summary["lines"] / seconds, "lines/s",
                 f"{summary['lines']:,} lines of dprk-russia-2023 in {seconds:.1f} s")]


# -- MovingPandas baseline -------------------------------------------------------------------


def _movingpandas_rows() -> list[dict[str, Any]]:
    import polars as pl

    subset = pl.from_arrow(day_positions(_fleet(50), 0))
    assert isinstance(subset, pl.DataFrame)
    ours_s, calls = _ours(subset)
    try:
        mp_s, stops = _movingpandas(subset)
    except ImportError:
        return [_row("port calls vs MovingPandas", "ratio", "n/a", "x",
                     "movingpandas is not installed (dev dependency group)")]
    note = (f"{subset.height:,} fixes of 50 vessels, one day: darkfleet {ours_s:.3f} s "
            f"({calls} port calls), MovingPandas TrajectoryStopDetector {mp_s:.2f} s "
            f"({stops} stops)")
    return [_row("port calls vs MovingPandas", "speed-up", mp_s / ours_s, "x", note)]


def _ours(subset: Any) -> tuple[float, int]:
    from darkfleet.events import DetectSettings, PortCallDetector
    from darkfleet.events.port_index import PortIndex
    from darkfleet.events.ports import builtin_registry
    from darkfleet.tracks import TrackBuilder

    settings = DetectSettings()
    started = time.perf_counter()
    builder = TrackBuilder(settings.tracks, PortIndex(builtin_registry(), 10_000),
                           settings.gap.min_duration_h)
    events = PortCallDetector(settings.port_call).detect(builder.chunk(subset))
    return time.perf_counter() - started, events.height


def _movingpandas(subset: Any) -> tuple[float, int]:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import movingpandas as mpd
    frame = subset.select("mmsi", "ts", "lat", "lon").to_pandas()
    frame["ts"] = frame["ts"].dt.tz_localize(None)
    started = time.perf_counter()
    collection = mpd.TrajectoryCollection(frame, traj_id_col="mmsi", t="ts", x="lon", y="lat",
                                          crs="EPSG:4326")
    stops = mpd.TrajectoryStopDetector(collection).get_stop_segments(
        min_duration=timedelta(hours=2), max_diameter=3000)
    return time.perf_counter() - started, len(stops)
