"""Hull history: one vessel by its IMO number across MMSIs, names, call signs and flags.

An IMO number stays with the hull for life while the MMSI, name, call sign and flag change (the
shadow fleet changes them often, "flag hopping"). `assemble_history` joins the AIS static
reports that carry one IMO (and a time: untimed reports cannot be ordered) into spans of one
(MMSI, name, call sign, flag), in time order, and counts each change of flag with its date; the
list entries with that IMO add the names the lists give (aliases and former names) and the
former flags they record.
`hull_risk_reasons` turns flag changes into risk reasons for the vessel's MMSIs. The flag of an
AIS span is the flag state of its MMSI's MID.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from darkfleet.errors import ScreeningError
from darkfleet.screening.identifiers import imo_is_valid, mmsi_info
from darkfleet.screening.model import ListEntry
from darkfleet.screening.query import hull_rows
from darkfleet.store import Workspace


@dataclass(frozen=True, slots=True)
class HullSpan:
    """A time span in which the hull reported one MMSI, name and call sign (flag of the MMSI)."""

    mmsi: int
    name: str | None
    callsign: str | None
    flag: str | None
    first_seen: str
    last_seen: str


@dataclass(frozen=True, slots=True)
class FlagChange:
    """The hull appeared under another flag: from, to, and the first report under the new one."""

    from_flag: str
    to_flag: str
    on: str
    mmsi: int


@dataclass(frozen=True, slots=True)
class HullHistory:
    """Everything known of one hull: its AIS spans, flag changes and the names lists give."""

    imo: int
    spans: tuple[HullSpan, ...]
    flag_changes: tuple[FlagChange, ...]
    listed_names: tuple[str, ...]
    listed_former_flags: tuple[str, ...] = ()

    @property
    def mmsis(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(s.mmsi for s in self.spans))

    @property
    def names(self) -> tuple[str, ...]:
        """The names it reported, first seen first."""
        return tuple(dict.fromkeys(s.name for s in self.spans if s.name))

    @property
    def flags(self) -> tuple[str, ...]:
        """The flags of its MMSIs, first seen first."""
        return tuple(dict.fromkeys(s.flag for s in self.spans if s.flag))

    def to_record(self) -> dict[str, Any]:
        return {"imo": self.imo, "mmsis": list(self.mmsis), "names": list(self.names),
                "callsigns": list(dict.fromkeys(s.callsign for s in self.spans if s.callsign)),
                "flags": list(self.flags),
                "spans": [{"mmsi": s.mmsi, "name": s.name, "callsign": s.callsign,
                           "flag": s.flag, "first_seen": s.first_seen,
                           "last_seen": s.last_seen} for s in self.spans],
                "flag_changes": [{"from": c.from_flag, "to": c.to_flag, "on": c.on,
                                  "mmsi": c.mmsi} for c in self.flag_changes],
                "listed_names": list(self.listed_names),
                "listed_former_flags": list(self.listed_former_flags)}


def _flag(mmsi: int) -> str | None:
    try:
        return mmsi_info(mmsi).flag
    except ScreeningError:
        return None


def assemble_history(imo: int, rows: Iterable[Mapping[str, Any]],
                     entries: Sequence[ListEntry] = ()) -> HullHistory:
    """The history of hull `imo` from AIS rows (`mmsi`, `name`, `callsign`, `first_seen`,
    `last_seen`) and the list entries that carry its IMO."""
    spans = sorted((HullSpan(int(r["mmsi"]), (r["name"] or "").strip("@ ") or None,
                             (r["callsign"] or "").strip("@ ") or None, _flag(int(r["mmsi"])),
                             r["first_seen"], r["last_seen"]) for r in rows),
                   key=lambda s: (s.first_seen, s.mmsi))
    changes: list[FlagChange] = []
    current: str | None = None
    for span in spans:
        if span.flag and current and span.flag != current:
            changes.append(FlagChange(current, span.flag, span.first_seen, span.mmsi))
        current = span.flag or current
    mine = [e for e in entries if e.imo == imo]
    names = tuple(dict.fromkeys(n for e in mine for n in e.names))
    former = tuple(dict.fromkeys(f for e in mine for f in e.former_flags))
    return HullHistory(imo, tuple(spans), tuple(changes), names, former)


def hull_histories(ws: Workspace, entries: Sequence[ListEntry] = (),
                   imo: int | None = None) -> list[HullHistory]:
    """The history of every valid IMO the workspace's AIS carries (or of `imo` only)."""
    by_imo: dict[int, list[dict[str, Any]]] = {}
    for row in hull_rows(ws, imo):
        if imo_is_valid(row["imo"]):
            by_imo.setdefault(row["imo"], []).append(row)
    return [assemble_history(number, rows, entries) for number, rows in sorted(by_imo.items())]


def flag_change_reason(history: HullHistory) -> str:
    """`IMO 9179842 changed flag 2 times: RU to PA on 2023-04-01, PA to CM on 2024-01-05`."""
    steps = ", ".join(f"{c.from_flag} to {c.to_flag} on {c.on[:10]}"
                      for c in history.flag_changes)
    times = "once" if len(history.flag_changes) == 1 else f"{len(history.flag_changes)} times"
    return f"IMO {history.imo} changed flag {times}: {steps}"


def hull_risk_reasons(histories: Iterable[HullHistory],
                      weight: float) -> dict[int, list[tuple[str, float]]]:
    """MMSI -> [(reason, weight)] for every hull that changed flag: `weight` per change, at most
    twice `weight`."""
    reasons: dict[int, list[tuple[str, float]]] = {}
    for history in histories:
        if history.flag_changes:
            value = round(min(weight * len(history.flag_changes), 2 * weight), 3)
            for mmsi in history.mmsis:
                reasons.setdefault(mmsi, []).append((flag_change_reason(history), value))
    return reasons
