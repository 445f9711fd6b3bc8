"""Monte Carlo throughput of the packing model, against a per-sample loop baseline.

The baseline packs one sample at a time (the same code on 1-element arrays), which is what a
non-vectorised implementation would do; both are measured in this run.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from darkfleet.estimation import EstimationSettings, Question, estimate_rounds, run_case_check
from darkfleet.estimation.catalogue import load_catalogue
from darkfleet.estimation.packing import assumptions_for, draw, pack
from darkfleet.evidence import load_case


def _vectorised(samples: int) -> float:
    settings = EstimationSettings(samples=samples)
    start = time.perf_counter()
    estimate_rounds(6700, Question({"152mm-he-complete": 1.0}), settings)
    return time.perf_counter() - start


def _looped(samples: int) -> float:
    catalogue = load_catalogue()
    munition = catalogue.munition("152mm-he-complete")
    params = assumptions_for(munition, catalogue.container("20ft"), catalogue.load_factor)
    rng = np.random.default_rng(1)
    start = time.perf_counter()
    values = [float(pack(munition, catalogue.container("20ft"), draw(params, rng, 1), 0.8)
                    .rounds[0]) for _ in range(samples)]
    np.percentile(values, [5, 50, 95])
    return time.perf_counter() - start


def run(out: Path) -> list[dict[str, object]]:
    load_catalogue()
    rows: list[dict[str, object]] = []
    for samples in (20_000, 1_000_000):
        seconds = _vectorised(samples)
        rows.append({"benchmark": "estimation", "metric": f"vectorised {samples:,} samples",
                     "value": samples / seconds, "unit": "samples/s"})
    loop_samples = 2_000
    seconds = _looped(loop_samples)
    rows.append({"benchmark": "estimation", "metric": f"baseline loop {loop_samples:,} samples",
                 "value": loop_samples / seconds, "unit": "samples/s",
                 "note": "one sample at a time"})
    case = load_case("dprk-russia-2023")
    start = time.perf_counter()
    records = run_case_check(case, EstimationSettings())
    rows.append({"benchmark": "estimation", "metric": "case check dprk-russia-2023",
                 "value": time.perf_counter() - start, "unit": "s",
                 "note": f"{len(records)} checks, 20,000 samples per scenario"})
    return rows
