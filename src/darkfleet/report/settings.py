"""Settings of report writing."""

from __future__ import annotations

from dataclasses import dataclass

from darkfleet.settings_base import setting


@dataclass(frozen=True, slots=True)
class ReportSettings:
    """How briefs are written."""

    title: str = setting("darkfleet brief", "Title of the brief when the case names none.")
