"""darkfleet simulate: synthetic AIS scenarios with their ground truth, and evaluation.

`generate(name, seed, size)` builds a scenario (rows in the workspace schemas, NMEA lines and
the truth), `simulate(name, out, seed, size)` writes `NAME.nmea` and `truth.json`, and
`evaluate(truth, events, voyages)` scores detections against a truth, and `run_flagship`
runs the flagship case end to end (for the demo). Everything a scenario
makes is labelled simulated (NMEA tag-block source `darkfleet-simulated`, truth `simulated`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from darkfleet._lazy import lazy_exports

if TYPE_CHECKING:
    from darkfleet.simulate.flagship import FlagshipRun as FlagshipRun
    from darkfleet.simulate.flagship import detect_scenario as detect_scenario
    from darkfleet.simulate.flagship import run_flagship as run_flagship
    from darkfleet.simulate.output import SCENARIOS as SCENARIOS
    from darkfleet.simulate.output import Scenario as Scenario
    from darkfleet.simulate.output import generate as generate
    from darkfleet.simulate.output import simulate as simulate
    from darkfleet.simulate.scenario import Size as Size
    from darkfleet.simulate.scoring import Score as Score
    from darkfleet.simulate.scoring import evaluate as evaluate
    from darkfleet.simulate.scoring import evaluate_workspace as evaluate_workspace
    from darkfleet.simulate.scoring import load_truth as load_truth

_EXPORTS = {"Size": "scenario", "generate": "output", "simulate": "output",
            "Scenario": "output", "SCENARIOS": "output", "evaluate": "scoring",
            "evaluate_workspace": "scoring", "load_truth": "scoring", "Score": "scoring",
            "run_flagship": "flagship", "FlagshipRun": "flagship",
            "detect_scenario": "flagship"}
__all__ = sorted(_EXPORTS)

if not TYPE_CHECKING:
    __getattr__ = lazy_exports(__name__, _EXPORTS)
