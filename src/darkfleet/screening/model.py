"""The typed records of the screening stage: list entries, lists, identities and matches."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One designation on a sanctions list, with every name and identifier the list gives.

    `kind` is `vessel`, `organization`, `person` or `other`; only vessels are screened.
    `names` holds the primary name first, then aliases and former names; `name_kinds` says
    which each one is (`primary`, `aka`, `fka`). `imo` of an organization is its IMO company
    number (the UN list gives those for ship owners), never a ship's number.
    """

    list: str
    id: str
    kind: str
    names: tuple[str, ...]
    name_kinds: tuple[str, ...] = ()
    imo: int | None = None
    mmsi: int | None = None
    callsign: str | None = None
    flag: str | None = None
    programs: tuple[str, ...] = ()
    listed_on: str | None = None
    linked_to: tuple[str, ...] = ()
    link_kinds: tuple[str, ...] = ()
    vessel_type: str | None = None
    tonnage: int | None = None
    build_year: int | None = None
    length_m: float | None = None
    former_flags: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The primary name."""
        return self.names[0] if self.names else ""

    def kind_of(self, index: int) -> str:
        """Whether name number `index` is the primary name, an alias (aka) or former (fka)."""
        if index < len(self.name_kinds):
            return self.name_kinds[index]
        return "primary" if index == 0 else "aka"

    def link_kind(self, index: int) -> str:
        """How linked party number `index` is related (`owner`, `operator`, `linked to`...)."""
        return self.link_kinds[index] if index < len(self.link_kinds) else "linked to"

    def to_record(self) -> dict[str, Any]:
        return {
            "list": self.list, "id": self.id, "kind": self.kind, "names": list(self.names),
            "imo": self.imo, "mmsi": self.mmsi, "callsign": self.callsign, "flag": self.flag,
            "programs": list(self.programs), "listed_on": self.listed_on,
            "linked_to": list(self.linked_to), "link_kinds": list(self.link_kinds),
            "vessel_type": self.vessel_type, "tonnage": self.tonnage,
            "build_year": self.build_year, "length_m": self.length_m,
            "former_flags": list(self.former_flags),
        }


@dataclass(frozen=True, slots=True)
class SanctionsList:
    """One version of one list as published: its name, date, source files and entries."""

    list: str
    version: str
    source: str
    format: str
    entries: tuple[ListEntry, ...]

    def vessels(self) -> tuple[ListEntry, ...]:
        return tuple(e for e in self.entries if e.kind == "vessel")


@dataclass(frozen=True, slots=True)
class Identity:
    """A vessel identity to screen: any of IMO, MMSI, name (and earlier names), call sign, flag."""

    imo: int | None = None
    mmsi: int | None = None
    name: str | None = None
    callsign: str | None = None
    flag: str | None = None
    former_names: tuple[str, ...] = ()
    vessel_type: str | None = None
    tonnage: int | None = None
    build_year: int | None = None
    length_m: float | None = None
    seen_at: str | None = None

    def is_empty(self) -> bool:
        return not (self.imo or self.mmsi or self.name or self.callsign or self.former_names)

    def to_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {"imo": self.imo, "mmsi": self.mmsi, "name": self.name,
                                  "callsign": self.callsign, "flag": self.flag}
        if self.former_names:
            record["former_names"] = list(self.former_names)
        for key in ("vessel_type", "tonnage", "build_year", "length_m", "seen_at"):
            if getattr(self, key) is not None:
                record[key] = getattr(self, key)
        return record


@dataclass(frozen=True, slots=True)
class Evidence:
    """One reason a match was made: which field, how, the two values and the list's date."""

    field: str
    how: str
    query: str
    listed: str
    score: float
    list: str
    list_date: str

    def to_record(self) -> dict[str, Any]:
        """The evidence as stored under its field's name in a match's `evidence` object."""
        return {"how": self.how, "query": self.query, "listed": self.listed,
                "score": round(self.score, 3), "list": self.list, "list_date": self.list_date}


@dataclass(frozen=True, slots=True)
class Match:
    """A list entry that matches a screened identity, with its score (0-1) and evidence."""

    vessel: Identity
    entry: ListEntry
    score: float
    evidence: tuple[Evidence, ...]
    list_date: str
    above_threshold: bool = True
    notes: tuple[str, ...] = ()
    basis: str = "identifier"
    via: tuple[str, ...] = ()

    def evidence_record(self) -> dict[str, dict[str, Any]]:
        """Field -> how it matched, strongest first (one piece of evidence per field)."""
        return {e.field: e.to_record() for e in self.evidence}

    @property
    def sighting_age_d(self) -> float | None:
        """Days from the AIS sighting of the screened identity to the list's date (positive:
        the sighting is older than the list), or None when the identity has no sighting."""
        return sighting_age_d(self.vessel.seen_at, self.list_date)

    def to_record(self) -> dict[str, Any]:
        """The Match contract: vessel, entry, score, evidence (field -> how), basis, and notes."""
        record = {
            "vessel": self.vessel.to_record(), "entry": self.entry.to_record(),
            "score": round(self.score, 3), "above_threshold": self.above_threshold,
            "basis": self.basis, "evidence": self.evidence_record(),
            "list_date": self.list_date, "seen_at": self.vessel.seen_at,
            "sighting_age_d": self.sighting_age_d, "notes": list(self.notes),
        }
        if self.via:
            record["via"] = list(self.via)
        return record


def sighting_age_d(seen_at: str | None, list_date: str) -> float | None:
    """Days from `seen_at` (ISO 8601) to `list_date` (`YYYY-MM-DD`), one decimal; None when
    either is missing or unreadable."""
    from datetime import UTC, datetime

    if not seen_at or not list_date:
        return None
    try:
        seen = datetime.fromisoformat(seen_at.replace("Z", "+00:00"))
        listed = datetime.fromisoformat(list_date[:10]).replace(tzinfo=UTC)
    except ValueError:
        return None
    if seen.tzinfo is None:
        seen = seen.replace(tzinfo=UTC)
    return round((listed - seen).total_seconds() / 86400, 1)
