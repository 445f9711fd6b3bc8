"""The demo pipeline: darkfleet's stages run end to end on the bundled data.

`run_demo` is what `darkfleet demo` (and `make demo`) calls. It writes everything under one
output directory, so a run can be inspected and removed as a whole.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from darkfleet.config import Config
from darkfleet.data import DATA
from darkfleet.ingest import FileReport, ingest_files
from darkfleet.store import Workspace
from darkfleet.store.summary import WorkspaceSummary, summarise

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
    ingest_reports: list[FileReport]
    summary: WorkspaceSummary


def run_demo(out: Path, config: Config) -> DemoResult:
    """Run the pipeline on the bundled data into `out/workspace` (replaced if present)."""
    workspace_dir = out / "workspace"
    if workspace_dir.exists():
        shutil.rmtree(workspace_dir)
    samples = [DATA / name for name in REAL_AIS_SAMPLES]
    with Workspace.open(workspace_dir, create=True) as ws:
        reports = ingest_files(samples, ws, config.ingest)
        summary = summarise(ws)
    return DemoResult(workspace=workspace_dir, ingest_reports=reports, summary=summary)
