"""What a scenario planted, derived from exactly the fixes and reports it emitted.

Each planted item follows the event definitions of docs/events.md with the default settings:
port calls (first and last moored fix of each stay of at least 2 h), AIS gaps (last fix before
and first fix after each dark spell; open when the window ends first), the encounter (the later
first and earlier last drifting fix of the two vessels), loitering, the MMSI collision (first and
last switch between the two transmitters), identity and draught changes (last report with the
old value, first with the new), voyages (consecutive port calls in different ports) and possible
port calls (a call made with the AIS off: its gap's times, the port it called at). Everything is
derived from what was *transmitted*: silences that only the receivers made are not in the truth.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import groupby, pairwise
from typing import Any

from darkfleet.simulate.plan import VoyagePlan
from darkfleet.simulate.scenario import START, Built
from darkfleet.timefmt import iso_utc

MIN_STAY_H = 2.0
MIN_GAP_H = 6.0
MIN_MEET_H = 2.0


def when(minute: float) -> datetime:
    """The UTC time of a scenario minute, to the whole second (as the NMEA carries it)."""
    return START + timedelta(seconds=round(minute * 60))


def _long(first: float, last: float, hours: float) -> bool:
    """Whether `last` is at least `hours` after `first`, in whole seconds as emitted."""
    return round(last * 60) - round(first * 60) >= hours * 3600


def _event(kind: str, mmsi: int, start: float, end: float, **extra: Any) -> dict[str, Any]:
    return {"type": kind, "mmsi": mmsi, "other_mmsi": extra.pop("other_mmsi", None),
            "start": iso_utc(when(start)), "end": iso_utc(when(end)),
            "port": extra.pop("port", None), **extra}


def static_times(plan: VoyagePlan, interval_min: float) -> list[float]:
    """Minutes at which the vessel sent a static report (every `interval_min`, not when dark)."""
    first = plan.phase / 2
    last = plan.fixes[-1].minute if plan.fixes else 0.0
    count = int((last - first) // interval_min) + 1
    times = [first + i * interval_min for i in range(max(count, 0))]
    return [t for t in times if not plan.is_dark(t)]


def value_at(changes: list[tuple[float, Any]], minute: float) -> Any:
    value = changes[0][1]
    for t, v in changes:
        if t <= minute:
            value = v
    return value


def truth_of(built: Built, static_interval_min: float) -> tuple[list[dict[str, Any]],
                                                                  list[dict[str, Any]]]:
    """(events, voyages) planted in `built`."""
    window_end = max(f.minute for p in _all(built) for f in p.fixes)
    events: list[dict[str, Any]] = []
    voyages: list[dict[str, Any]] = []
    for plan in built.plans:
        calls = _port_calls(plan)
        events += calls
        voyages += _voyages(calls)
        gaps = _gaps(plan, window_end)
        events += gaps
        events += _dark_calls(plan, gaps)
        events += _drifts(plan, "loiter", "loitering", 4.0)
        times = static_times(plan, static_interval_min)
        events += _changes(plan, times, plan.draughts, "draught_change")
        events += _changes(plan, times, plan.names, "identity_change")
    events += _meeting(built)
    if built.phantom is not None:
        events += _collision(built)
    return sorted(events, key=lambda e: (e["start"], e["type"], e["mmsi"])), sorted(
        voyages, key=lambda v: (v["depart"], v["mmsi"]))


def _all(built: Built) -> list[VoyagePlan]:
    return built.plans + ([built.phantom] if built.phantom else [])


def _port_calls(plan: VoyagePlan) -> list[dict[str, Any]]:
    calls = []
    for tag, group in groupby(plan.fixes, key=lambda f: f.tag):
        fixes = list(group)
        if tag.startswith("port:") and _long(fixes[0].minute, fixes[-1].minute, MIN_STAY_H):
            calls.append(_event("port_call", plan.vessel.mmsi, fixes[0].minute,
                                fixes[-1].minute, port=tag[5:]))
    return calls


def _voyages(calls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"mmsi": a["mmsi"], "origin": a["port"], "destination": b["port"],
             "depart": a["end"], "arrive": b["start"]}
            for a, b in pairwise(calls) if a["port"] != b["port"]]


def _gaps(plan: VoyagePlan, window_end: float) -> list[dict[str, Any]]:
    gaps = []
    for off, on in plan.dark:
        before = [f.minute for f in plan.fixes if f.minute < off]
        after = [f.minute for f in plan.fixes if f.minute >= on]
        if not before:
            continue
        end = after[0] if after else window_end
        if _long(before[-1], end, MIN_GAP_H):
            gaps.append(_event("ais_gap", plan.vessel.mmsi, before[-1], end, open=not after))
    return gaps


def _dark_calls(plan: VoyagePlan, gaps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A `possible_port_call` for every call made with the AIS off, with its gap's times."""
    calls = []
    for locode, off, _ in plan.dark_calls:
        before = [f.minute for f in plan.fixes if f.minute < off]
        gap = next((g for g in gaps if before and g["start"] == iso_utc(when(before[-1]))), None)
        if gap is not None:
            calls.append({**gap, "type": "possible_port_call", "port": locode, "open": None})
    return calls


def _drifts(plan: VoyagePlan, name: str, kind: str, min_h: float) -> list[dict[str, Any]]:
    minutes = [f.minute for f in plan.fixes if f.tag == f"drift:{name}"]
    if not minutes or not _long(minutes[0], minutes[-1], min_h):
        return []
    return [_event(kind, plan.vessel.mmsi, minutes[0], minutes[-1])]


def _meeting(built: Built) -> list[dict[str, Any]]:
    if built.meeting is None:
        return []
    spans = []
    for plan in built.plans:
        if plan.vessel.mmsi in built.meeting:
            minutes = [f.minute for f in plan.fixes if f.tag == "drift:meet"]
            spans.append((minutes[0], minutes[-1]))
    start, end = max(s for s, _ in spans), min(e for _, e in spans)
    if not _long(start, end, MIN_MEET_H):
        return []
    low, high = sorted(built.meeting)
    return [_event("encounter", low, start, end, other_mmsi=high)]


def _collision(built: Built) -> list[dict[str, Any]]:
    assert built.phantom is not None
    mmsi = built.phantom.vessel.mmsi
    real = next(p for p in built.plans if p.vessel.mmsi == mmsi)
    merged = sorted([(f.minute, 0) for f in real.fixes] + [(f.minute, 1)
                                                          for f in built.phantom.fixes])
    switches = [t for (t, s), (_, prev) in zip(merged[1:], merged, strict=False) if s != prev]
    if len(switches) < 3:
        return []
    return [_event("mmsi_collision", mmsi, switches[0], switches[-1])]


def _changes(plan: VoyagePlan, times: list[float], changes: list[tuple[float, Any]],
             kind: str) -> list[dict[str, Any]]:
    found = []
    for (_, old), (at, new) in pairwise(changes):
        before = [t for t in times if t < at]
        after = [t for t in times if t >= at]
        if before and after and old != new:
            found.append(_event(kind, plan.vessel.mmsi, before[-1], after[0]))
    return found
