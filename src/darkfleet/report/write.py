"""Write a brief: open the workspace, read the case file, collect, render, save (and print PDF)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from darkfleet.config import Config
from darkfleet.errors import ReportError
from darkfleet.report.adapter import collect_brief
from darkfleet.report.brief import BriefData
from darkfleet.store import Workspace


@dataclass(frozen=True, slots=True)
class BriefResult:
    """What was written, and what the brief says is missing."""

    html: Path
    pdf: Path | None
    size_bytes: int
    missing: tuple[str, ...]
    simulated: bool


def load_case(name: str) -> dict[str, Any]:
    """A case file by path (YAML or JSON), or a case bundled as `darkfleet/data/cases/NAME`.

    Raises:
        ReportError: no such case, or the file cannot be parsed (names the file).
    """
    path = Path(name)
    if path.is_file():
        return _parse_case(path.read_text(encoding="utf-8"), str(path))
    bundled = resources.files("darkfleet.data").joinpath("cases")
    for suffix in (".yaml", ".yml", ".json"):
        candidate = bundled.joinpath(name + suffix)
        if candidate.is_file():
            return _parse_case(candidate.read_text(encoding="utf-8"), f"case {name}")
    raise ReportError(f"unknown case {name!r}: neither a file nor a bundled case")


def _parse_case(text: str, where: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ReportError(f"not a valid case file: {problem}", path=where, line=line) \
            from error
    if not isinstance(data, dict):
        raise ReportError("a case file must hold an object (mapping)", path=where)
    return json.loads(json.dumps(data, default=str))  # type: ignore[no-any-return]


def collect(config: Config, case: str | None = None, now: datetime | None = None) -> BriefData:
    """The brief's records from `config.workspace` and the case `case` (name or path).

    Raises:
        StoreError: the workspace directory is not a darkfleet workspace.
        ReportError: the case is unknown or malformed.
    """
    case_data = load_case(case) if case else None
    with Workspace.open(config.workspace) as workspace:
        return collect_brief(workspace, case_data, config, now)


def write_brief(
    config: Config,
    out: Path,
    pdf: Path | None = None,
    case: str | None = None,
    now: datetime | None = None,
) -> BriefResult:
    """Write the brief of the workspace as one self-contained HTML file (and a PDF on request).

    Raises:
        StoreError: the workspace directory is not a darkfleet workspace.
        ReportError: the case is unknown or malformed, the file cannot be written, or Chromium
            is missing or failed when a PDF was asked for.
    """
    from darkfleet.report.browser import print_pdf
    from darkfleet.report.render import render_html

    brief = collect(config, case, now)
    html = render_html(brief, config.report)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(html, encoding="utf-8")
    except OSError as error:
        raise ReportError(f"cannot write the brief: {error.strerror}", path=out) from error
    if pdf is not None:
        print_pdf(out, pdf, config.report.chromium, config.report.pdf_timeout_s)
    return BriefResult(out, pdf, len(html.encode("utf-8")), brief.missing, brief.simulated)
