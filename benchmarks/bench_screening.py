"""Sanctions screening: list parsing, the workspace cache, bulk screening, and its accuracy.

Baselines in the same run: parsing the list files (what the workspace cache saves) and
screening identities one call at a time (what `Screener.screen_many` batches).
"""

from __future__ import annotations

import dataclasses
import random
import resource
import tempfile
import time
from pathlib import Path

from darkfleet.screening import Identity, Screener, bundled_list_paths, read_lists
from darkfleet.screening.catalogue import load_lists, store_lists
from darkfleet.screening.evaluation import evaluate, read_cases
from darkfleet.screening.names import name_forms
from darkfleet.store import Workspace

EVALUATION = Path(__file__).parent.parent / "tests" / "screening" / "data" / "evaluation.jsonl"
FLEET = 50_000
ONE_BY_ONE = 2_000


def _row(metric: str, value: float | int, unit: str, note: str = "") -> dict[str, object]:
    return {"benchmark": "screening", "metric": metric, "value": value, "unit": unit,
            "note": note}


def _fleet(size: int) -> list[Identity]:
    """`size` distinct identities: real AIS names with numbers, IMOs, some listed."""
    cases = read_cases(EVALUATION)
    names = sorted({c.identity.name for c in cases if c.identity.name})
    imos = sorted({c.identity.imo for c in cases if c.identity.imo})
    rng = random.Random(7)
    fleet: list[Identity] = []
    for i in range(size):
        name = f"{names[i % len(names)]} {i // len(names)}" if i >= len(names) else names[i]
        fleet.append(Identity(imo=rng.choice(imos) if i % 3 == 0 else None,
                              mmsi=200_000_000 + i, name=name))
    return fleet


def _max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(function, *args):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def run(out: Path) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    lists, parse_s = _timed(read_lists, bundled_list_paths())
    rows.append(_row("parse bundled lists (baseline for the cache)", parse_s, "s",
                     f"{sum(len(x.entries) for x in lists)} entries"))
    with tempfile.TemporaryDirectory() as folder, Workspace.open(folder, create=True) as ws:
        _, store_s = _timed(store_lists, ws, lists, "bench")
        _, cache_s = _timed(load_lists, ws)
        _, vessels_s = _timed(lambda: load_lists(ws, vessels_only=True))
    rows.append(_row("store lists in a workspace", store_s, "s"))
    rows.append(_row("read lists from the workspace cache", cache_s, "s",
                     f"{parse_s / cache_s:.1f}x faster than parsing"))
    rows.append(_row("read vessel entries from the cache", vessels_s,
                     "s", f"{parse_s / vessels_s:.1f}x faster than parsing"))
    with tempfile.TemporaryDirectory() as folder, Workspace.open(folder, create=True) as ws:
        store_lists(ws, lists, "bench")
        cached = load_lists(ws)  # what a screen reads: vessels, and the parties of the links
    screener, index_s = _timed(Screener, cached)
    rows.append(_row("index vessel entries and the link graph", index_s, "s",
                     f"{len(screener.entries)} vessels and vessels named"))
    fleet = _fleet(FLEET)
    before_mib = _max_rss_mib()
    results, bulk_s = _timed(screener.screen_many, fleet)
    after_mib = _max_rss_mib()
    rows.append(_row(f"screen {FLEET:,} identities in bulk", bulk_s, "s",
                     f"{FLEET / bulk_s:,.0f} identities/s; "
                     f"{sum(1 for r in results if r)} with matches"))
    rows.append(_row("peak memory (process maximum RSS) after the bulk screen", after_mib,
                     "MiB", f"{before_mib:.0f} MiB before it"))
    name_forms.cache_clear()  # the baseline starts as cold as the bulk run did
    start = time.perf_counter()
    for identity in fleet[:ONE_BY_ONE]:
        screener.screen(identity)
    single_s = time.perf_counter() - start
    rows.append(_row(f"screen one at a time (baseline, {ONE_BY_ONE:,})", single_s, "s",
                     f"{ONE_BY_ONE / single_s:,.0f} identities/s; "
                     f"bulk is {(FLEET / bulk_s) / (ONE_BY_ONE / single_s):.1f}x faster"))
    cases = read_cases(EVALUATION)
    result = evaluate(screener, cases)
    note = (f"default threshold {screener.settings.threshold}; {result.cases} identities, "
            f"{result.positives} listed; {result.name_only_reported} names alone reported")
    rows.append(_row("precision on the evaluation set", round(result.precision, 4), "ratio",
                     note))
    rows.append(_row("recall on the evaluation set", round(result.recall, 4), "ratio", note))
    for threshold in (0.7, 0.75, 0.85, 0.9):
        other = Screener(cached, dataclasses.replace(screener.settings, threshold=threshold))
        swept = evaluate(other, cases)
        counts = (f"{swept.false_positives} false positives, "
                  f"{swept.false_negatives} misses, "
                  f"{swept.name_only_reported} names alone reported")
        rows.append(_row(f"precision at threshold {threshold}", round(swept.precision, 4),
                         "ratio", counts))
        rows.append(_row(f"recall at threshold {threshold}", round(swept.recall, 4), "ratio",
                         counts))
    return rows
