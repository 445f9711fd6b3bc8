"""The records of the evidence ledger: claims, observations and the links between them.

A `Claim` follows the Claim contract of DESIGN.md: id, statement, quantity, unit, subject,
attributed_to, stated_on, source (title, publisher, url, accessed_on), Admiralty reliability (A-F)
and credibility (1-6), and supports / contradicts (ids of observations, estimates or claims).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

RELIABILITY = {"A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
               "D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged"}
CREDIBILITY = {1: "confirmed by other sources", 2: "probably true", 3: "possibly true",
               4: "doubtful", 5: "improbable", 6: "truth cannot be judged"}
QUALIFIERS = ("about", "at_least", "up_to", "range")
CHANNELS = ("sea", "rail", "air", "road", "unknown")
METHODS = ("imagery", "ais", "official_statement", "document", "other")
RELATIONS = ("supports", "contradicts")


@dataclass(frozen=True, slots=True)
class Source:
    title: str
    publisher: str
    url: str
    accessed_on: date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "publisher": self.publisher, "url": self.url,
                "accessed_on": self.accessed_on.isoformat() if self.accessed_on else None}


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """How to test a rounds claim against the model: its container count and calibre family.

    `containers` is stated in the claim itself, or taken from the claim `containers_claim`.
    """

    family: str
    containers: float | None = None
    containers_claim: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    statement: str
    quantity: float | None
    unit: str
    subject: str
    attributed_to: str
    stated_on: date
    source: Source
    reliability: str
    credibility: int
    qualifier: str = "about"
    quantity_high: float | None = None
    window_start: date | None = None
    window_end: date | None = None
    check: CheckSpec | None = None
    supports: tuple[str, ...] = ()
    contradicts: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The Claim contract (plus the optional range, qualifier and window)."""
        return {"id": self.id, "statement": self.statement, "quantity": self.quantity,
                "quantity_high": self.quantity_high, "qualifier": self.qualifier,
                "unit": self.unit, "subject": self.subject, "attributed_to": self.attributed_to,
                "stated_on": self.stated_on.isoformat(), "source": self.source.to_dict(),
                "reliability": self.reliability, "credibility": self.credibility,
                "window_start": self.window_start.isoformat() if self.window_start else None,
                "window_end": self.window_end.isoformat() if self.window_end else None,
                "supports": list(self.supports), "contradicts": list(self.contradicts)}


@dataclass(frozen=True, slots=True)
class Observation:
    """A count seen by someone: containers on a pier, railcars at a border station."""

    id: str
    count: float
    unit: str
    place: str
    time: str
    channel: str
    method: str
    source: Source
    note: str = ""
    detection_id: str | None = None  # the imagery detection the count was made on, if any
    scene_id: str | None = None  # or the imagery scene

    def to_dict(self) -> dict[str, Any]:
        """The observation; `detection_id` and `scene_id` only when it cites imagery."""
        cited = {k: v for k, v in (("detection_id", self.detection_id),
                                   ("scene_id", self.scene_id)) if v is not None}
        return {"id": self.id, "count": self.count, "unit": self.unit, "place": self.place,
                "time": self.time, "channel": self.channel, "method": self.method,
                "source": self.source.to_dict(), "note": self.note, **cited}


@dataclass(frozen=True, slots=True)
class PortGroup:
    name: str
    ports: tuple[tuple[str | None, str], ...]


@dataclass(frozen=True, slots=True)
class VesselOfInterest:
    imo: int
    name: str
    former_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FamilyAssumption:
    """How a calibre named in claims is read: the default munition and the alternatives."""

    default: str
    alternatives: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    title: str
    port_groups: tuple[PortGroup, ...]
    vessels: tuple[VesselOfInterest, ...]
    claims: tuple[Claim, ...]
    observations: tuple[Observation, ...]
    container: str
    containers: tuple[str, ...]
    families: dict[str, FamilyAssumption] = field(default_factory=dict)
    production_capacity: str | None = None
    #: Pairs of port groups (either way) whose voyages are watched; None: the case names none.
    watched_routes: tuple[tuple[str, str], ...] | None = None

    def claim(self, claim_id: str) -> Claim | None:
        return next((c for c in self.claims if c.id == claim_id), None)
