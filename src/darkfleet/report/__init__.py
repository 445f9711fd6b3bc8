"""darkfleet report stage: cited briefs (one self-contained HTML file, and a PDF on request).

`write_brief(settings, workspace, out, pdf=None, case=None)` reads the workspace and the case
file through one adapter (`collect_brief`) into a typed `BriefData`, which `render_html` turns
into a page.
Importing this package is cheap: the workspace, Jinja2 and Chromium are reached only when used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from darkfleet._lazy import lazy_exports

if TYPE_CHECKING:
    from darkfleet.report.adapter import BriefSettings, collect_brief
    from darkfleet.report.brief import BriefData, anchor
    from darkfleet.report.case_source import load_case
    from darkfleet.report.render import render_html
    from darkfleet.report.write import BriefResult, write_brief

__all__ = ["BriefData", "BriefResult", "BriefSettings", "anchor", "collect_brief", "load_case",
           "render_html", "write_brief"]

_LAZY = {"BriefData": "brief", "anchor": "brief", "collect_brief": "adapter",
         "render_html": "render", "BriefResult": "write", "load_case": "case_source",
         "write_brief": "write", "BriefSettings": "adapter"}

if not TYPE_CHECKING:
    __getattr__ = lazy_exports(__name__, _LAZY)
