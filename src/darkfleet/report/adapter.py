"""The one adapter between the workspace (plus the case file) and the brief: `collect_brief`.

It reads the tables the other stages write through their readers, and tolerates any of them
being absent: what is missing is listed in `BriefData.missing` and the brief says so. The
tables and their readers, in one place so they are easy to rewire:

| table | read by |
| --- | --- |
| `vessels` (else a summary of `positions`) | `darkfleet.events.query.stored_vessels` |
| `track_points`, else `positions` | `darkfleet.tracks.query.read_thinned` |
| `events`, `voyages` | `darkfleet.events.query.stored_events`, `stored_voyages` |
| `matches` | `darkfleet.screening.query.stored_matches` |
| `claims`, `estimates`, `claim_checks` | as in the case file (docs/report.md) |
| imagery detections, `static_reports` | through `section_source` (detections, hull history) |
| `voyages`, `static_reports` | the trade ledger, through `section_source.trade` |

It receives the settings it uses (`BriefSettings`): the report's own, the detection settings
its methods table states, and the estimation settings of the trade section.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from darkfleet.events.records import Event, Vessel, Voyage, vessel_from_row
from darkfleet.report import case as case_reader
from darkfleet.report import section_source
from darkfleet.report.brief import BriefData, CaseInfo, Estimate, Port, Threshold, label
from darkfleet.report.case_source import CaseFile, estimates_from_checks
from darkfleet.report.settings import ReportSettings
from darkfleet.screening.model import Match
from darkfleet.settings_base import flat_settings
from darkfleet.store import Workspace
from darkfleet.tracks.query import Track

if TYPE_CHECKING:
    from darkfleet.estimation.settings import EstimationSettings


@dataclass(frozen=True, slots=True)
class BriefSettings:
    """The settings a brief uses: the report's, the detection settings in force (a frozen
    settings dataclass, stated in the methods table) and the estimation settings (the trade
    section's cargo model)."""

    report: ReportSettings
    detect: Any
    estimation: EstimationSettings


_HINTS = {
    "positions": "no positions (run `darkfleet ingest`)",
    "vessels": "no vessels table (run `darkfleet detect`)",
    "events": "no events (run `darkfleet detect`)",
    "voyages": "no voyages (run `darkfleet detect`)",
    "matches": "no screening matches (run `darkfleet screen`)",
    "claims": "no claims (the case names none, or no case was given: use `--case`)",
    "estimates": "no estimates (run `darkfleet estimate` or add them to the case)",
    "checks": "no claim checks (run `darkfleet case check`)",
}


def collect_brief(
    workspace: Workspace | None,
    case: CaseFile | Mapping[str, Any] | None,
    settings: BriefSettings,
    now: datetime | None = None,
    trade_case: str | Path | None = None,
) -> BriefData:
    """Gather a brief's records from an open workspace (or none) and a case: the evidence
    stage's case with its checks (`load_case`), or a case file's mapping (docs/report.md).

    `trade_case` (the case's name or path) adds the trade section: cargo per voyage in the
    case's directions, summed by month, against its limits.

    Raises:
        ReportError: a case file or a claim/estimate row is malformed (names the field).
        StoreError: a workspace table cannot be read, or one of its rows is malformed.
    """
    tables, parts, report = _Tables(workspace), _CaseParts.of(case), settings.report
    all_events = tables.events()
    events = tuple(e for e in all_events if e.mmsi is not None)  # dark detections: presence
    info = parts.info
    vessels = _vessels(tables)
    claims, sources = case_reader.claims_and_sources(
        [*parts.claims, *tables.get("claims")], parts.sources)
    brief = BriefData(
        title=str(parts.title or report.title),
        generated_at=now or datetime.now(UTC),
        case=info,
        vessels=vessels,
        tracks=tables.tracks(report.map_points_per_vessel),
        events=events,
        voyages=tables.voyages(),
        matches=tables.matches(),
        claims=claims,
        sources=sources,
        estimates=(*parts.estimates, *case_reader.estimates(
            [*parts.estimate_rows, *tables.get("estimates")], len(parts.estimates))),
        checks=case_reader.checks([*parts.checks, *tables.get("claim_checks")]),
        ports=_ports(events, info),
        thresholds=thresholds(settings.detect),
        tables=tuple(tables.names),
        mmsis_seen=_mmsis_seen(workspace),
        detections=section_source.detections(workspace),
        port_presence=section_source.port_presence(all_events),
        trade=section_source.trade(workspace, trade_case, settings.estimation),
        hulls=section_source.hulls(workspace, [v.imo for v in vessels if v.imo is not None]),
        simulated_seen=tables.simulated(report.simulated_sources),
    )
    return dataclasses.replace(brief, missing=_missing(brief))


@dataclass(frozen=True, slots=True)
class _CaseParts:
    """What a brief takes of its case: frame, title, claims (with named sources), checks and
    estimates (typed, or rows to parse)."""

    info: CaseInfo | None = None
    title: Any = None
    claims: Sequence[Any] = ()
    sources: Mapping[str, Any] | None = None
    checks: Sequence[Mapping[str, Any]] = ()
    estimates: tuple[Estimate, ...] = ()
    estimate_rows: Sequence[Mapping[str, Any]] = ()

    @classmethod
    def of(cls, case: CaseFile | Mapping[str, Any] | None) -> _CaseParts:
        """The parts of a loaded case, of a case file's mapping, or of no case.

        Raises:
            ReportError: the mapping's frame is malformed (names the field).
        """
        if isinstance(case, CaseFile):
            return cls(case_reader.case_frame(case.case), case.case.title, case.case.claims,
                       None, case.checks, estimates_from_checks(case.checks))
        if not case:
            return cls()
        return cls(case_reader.case_info(case), case.get("title"), case.get("claims", []),
                   case.get("sources"), case.get("checks", []), (),
                   case.get("estimates", []))


def _mmsis_seen(workspace: Workspace | None) -> int | None:
    """The vessels (MMSIs) the workspace saw, counted as `darkfleet` reports them elsewhere."""
    if workspace is None or not workspace.tables():
        return None
    from darkfleet.store.summary import summarise

    return summarise(workspace).vessels


def _missing(brief: BriefData) -> tuple[str, ...]:
    """What the brief lacks, each with the command that would supply it."""
    present = {
        "positions": brief.tracks, "vessels": brief.vessels, "events": brief.events,
        "voyages": brief.voyages, "matches": brief.matches, "claims": brief.claims,
        "estimates": brief.estimates, "checks": brief.checks,
    }
    return tuple(text for name, text in _HINTS.items() if not present[name])


def thresholds(detect: Any) -> tuple[Threshold, ...]:
    """Every detection setting in force (`detect`: a settings dataclass), with its help text
    (the methods section's table); nested settings are named with dots (`gap.min_duration_h`)."""
    return tuple(Threshold(name, str(value), help_text)
                 for name, value, help_text in flat_settings(detect))


class _Tables:
    """The workspace's tables through their stages' readers; an absent table (or workspace)
    reads as no records."""

    def __init__(self, workspace: Workspace | None) -> None:
        self.workspace = workspace
        self.names = workspace.tables() if workspace is not None else []

    def _open(self) -> Iterator[Workspace]:
        if self.workspace is not None:
            yield self.workspace

    def get(self, name: str) -> list[dict[str, Any]]:
        """Rows of another stage's table as stored (claims, estimates, claim checks)."""
        if self.workspace is None or name not in self.names:
            return []
        rows: list[dict[str, Any]] = self.workspace.read(name).to_pylist()
        return rows

    def events(self) -> tuple[Event, ...]:
        from darkfleet.events.query import stored_events

        return tuple(e for ws in self._open() for e in stored_events(ws))

    def voyages(self) -> tuple[Voyage, ...]:
        from darkfleet.events.query import stored_voyages

        return tuple(v for ws in self._open() for v in stored_voyages(ws))

    def vessels(self) -> list[Vessel]:
        from darkfleet.events.query import stored_vessels
        from darkfleet.tracks.query import positions_summary

        if "vessels" not in self.names and "positions" in self.names:
            return [vessel_from_row(r, i) for ws in self._open()
                    for i, r in enumerate(positions_summary(ws))]
        return [v for ws in self._open() for v in stored_vessels(ws)]

    def matches(self) -> tuple[Match, ...]:
        from darkfleet.screening.query import stored_matches

        return tuple(m for ws in self._open() for m in stored_matches(ws))

    def tracks(self, per_vessel: int) -> tuple[Track, ...]:
        from darkfleet.tracks.query import read_thinned

        return tuple(t for ws in self._open() for t in read_thinned(ws, per_vessel))

    def simulated(self, sources: Sequence[str]) -> frozenset[int]:
        """MMSIs with positions from a simulated source or flagged simulated in `vessels`."""
        from darkfleet.events.query import flagged_simulated
        from darkfleet.tracks.query import simulated_mmsis

        return frozenset(m for ws in self._open() for m in simulated_mmsis(ws, sources)
                         | flagged_simulated(ws))


def _vessels(tables: _Tables) -> tuple[Vessel, ...]:
    return tuple(sorted(tables.vessels(), key=lambda v: (label(v).upper(), v.mmsi)))


def _ports(events: Sequence[Event], case: CaseInfo | None) -> tuple[Port, ...]:
    """Ports called at (port-call events) and ports the case watches, placed by the built-in
    port registry (else at the mean position of their calls)."""
    from darkfleet.events.ports import builtin_registry

    spots: dict[str, list[tuple[float, float]]] = {}
    for event in events:
        if event.type == "port_call" and event.port:
            spots.setdefault(event.port, [])
            if event.lat is not None and event.lon is not None:
                spots[event.port].append((event.lat, event.lon))
    watched = {code for _, codes in case.port_groups for code in codes} if case else set()
    registry = builtin_registry()
    ports = []
    for code in sorted(set(spots) | watched):
        area, seen = registry.get(code), spots.get(code, [])
        if area is not None:
            lat, lon = area.lat, area.lon
        elif seen:
            lat, lon = sum(p[0] for p in seen) / len(seen), sum(p[1] for p in seen) / len(seen)
        else:
            continue
        ports.append(Port(code, lat, lon, called=code in spots, watched=code in watched))
    return tuple(ports)
