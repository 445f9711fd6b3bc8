"""The demo pipeline: every stage of darkfleet, end to end, on the bundled flagship case.

`run_demo` is what `darkfleet demo` (and `make demo`) calls: it simulates the flagship scenario
(labelled SIMULATED wherever it appears), ingests it beside the real public AIS samples, loads
the real sanctions lists, screens every vessel, detects events and voyages (on the case's
watched routes, folding the screening reasons into voyage risk) and scores them against the
scenario's truth, checks the case's claims against the estimation model and writes the cited
brief. The simulated oil tankers (`dprk-russia-oil`) sail in the same workspace, so the brief's
trade section has a return flow to sum against the UN cap, and simulated satellite detections
of the flagship scenario are matched to the AIS, so the brief shows dark vessels. Everything
goes under one output directory.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from darkfleet.config import Config
from darkfleet.data import DATA
from darkfleet.simulate.flagship import FlagshipRun, run_flagship
from darkfleet.store import Workspace
from darkfleet.store.summary import WorkspaceSummary, summarise

SCENARIO = "dprk-russia-2023"
#: The simulated return flow: tankers carrying refined products to Rajin (SIMULATED).
OIL_SCENARIO = "dprk-russia-oil"

#: The real public AIS recordings bundled with darkfleet (see data/SOURCES.md).
REAL_AIS_SAMPLES = (
    "ais/dma-aislib/stream_example.txt",
    "ais/dma-aislib/decode_encode_messages.txt",
    "ais/dma-aislib/ais250.txt",
    "ais/kystverket-aisnet/Ais1000Lines.nm4",
    "ais/amsa-risky/ais.txt.gz",
    "ais/amsa-risky/nmea-timestamped.txt",
)


@dataclass(frozen=True, slots=True)
class DemoResult:
    """Where the demo wrote its outputs and what it found."""

    workspace: Path
    brief: Path
    flagship: FlagshipRun
    summary: WorkspaceSummary
    matches: list[dict[str, Any]]
    checks: list[dict[str, Any]]
    trade: list[dict[str, Any]] = field(default_factory=list)  # `darkfleet trade` rows by year
    imagery: dict[str, int] = field(default_factory=dict)  # detections: matched, dark, ...


def run_demo(out: Path, config: Config, step: Callable[[str], None] | None = None) -> DemoResult:
    """Run every stage into `out` (its `workspace/` is replaced if present).

    `step`, when given, is called with a short description before each stage.
    """
    say = step or (lambda _: None)
    workspace_dir = out / "workspace"
    if workspace_dir.exists():
        shutil.rmtree(workspace_dir)
    config = _with_case_routes(config.with_workspace(workspace_dir))
    say("simulating the flagship scenario and the oil tankers (SIMULATED AIS), ingesting them "
        "with the real samples, screening and detecting")
    with Workspace.open(workspace_dir, create=True) as ws:
        flagship = run_flagship(ws, out / "simulated", config,
                                real_files=[DATA / name for name in REAL_AIS_SAMPLES],
                                before_detect=lambda w: _before_detect(w, out, config))
        say("simulating satellite imagery of the flagship scenario and matching it to the AIS")
        imagery = _imagery(ws, out / "simulated", config)
        say("estimating the cargo of every voyage against the UN limits")
        trade = _trade(ws, config)
        summary = summarise(ws)
        matches = ws.read("matches").to_pylist() if ws.has_table("matches") else []
    say("checking the case's claims against the model")
    checks = _case_check(config)
    say("writing the cited brief")
    brief = _report(out / "brief.html", config)
    return DemoResult(workspace_dir, brief, flagship, summary, matches, checks, trade, imagery)


def _before_detect(ws: Workspace, out: Path, config: Config) -> None:
    """Ingest the simulated oil tankers beside the flagship's, then screen every vessel."""
    from darkfleet.ingest import ingest_files
    from darkfleet.simulate.output import simulate

    written = simulate(OIL_SCENARIO, out / "simulated-oil")
    ingest_files([Path(written["nmea"])], ws, config.ingest)
    _screen(ws, config)


def _imagery(ws: Workspace, out: Path, config: Config) -> dict[str, int]:
    """Simulated detections of the flagship scenario (`simulate --imagery`), loaded and matched
    (`detections load`): dark ones in watched ports become dark_port_presence events."""
    from darkfleet.events.ports import load_registry
    from darkfleet.imagery import load_detections, match_workspace
    from darkfleet.simulate.imagery import write_imagery
    from darkfleet.simulate.output import generate

    written = write_imagery(generate(SCENARIO), out)
    load_detections([Path(written["detections"])], ws)
    ports = config.detect.ports
    found = match_workspace(ws, config.imagery, load_registry(None, ports.radius_m),
                            ports.watched_groups)
    return {"detections": found.detections, "matched": found.matched, "dark": found.dark,
            "dark_port_presence": found.dark_port_presence, "gaps_seen": found.gaps_seen}


def _trade(ws: Workspace, config: Config) -> list[dict[str, Any]]:
    from darkfleet.trade import trade_ledger, workspace_cargo

    estimates, limits = workspace_cargo(ws, config.estimation, SCENARIO)
    return trade_ledger(estimates, limits, "year")


def _with_case_routes(config: Config) -> Config:
    """`config` detecting with the watched routes of the case (not the setting)."""
    from darkfleet.events import load_registry
    from darkfleet.events.case_routes import with_case_routes
    from darkfleet.evidence import load_case

    routes = load_case(SCENARIO).watched_routes
    return replace(config, detect=with_case_routes(config.detect, routes, load_registry(),
                                                   SCENARIO))


def _screen(ws: Workspace, config: Config) -> None:
    from darkfleet.screening import bundled_list_paths, load_list_files, screen_workspace

    load_list_files(ws, bundled_list_paths())
    screen_workspace(ws, config.screening)


def _case_check(config: Config) -> list[dict[str, Any]]:
    from darkfleet.estimation.case_check import run_case_check
    from darkfleet.evidence import load_case

    return run_case_check(load_case(SCENARIO), config.estimation)


def _report(out: Path, config: Config) -> Path:
    from darkfleet.report import write_brief

    return write_brief(config, out, case=SCENARIO).html
