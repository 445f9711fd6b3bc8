"""Scoring detected events and voyages against a scenario's truth: precision and recall.

Only detections about the truth's vessels count (so real data ingested beside a scenario does
not). A detected event matches a true one of the same type, vessel (for encounters the same pair;
for port calls the same port) whose time span overlaps it, each allowed `tolerance_h` of slack at
both ends; point-like events (identity and draught changes) match by end time within the same
tolerance. A voyage matches a true one of the same vessel, origin and destination whose depart
and arrive are each within `voyage_tolerance_h`. Matching is one to one, closest first.
Precision is matched / detected and recall matched / true (1.0 when there is nothing to find
and nothing was found). AIS gaps count only when `details.suspected`: the truth plants
transponders switched off, and a silence the receivers left is correctly not suspected.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from darkfleet.errors import InputError
from darkfleet.timefmt import parse_utc

Record = dict[str, Any]
EVENT_TYPES = ("port_call", "ais_gap", "encounter", "mmsi_collision", "loitering",
               "identity_change", "draught_change", "possible_port_call")


@dataclass(frozen=True, slots=True)
class Score:
    """The score of one kind of item (an event type, or "voyage")."""

    kind: str
    truth: int
    detected: int
    matched: int
    unmatched_truth: list[Record] = field(default_factory=list)
    unmatched_detected: list[Record] = field(default_factory=list)

    @property
    def precision(self) -> float:
        if self.detected == 0:
            return 1.0 if self.truth == 0 else 0.0
        return self.matched / self.detected

    @property
    def recall(self) -> float:
        if self.truth == 0:
            return 1.0 if self.detected == 0 else 0.0
        return self.matched / self.truth


def load_truth(path: Path) -> Record:
    """A truth file written by `darkfleet simulate`.

    Raises:
        InputError: the file cannot be read or is not a truth file.
    """
    try:
        truth = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(f"cannot read the truth file: {error}", path=path) from error
    if not isinstance(truth, dict) or not {"events", "voyages", "vessels"} <= set(truth):
        raise InputError("not a truth file (needs events, voyages and vessels)", path=path)
    return truth


def evaluate(truth: Record, events: Iterable[Record], voyages: Iterable[Record],
             tolerance_h: float = 1.0, voyage_tolerance_h: float = 3.0) -> list[Score]:
    """Scores per event type (`EVENT_TYPES` order) and for voyages (last)."""
    mmsis = {v["mmsi"] for v in truth["vessels"]}
    found = [_timed(e) for e in events if e["mmsi"] in mmsis and _counts(e)]
    planted = [_timed(e) for e in truth["events"]]
    scores = []
    for kind in EVENT_TYPES:
        scores.append(_score(kind, [e for e in planted if e["type"] == kind],
                             [e for e in found if e["type"] == kind],
                             lambda t, d: _event_cost(t, d, tolerance_h)))
    true_voyages = [_timed(v) for v in truth["voyages"]]
    seen = [_timed(v) for v in voyages if v["mmsi"] in mmsis]
    scores.append(_score("voyage", true_voyages, seen,
                         lambda t, d: _voyage_cost(t, d, voyage_tolerance_h)))
    return scores


def _counts(event: Record) -> bool:
    """Whether a detection is scored: AIS gaps only when suspected (the truth plants
    transponders switched off, not the silences the receivers leave)."""
    if event["type"] != "ais_gap":
        return True
    details = event.get("details")
    if isinstance(details, str):
        details = json.loads(details)
    return bool((details or {}).get("suspected", True))


def _timed(record: Record) -> Record:
    out = dict(record)
    for key in ("start", "end", "depart", "arrive"):
        value = out.get(key)
        if isinstance(value, str):
            out[key] = parse_utc(value)
    return out


def _hours(a: datetime, b: datetime) -> float:
    return abs((a - b).total_seconds()) / 3600


def _event_cost(t: Record, d: Record, tol_h: float) -> float | None:
    if t["mmsi"] != d["mmsi"] or t.get("other_mmsi") != d.get("other_mmsi"):
        return None
    if t["type"] == "port_call" and t.get("port") != d.get("port"):
        return None
    if t["type"] in ("identity_change", "draught_change"):
        gap = _hours(t["end"], d["end"])
        return gap if gap <= tol_h else None
    slack = tol_h * 3600
    if (d["start"] - t["end"]).total_seconds() > slack or (
            t["start"] - d["end"]).total_seconds() > slack:
        return None
    return _hours(t["start"], d["start"]) + _hours(t["end"], d["end"])


def _voyage_cost(t: Record, d: Record, tol_h: float) -> float | None:
    if (t["mmsi"], t["origin"], t["destination"]) != (d["mmsi"], d["origin"], d["destination"]):
        return None
    cost = (_hours(t["depart"], d["depart"]), _hours(t["arrive"], d["arrive"]))
    return sum(cost) if max(cost) <= tol_h else None


def _score(kind: str, truth: list[Record], found: list[Record],
           cost: Callable[[Record, Record], float | None]) -> Score:
    pairs = sorted((c, i, j) for i, t in enumerate(truth) for j, d in enumerate(found)
                   if (c := cost(t, d)) is not None)
    used_t: set[int] = set()
    used_d: set[int] = set()
    for _, i, j in pairs:
        if i not in used_t and j not in used_d:
            used_t.add(i)
            used_d.add(j)
    return Score(kind, len(truth), len(found), len(used_t),
                 [_plain(t) for i, t in enumerate(truth) if i not in used_t],
                 [_plain(d) for j, d in enumerate(found) if j not in used_d])


def _plain(record: Record) -> Record:
    keep = ("id", "type", "mmsi", "other_mmsi", "port", "start", "end", "origin",
            "destination", "depart", "arrive")
    return {k: record[k] for k in keep if k in record}


def evaluate_workspace(truth: Record, workspace: Any, tolerance_h: float = 1.0) -> list[Score]:
    """`evaluate` of a truth (see `load_truth`) against what `darkfleet detect` stored.

    Raises:
        StoreError: detection has not run in `workspace`.
    """
    from darkfleet.events.query import Filters, read_table

    events = read_table(workspace, "events", Filters())
    voyages = read_table(workspace, "voyages", Filters())
    return evaluate(truth, events, voyages, tolerance_h)
