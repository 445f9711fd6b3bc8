"""The flagship case end to end, for the demo: simulate, ingest, detect, and what to show.

`run_flagship(workspace, out, config)` writes the SIMULATED `dprk-russia-2023` scenario to
`out` (NMEA and truth), ingests it (with any real files given beside it), detects events and
voyages, scores them against the truth, and returns the watched voyages by risk with the events
of their vessels during them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from darkfleet.config import Config
from darkfleet.events.detection import DetectSummary, detect
from darkfleet.events.ports import load_registry
from darkfleet.events.query import Filters, read_table
from darkfleet.events.settings import DetectSettings
from darkfleet.simulate.output import Scenario, simulate
from darkfleet.simulate.scenario import NAME, Size
from darkfleet.simulate.scoring import Score, evaluate, load_truth
from darkfleet.store.workspace import Workspace

SHOWN_TYPES = ("ais_gap", "encounter", "mmsi_collision", "draught_change", "identity_change")


@dataclass(frozen=True, slots=True)
class FlagshipRun:
    """What the flagship run wrote and found (voyages and events as plain records)."""

    nmea: Path
    truth: Path
    detection: DetectSummary
    scores: list[Score]
    watched_voyages: list[dict[str, Any]]  # by risk, highest first; each with its "events"


def run_flagship(workspace: Workspace, out: Path, config: Config, seed: int = 1,
                 real_files: Sequence[Path] = (), size: Size | None = None,
                 before_detect: Callable[[Workspace], None] | None = None) -> FlagshipRun:
    """Simulate, ingest (with `real_files`), detect and score the flagship scenario.

    `before_detect`, when given, runs on the workspace between ingest and detection (the demo
    screens the vessels there, so that detection folds the matches into voyage risk).
    """
    from darkfleet.ingest import ingest_files
    from darkfleet.screening import workspace_screening_reasons

    written = simulate(NAME, out, seed, size)
    nmea, truth_path = Path(written["nmea"]), Path(written["truth"])
    ingest_files([nmea, *real_files], workspace, config.ingest)
    if before_detect is not None:
        before_detect(workspace)
    summary = detect(workspace, config.detect, load_registry(),
                     workspace_screening_reasons(workspace))
    events = read_table(workspace, "events", Filters())
    voyages = read_table(workspace, "voyages", Filters(watched=True))
    scores = evaluate(load_truth(truth_path), events, read_table(workspace, "voyages", Filters()))
    shown = sorted(voyages, key=lambda v: (-v["risk"], v["depart"], v["mmsi"]))
    for voyage in shown:
        voyage["events"] = [e for e in events if e["type"] in SHOWN_TYPES and _during(e, voyage)]
    return FlagshipRun(nmea, truth_path, summary, scores, shown)


def detect_scenario(scenario: Scenario, workspace: Workspace, settings: DetectSettings
                    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Write a generated scenario's rows straight into `workspace` (without NMEA and ingest),
    detect, and return (events, voyages) as plain records, for scoring with `evaluate`."""
    with workspace.batch("simulated", f"{scenario.name}:{scenario.seed}") as batch:
        batch.add("positions", scenario.positions())
        batch.add("static_reports", scenario.static_reports())
    detect(workspace, settings, load_registry())
    return read_table(workspace, "events", Filters()), read_table(workspace, "voyages", Filters())


def _during(event: dict[str, Any], voyage: dict[str, Any]) -> bool:
    vessel = voyage["mmsi"] in (event["mmsi"], event["other_mmsi"])
    return vessel and event["start"] <= voyage["arrive"] and event["end"] >= voyage["depart"]
