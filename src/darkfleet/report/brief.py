"""The typed content of a brief: everything the renderer needs, gathered by `adapter.collect_brief`.

The renderer takes only a `BriefData`, so it can be tested with hand-made records and never
touches the workspace. The stages' records (events, voyages, vessels, tracks, screening
matches) are theirs, as their readers return them; the brief's own records (claims, sources,
estimates, checks...) follow. Every record has an anchor (the HTML element id it is shown
under): `anchor_of(record)`, made by `anchor(kind, key)`; the summary's numbers link to them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from darkfleet.events.records import Event, Vessel, Voyage
from darkfleet.screening.model import Match

if TYPE_CHECKING:
    from darkfleet.report.sections import Detection, PortPresence, Trade
    from darkfleet.screening.hull import HullHistory
    from darkfleet.tracks.query import Track

#: Verdicts of a claim check that mean the claim failed its plausibility check.
FAILED_VERDICTS = frozenset({"implausible", "fail", "failed", "contradicted", "inconsistent"})
#: Verdicts of a claim that holds only under other assumptions than the case's defaults.
CONDITIONAL_VERDICTS = frozenset({"needs-assumptions"})

_UNSAFE = re.compile(r"[^A-Za-z0-9_.:-]")


def anchor(kind: str, key: object) -> str:
    """The element id of a record: `rec-<kind>-<key>`, with unsafe characters replaced by `_`.

    Kinds: `event`, `voyage`, `vessel` (key: MMSI), `match`, `claim`, `estimate`, `check`
    (key: the claim id), and `table` (key: a workspace table name, for counts over a table).
    """
    return f"rec-{kind}-{_UNSAFE.sub('_', str(key))}"


def match_key(mmsi: int | None, imo: int | None, list_name: str, entry_id: str) -> str:
    """The key of a screening match (matches carry no id of their own)."""
    who = f"mmsi{mmsi}" if mmsi is not None else f"imo{imo}" if imo is not None else "unknown"
    return f"{who}-{list_name}-{entry_id}"


class Anchored(Protocol):
    """One of the brief's own records, which carry their anchor."""

    @property
    def anchor(self) -> str: ...


def anchor_of(record: Event | Voyage | Vessel | Match | Anchored) -> str:
    """The element id of a stage's record (event, voyage, vessel, screening match), or the
    `anchor` of one of the brief's own records."""
    if isinstance(record, Event):
        return anchor("event", record.id)
    if isinstance(record, Voyage):
        return anchor("voyage", record.id)
    if isinstance(record, Vessel):
        return anchor("vessel", record.mmsi)
    if isinstance(record, Match):
        return anchor("match", match_key(record.vessel.mmsi, record.vessel.imo,
                                         record.entry.list, record.entry.id))
    return record.anchor


def label(vessel: Vessel) -> str:
    """How the brief names a vessel: its name, else its MMSI."""
    return vessel.name or f"MMSI {vessel.mmsi}"


def link_path(match: Match) -> str | None:
    """A link match's path (`linked to listed X ... via Y`), from its `link` evidence."""
    return next((e.how for e in match.evidence if e.field == "link" and e.how), None)


def is_link(match: Match) -> bool:
    """Whether a match is a link to a listed party (owner, operator), not a listing."""
    return match.basis == "link" or link_path(match) is not None


@dataclass(frozen=True, slots=True)
class Source:
    """A cited source, shown as a footnote in the style of the source article."""

    number: int
    title: str
    publisher: str
    url: str
    accessed_on: str | None

    @property
    def anchor(self) -> str:
        return f"fn-{self.number}"


@dataclass(frozen=True, slots=True)
class Claim:
    """A claim of the case file, graded on the Admiralty scale, citing one source."""

    id: str
    statement: str
    quantity: float | None
    unit: str | None
    subject: str | None
    attributed_to: str | None
    stated_on: str | None
    source: Source | None
    reliability: str | None
    credibility: int | None
    supports: tuple[str, ...] = ()
    contradicts: tuple[str, ...] = ()

    @property
    def anchor(self) -> str:
        return anchor("claim", self.id)

    @property
    def grade(self) -> str:
        """The Admiralty grade, such as `B2` (`?` for a missing part)."""
        return f"{self.reliability or '?'}{self.credibility or '?'}"


@dataclass(frozen=True, slots=True)
class Assumption:
    name: str
    value: str
    unit: str | None
    source: str | None


@dataclass(frozen=True, slots=True)
class Estimate:
    """A Monte Carlo estimate: an interval (p5-p95) around a median, never a single number."""

    id: str
    question: str
    unit: str | None
    p5: float
    p50: float
    p95: float
    mean: float | None
    method: str | None
    samples: int | None
    binding_constraint: str | None
    assumptions: tuple[Assumption, ...] = ()

    @property
    def anchor(self) -> str:
        return anchor("estimate", self.id)


@dataclass(frozen=True, slots=True)
class Check:
    """A claim's plausibility check: the model's interval (when it has one) and the verdict.

    `kind` names the check when a claim has several (`capacity`, `production`); `assumptions`
    are what the claim needs beyond the case's defaults to hold.
    """

    claim_id: str
    p5: float | None
    p50: float | None
    p95: float | None
    verdict: str
    assumptions: tuple[Assumption, ...] = ()
    kind: str = ""

    @property
    def anchor(self) -> str:
        return anchor("check", f"{self.kind}-{self.claim_id}" if self.kind else self.claim_id)

    @property
    def failed(self) -> bool:
        return self.verdict.lower() in FAILED_VERDICTS

    @property
    def conditional(self) -> bool:
        """Holds only under assumptions other than the case's defaults."""
        return self.verdict.lower() in CONDITIONAL_VERDICTS

    @property
    def interval(self) -> tuple[float, float, float] | None:
        if self.p5 is None or self.p50 is None or self.p95 is None:
            return None
        return self.p5, self.p50, self.p95


@dataclass(frozen=True, slots=True)
class CaseInfo:
    """The case file's frame: its name and title, watched port groups, vessels of interest."""

    name: str
    title: str | None
    port_groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    vessels_of_interest: tuple[tuple[str, int | None], ...] = ()


@dataclass(frozen=True, slots=True)
class Port:
    """A port shown on the map: called at (port calls) and/or watched (a case's port group)."""

    locode: str
    lat: float
    lon: float
    called: bool = True
    watched: bool = False


@dataclass(frozen=True, slots=True)
class Threshold:
    """One setting used by event detection, with its value and help text."""

    name: str
    value: str
    help: str


@dataclass(frozen=True, slots=True)
class BriefData:
    """Everything one brief shows. Empty tuples mean the records were not there (`missing`)."""

    title: str
    generated_at: datetime
    case: CaseInfo | None = None
    vessels: tuple[Vessel, ...] = ()
    tracks: tuple[Track, ...] = ()
    events: tuple[Event, ...] = ()
    voyages: tuple[Voyage, ...] = ()
    matches: tuple[Match, ...] = ()
    claims: tuple[Claim, ...] = ()
    sources: tuple[Source, ...] = ()
    estimates: tuple[Estimate, ...] = ()
    checks: tuple[Check, ...] = ()
    ports: tuple[Port, ...] = ()
    thresholds: tuple[Threshold, ...] = ()
    missing: tuple[str, ...] = ()
    tables: tuple[str, ...] = ()
    mmsis_seen: int | None = None  # MMSIs in positions or static reports, as `summarise` counts
    detections: tuple[Detection, ...] = ()
    port_presence: tuple[PortPresence, ...] = ()  # dark detections in watched ports
    hulls: tuple[HullHistory, ...] = ()
    trade: Trade | None = None
    simulated_seen: frozenset[int] = frozenset()  # MMSIs of simulated positions or vessels

    @property
    def simulated(self) -> bool:
        """Whether any simulated data appears in the brief."""
        return bool(self.simulated_mmsis)

    @property
    def simulated_mmsis(self) -> frozenset[int]:
        """The simulated vessels the brief shows (as vessels or tracks)."""
        return frozenset({v.mmsi for v in self.vessels} | {t.mmsi for t in self.tracks}
                         ) & self.simulated_seen
