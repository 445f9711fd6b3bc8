"""Coverage of the cargo intervals over 20 seeds of the oil scenario, and the cost per seed.

Acceptance: at least 80% of the true per-voyage cargoes inside p5-p95, and each seed's yearly
refined-product total inside the interval of the summed samples, measured end to end: every seed
goes through simulate -> ingest -> detect -> cargo, as a user runs it. The same coverage on the
truth's voyages with the draughts detection reads (`darkfleet.trade.simulated`) is the
estimator's own share, a note beside it.
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


def _pipeline(out: Path) -> tuple[int, int, int, float]:
    """Every seed through simulate -> ingest -> detect -> cargo."""
    truth_n = covered = yearly = 0
    start = time.perf_counter()
    for seed in SEEDS:
        summary = simulate("dprk-russia-oil", out / f"oil-sim-{seed}", seed, Size(days=DAYS))
        with Workspace.open(out / f"oil-ws-{seed}", create=True) as ws:
            ingest_files([Path(summary["nmea"])], ws, Config().ingest)
            detect(ws, DetectSettings(), load_registry())
            truth = json.loads(Path(summary["truth"]).read_text(encoding="utf-8"))
            found = workspace_coverage(truth, ws, EstimationSettings())
        truth_n, covered = truth_n + found.truth, covered + found.covered
        yearly += all(y["covered"] for y in found.yearly)
    return truth_n, covered, yearly, time.perf_counter() - start


def run(out: Path) -> list[dict[str, object]]:
    truth, covered, yearly, seconds = _pipeline(out)
    rows: list[dict[str, object]] = [
        {"benchmark": "trade", "metric": f"true cargoes inside p5-p95, {len(SEEDS)} seeds",
         "value": covered / truth, "unit": "share",
         "note": f"{covered:,} of {truth:,}; simulate, ingest, detect, cargo"},
        {"benchmark": "trade", "metric": "yearly refined total inside its interval",
         "value": yearly, "unit": "seeds", "note": f"of {len(SEEDS)}; end to end"},
        {"benchmark": "trade", "metric": f"simulate, ingest, detect, cargo per seed "
         f"({DAYS:g} days)", "value": seconds / len(SEEDS), "unit": "s"}]
    truth, covered, yearly, seconds = _seeds()
    rows += [
        {"benchmark": "trade", "metric": "note: estimator alone on the truth's voyages",
         "value": covered / truth, "unit": "share",
         "note": f"{covered:,} of {truth:,}; yearly inside {yearly} of {len(SEEDS)}"},
        {"benchmark": "trade", "metric": "note: truth voyages, per seed", "value":
         seconds / len(SEEDS), "unit": "s"}]
    return rows
