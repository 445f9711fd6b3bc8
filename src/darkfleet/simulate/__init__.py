"""darkfleet simulate: synthetic AIS scenarios with their ground truth, and evaluation.

`generate(name, seed, size)` builds a scenario (rows in the workspace schemas, NMEA lines and
the truth), `simulate(name, out, seed, size)` writes `NAME.nmea` and `truth.json`, and
`evaluate(truth, events, voyages)` scores detections against a truth, and `run_flagship`
runs the flagship case end to end (for the demo). Everything a scenario
makes is labelled simulated (NMEA tag-block source `darkfleet-simulated`, truth `simulated`).
"""

from __future__ import annotations

from darkfleet._lazy import lazy_exports

_EXPORTS = {"Size": "scenario", "generate": "output", "simulate": "output",
            "Scenario": "output", "SCENARIOS": "output", "evaluate": "scoring",
            "evaluate_workspace": "scoring", "load_truth": "scoring", "Score": "scoring",
            "run_flagship": "flagship", "FlagshipRun": "flagship",
            "detect_scenario": "flagship"}
__all__ = sorted(_EXPORTS)

__getattr__ = lazy_exports(__name__, _EXPORTS)
