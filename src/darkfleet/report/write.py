"""Write a brief: open the workspace, read the case file, collect, render, save (and print PDF)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from darkfleet.errors import ReportError
from darkfleet.report.adapter import BriefSettings, collect_brief
from darkfleet.report.brief import BriefData
from darkfleet.report.case_source import load_case
from darkfleet.store import Workspace


@dataclass(frozen=True, slots=True)
class BriefResult:
    """What was written, and what the brief says is missing."""

    html: Path
    pdf: Path | None
    size_bytes: int
    missing: tuple[str, ...]
    simulated: bool


def collect(settings: BriefSettings, workspace: Path, case: str | None = None,
            now: datetime | None = None) -> BriefData:
    """The brief's records from the workspace at `workspace` and the case `case` (name or
    path).

    Raises:
        StoreError: the workspace directory is not a darkfleet workspace.
        EvidenceError: the case is unknown or invalid (names the file and field).
    """
    case_data = load_case(case, settings.estimation) if case else None
    with Workspace.open(workspace) as ws:
        return collect_brief(ws, case_data, settings, now, trade_case=case)


def write_brief(
    settings: BriefSettings,
    workspace: Path,
    out: Path,
    pdf: Path | None = None,
    case: str | None = None,
    now: datetime | None = None,
) -> BriefResult:
    """Write the brief of the workspace at `workspace` as one self-contained HTML file (and a
    PDF on request).

    Raises:
        StoreError: the workspace directory is not a darkfleet workspace.
        EvidenceError: the case is unknown or invalid (names the file and field).
        ReportError: the file cannot be written, or Chromium is missing or failed when a PDF
            was asked for.
    """
    from darkfleet.report.browser import print_pdf
    from darkfleet.report.render import render_html

    brief = collect(settings, workspace, case, now)
    html = render_html(brief, settings.report)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(html, encoding="utf-8")
    except OSError as error:
        raise ReportError(f"cannot write the brief: {error.strerror}", path=out) from error
    if pdf is not None:
        print_pdf(out, pdf, settings.report.chromium, settings.report.pdf_timeout_s)
    return BriefResult(out, pdf, len(html.encode("utf-8")), brief.missing, brief.simulated)
