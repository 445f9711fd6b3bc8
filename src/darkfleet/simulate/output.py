"""A built scenario as workspace tables, as NMEA lines, and the `simulate` entry point.

Every vessel transmits on its own time grid; only what the receivers hear
(darkfleet.simulate.receivers) is written, with a GPS error on every position. The truth lists
what was planted, from what was transmitted (darkfleet.simulate.truth).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from darkfleet.errors import UsageError
from darkfleet.simulate.cargo import NAME as OIL
from darkfleet.simulate.cargo import build_oil, cargo_truth
from darkfleet.simulate.nmea import (
    PositionReport,
    StaticReport,
    position_payload,
    sentences,
    static_payload,
)
from darkfleet.simulate.plan import VoyagePlan
from darkfleet.simulate.receivers import POSITION_NOISE_M, Receivers, build_receivers
from darkfleet.simulate.scenario import NAME, Built, Size, build
from darkfleet.simulate.truth import static_times, truth_of, value_at, when
from darkfleet.store.schema import POSITIONS, STATIC_REPORTS
from darkfleet.timefmt import iso_utc
from darkfleet.tracks.geo import offset_deg

SOURCE = "darkfleet-simulated"
SCENARIOS = (NAME, OIL)
NOTE = ("SIMULATED DATA: every position, report and event here was made by darkfleet's "
        "scenario generator after public reporting; none of it was observed.")


@dataclass(frozen=True, slots=True)
class Heard:
    """One transmitter's messages as received: the source of each fix and static report
    (None: nobody heard it) and each fix's GPS error in degrees."""

    fixes: list[str | None]
    statics: list[str | None]
    error: list[tuple[float, float]]


@dataclass(frozen=True, slots=True)
class Scenario:
    """A generated scenario: its rows (store schemas), truth and identity, and what the
    receivers heard of each transmitter (`heard`, in `_transmitters` order; empty: all)."""

    name: str
    seed: int
    size: Size
    built: Built
    truth: dict[str, Any]
    heard: tuple[Heard, ...] = ()

    def _received(self) -> list[tuple[VoyagePlan, Heard]]:
        plans = _transmitters(self.built)
        if self.heard:
            return list(zip(plans, self.heard, strict=True))
        return [(p, Heard([SOURCE] * len(p.fixes), [SOURCE] * len(
            static_times(p, self.size.static_interval_min)), [(0.0, 0.0)] * len(p.fixes)))
                for p in plans]

    def _fixes(self) -> list[tuple[VoyagePlan, Any, str]]:
        out = []
        for plan, heard in self._received():
            for fix, source, (dlat, dlon) in zip(plan.fixes, heard.fixes, heard.error,
                                                 strict=True):
                if source is not None:
                    out.append((plan, replace(fix, lat=fix.lat + dlat, lon=fix.lon + dlon),
                                source))
        return out

    def _statics(self) -> list[tuple[VoyagePlan, float, str]]:
        out = []
        for plan, heard in self._received():
            if plan is self.built.phantom:
                continue
            times = static_times(plan, self.size.static_interval_min)
            out += [(plan, t, src) for t, src in zip(times, heard.statics, strict=True) if src]
        return out

    def positions(self) -> pa.Table:
        rows = [_position_row(plan, fix.minute, fix, source)
                for plan, fix, source in self._fixes()]
        return pa.Table.from_pylist(rows, schema=POSITIONS).sort_by("ts")

    def static_reports(self) -> pa.Table:
        rows = [_static_row(plan, t) for plan, t, _ in self._statics()]
        return pa.Table.from_pylist(rows, schema=STATIC_REPORTS).sort_by("ts")

    def nmea_lines(self) -> list[str]:
        """Every message heard as tag-blocked `!AIVDM` lines, in time order."""
        stamped: list[tuple[float, int, list[str]]] = []
        for plan, fix, source in self._fixes():
            stamped.append((fix.minute, 0, _position_lines(plan, fix, source)))
        for group, (plan, t, source) in enumerate(self._statics(), start=1):
            stamped.append((t, 1, _static_lines(plan, t, group, source)))
        stamped.sort(key=lambda item: (item[0], item[1]))
        return [line for _, _, lines in stamped for line in lines]


def receive(built: Built, size: Size, seed: int) -> tuple[Heard, ...]:
    """What the receivers of scenario `seed` hear of every transmitter."""
    receivers = build_receivers(np.random.default_rng([seed, 7]), size.days * 24 * 60)
    rng = np.random.default_rng([seed, 11])
    return tuple(_hear(plan, receivers, size, rng) for plan in _transmitters(built))


def _hear(plan: VoyagePlan, receivers: Receivers, size: Size,
          rng: np.random.Generator) -> Heard:
    minutes = np.array([f.minute for f in plan.fixes])
    lat = np.array([f.lat for f in plan.fixes])
    lon = np.array([f.lon for f in plan.fixes])
    fixes = receivers.heard(minutes, lat, lon, rng) if len(minutes) else []
    error = [offset_deg(a, *rng.normal(0, POSITION_NOISE_M, 2)) for a in lat]
    times = np.array(static_times(plan, size.static_interval_min))
    if len(times) and len(minutes):
        statics = receivers.heard(times, np.interp(times, minutes, lat),
                                  np.interp(times, minutes, lon), rng,
                                  size.static_interval_min)
    else:
        statics = [None] * len(times)
    return Heard(fixes, statics, error)


def generate(name: str, seed: int = 1, size: Size | None = None) -> Scenario:
    """Build scenario `name` for `seed`.

    Raises:
        UsageError: an unknown scenario name.
    """
    if name not in SCENARIOS:
        raise UsageError(f"unknown scenario {name!r} (known: {', '.join(SCENARIOS)})")
    size = size or Size()
    built = build(seed, size) if name == NAME else build_oil(seed, size)
    events, voyages = truth_of(built, size.static_interval_min)
    vessels = [{"mmsi": p.vessel.mmsi, "imo": p.vessel.imo, "name": p.names[-1][1],
                "role": p.vessel.role} for p in built.plans]
    truth = {"scenario": name, "seed": seed, "simulated": True, "note": NOTE,
             "window": {"start": iso_utc(when(0)), "end": iso_utc(when(size.days * 1440))},
             "vessels": vessels, "events": events, "voyages": voyages,
             **cargo_truth(built, voyages)}
    return Scenario(name, seed, size, built, truth, receive(built, size, seed))


def simulate(name: str, out: Path, seed: int = 1, size: Size | None = None) -> dict[str, Any]:
    """Write `out/NAME.nmea` and `out/truth.json`; returns a summary."""
    scenario = generate(name, seed, size)
    out.mkdir(parents=True, exist_ok=True)
    lines = scenario.nmea_lines()
    nmea = out / f"{name}.nmea"
    nmea.write_text("\n".join(lines) + "\n", encoding="ascii")
    (out / "truth.json").write_text(json.dumps(scenario.truth, indent=1) + "\n",
                                    encoding="utf-8")
    return {"nmea": str(nmea), "truth": str(out / "truth.json"), "lines": len(lines),
            "vessels": len(scenario.truth["vessels"]), "events": len(scenario.truth["events"]),
            "voyages": len(scenario.truth["voyages"])}


def _transmitters(built: Built) -> list[VoyagePlan]:
    return built.plans + ([built.phantom] if built.phantom else [])


def _position_row(plan: VoyagePlan, minute: float, fix: Any, source: str) -> dict[str, Any]:
    return {"mmsi": plan.vessel.mmsi, "ts": when(minute), "msg_type": 1, "kind": "vessel",
            "lat": round(fix.lat, 6), "lon": round(fix.lon, 6), "speed_kn": fix.speed_kn,
            "course_deg": fix.course_deg, "heading_deg": None, "nav_status": fix.nav_status,
            "source": source, "file": None, "line": None}


def _static_row(plan: VoyagePlan, minute: float) -> dict[str, Any]:
    v = plan.vessel
    return {"mmsi": v.mmsi, "ts": when(minute), "msg_type": 5, "part": None, "imo": v.imo,
            "callsign": v.callsign, "shipname": value_at(plan.names, minute),
            "ship_type": v.ship_type, "draught_m": value_at(plan.draughts, minute),
            "destination": value_at(plan.destinations, minute) if plan.destinations else None,
            "to_bow_m": v.to_bow_m, "to_stern_m": v.to_stern_m, "to_port_m": v.to_port_m,
            "to_starboard_m": v.to_starboard_m,
            "file": None, "line": None}


def _epoch(minute: float) -> int:
    return int(when(minute).timestamp())


def _position_lines(plan: VoyagePlan, fix: Any, source: str) -> list[str]:
    moment = when(fix.minute)
    report = PositionReport(plan.vessel.mmsi, round(fix.lat, 6), round(fix.lon, 6),
                            fix.speed_kn, fix.course_deg, moment.second, fix.nav_status,
                            1 if fix.nav_status == 0 else 3)
    payload, fill = position_payload(report)
    return sentences(payload, fill, _epoch(fix.minute), source, 0)


def _static_lines(plan: VoyagePlan, minute: float, group: int, source: str) -> list[str]:
    row = _static_row(plan, minute)
    report = StaticReport(row["mmsi"], row["imo"], row["callsign"], row["shipname"],
                          row["ship_type"], row["draught_m"], row["destination"] or "",
                          row["to_bow_m"], row["to_stern_m"], row["to_port_m"],
                          row["to_starboard_m"])
    payload, fill = static_payload(report)
    return sentences(payload, fill, _epoch(minute), source, group)
