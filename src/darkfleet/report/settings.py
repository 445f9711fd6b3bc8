"""Settings of report writing."""

from __future__ import annotations

from dataclasses import dataclass

from darkfleet.errors import ConfigError
from darkfleet.settings_base import setting


@dataclass(frozen=True, slots=True)
class ReportSettings:
    """How briefs are written."""

    title: str = setting("darkfleet brief", "Title of the brief when the case names none.")
    simulated_sources: tuple[str, ...] = setting(
        ("darkfleet-simulated",),
        "Position sources that mark simulated data; such vessels are watermarked SIMULATED.",
    )
    map_points_per_vessel: int = setting(
        400, "Most track points drawn per vessel on the map (both ends of gaps are kept).",
        minimum=2,
    )
    summary_items: int = setting(
        5, "Most records named per finding in the summary (the rest are in the tables).",
        minimum=1,
    )
    timeline_vessels: int = setting(
        80, "Most vessels drawn as rows of the timeline figure (the tables list every record).",
        minimum=1,
    )
    paper: str = setting("A4", "Paper size of printed briefs (PDF): A4 or Letter.")
    chromium: str = setting("chromium", "The Chromium executable used to print PDFs.")
    pdf_timeout_s: float = setting(
        120.0, "Longest time Chromium may take to print a PDF.", minimum=1)

    def __post_init__(self) -> None:
        if self.paper not in PAPERS:
            raise ConfigError(f"setting report.paper must be one of {', '.join(PAPERS)}, "
                              f"got {self.paper!r}", field="report.paper")


#: The paper sizes a brief may be printed on.
PAPERS = ("A4", "Letter")
