"""Coverage of the cargo intervals over 20 seeds of the oil scenario, and the cost per seed.

Acceptance: at least 80% of the true per-voyage cargoes inside p5-p95, and each seed's yearly
refined-product total inside the interval of the summed samples. The voyages are the truth's
with the draughts detection reads (`darkfleet.trade.simulated`); one seed also goes through
simulate -> ingest -> detect as the baseline cost and a check that detection changes nothing.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from darkfleet.config import Config
from darkfleet.estimation import EstimationSettings
from darkfleet.events import DetectSettings, detect, load_registry
from darkfleet.ingest import ingest_files
from darkfleet.simulate.output import generate, simulate
from darkfleet.simulate.scenario import Size
from darkfleet.store import Workspace
from darkfleet.trade import cargo_coverage
from darkfleet.trade.simulated import simulated_estimates
from darkfleet.trade.workspace_inputs import workspace_coverage

SEEDS = range(1, 21)
DAYS = 60.0
SAMPLES = 4000


def _seeds() -> tuple[int, int, int, float]:
    truth = covered = yearly = 0
    start = time.perf_counter()
    for seed in SEEDS:
        scenario = generate("dprk-russia-oil", seed, Size(days=DAYS))
        found = cargo_coverage(scenario.truth, simulated_estimates(scenario, SAMPLES, seed))
        truth, covered = truth + found.truth, covered + found.covered
        yearly += all(y["covered"] for y in found.yearly)
    return truth, covered, yearly, time.perf_counter() - start


def _pipeline(out: Path) -> tuple[float, float]:
    start = time.perf_counter()
    summary = simulate("dprk-russia-oil", out / "oil-sim", 1, Size(days=DAYS))
    with Workspace.open(out / "oil-ws", create=True) as ws:
        ingest_files([Path(summary["nmea"])], ws, Config().ingest)
        detect(ws, DetectSettings(), load_registry())
        truth = json.loads(Path(summary["truth"]).read_text(encoding="utf-8"))
        found = workspace_coverage(truth, ws, EstimationSettings())
    return time.perf_counter() - start, found.coverage


def run(out: Path) -> list[dict[str, object]]:
    truth, covered, yearly, seconds = _seeds()
    rows: list[dict[str, object]] = [
        {"benchmark": "trade", "metric": f"true cargoes inside p5-p95, {len(SEEDS)} seeds",
         "value": covered / truth, "unit": "share", "note": f"{covered:,} of {truth:,}"},
        {"benchmark": "trade", "metric": "yearly refined total inside its interval",
         "value": yearly, "unit": "seeds", "note": f"of {len(SEEDS)}"},
        {"benchmark": "trade", "metric": f"truth voyages, per seed ({DAYS:g} days)",
         "value": seconds / len(SEEDS), "unit": "s"}]
    pipeline_s, coverage = _pipeline(out)
    rows.append({"benchmark": "trade", "metric": "baseline: simulate, ingest, detect, cargo",
                 "value": pipeline_s, "unit": "s",
                 "note": f"seed 1, coverage {coverage:.3f} after detection"})
    return rows
