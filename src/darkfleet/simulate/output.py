"""A built scenario as workspace tables, as NMEA lines, and the `simulate` entry point."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
from darkfleet.simulate.scenario import NAME, Built, Size, build
from darkfleet.simulate.truth import static_times, truth_of, value_at, when
from darkfleet.store.schema import POSITIONS, STATIC_REPORTS
from darkfleet.timefmt import iso_utc

SOURCE = "darkfleet-simulated"
SCENARIOS = (NAME, OIL)
NOTE = ("SIMULATED DATA: every position, report and event here was made by darkfleet's "
        "scenario generator after public reporting; none of it was observed.")


@dataclass(frozen=True, slots=True)
class Scenario:
    """A generated scenario: its rows (store schemas), truth and identity."""

    name: str
    seed: int
    size: Size
    built: Built
    truth: dict[str, Any]

    def positions(self) -> pa.Table:
        rows = [_position_row(plan, fix.minute, fix)
                for plan in _transmitters(self.built) for fix in plan.fixes]
        return pa.Table.from_pylist(rows, schema=POSITIONS).sort_by("ts")

    def static_reports(self) -> pa.Table:
        rows = [_static_row(plan, t) for plan in self.built.plans
                for t in static_times(plan, self.size.static_interval_min)]
        return pa.Table.from_pylist(rows, schema=STATIC_REPORTS).sort_by("ts")

    def nmea_lines(self) -> list[str]:
        """Every message as tag-blocked `!AIVDM` lines, in time order."""
        stamped: list[tuple[float, int, list[str]]] = []
        for plan in _transmitters(self.built):
            for fix in plan.fixes:
                stamped.append((fix.minute, 0, _position_lines(plan, fix)))
        group = 0
        for plan in self.built.plans:
            for t in static_times(plan, self.size.static_interval_min):
                group += 1
                stamped.append((t, 1, _static_lines(plan, t, group)))
        stamped.sort(key=lambda item: (item[0], item[1]))
        return [line for _, _, lines in stamped for line in lines]


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
    return Scenario(name, seed, size, built, truth)


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


def _position_row(plan: VoyagePlan, minute: float, fix: Any) -> dict[str, Any]:
    return {"mmsi": plan.vessel.mmsi, "ts": when(minute), "msg_type": 1, "kind": "vessel",
            "lat": round(fix.lat, 6), "lon": round(fix.lon, 6), "speed_kn": fix.speed_kn,
            "course_deg": fix.course_deg, "heading_deg": None, "nav_status": fix.nav_status,
            "source": SOURCE, "file": None, "line": None}


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


def _position_lines(plan: VoyagePlan, fix: Any) -> list[str]:
    moment = when(fix.minute)
    report = PositionReport(plan.vessel.mmsi, round(fix.lat, 6), round(fix.lon, 6),
                            fix.speed_kn, fix.course_deg, moment.second, fix.nav_status,
                            1 if fix.nav_status == 0 else 3)
    payload, fill = position_payload(report)
    return sentences(payload, fill, _epoch(fix.minute), SOURCE, 0)


def _static_lines(plan: VoyagePlan, minute: float, group: int) -> list[str]:
    row = _static_row(plan, minute)
    report = StaticReport(row["mmsi"], row["imo"], row["callsign"], row["shipname"],
                          row["ship_type"], row["draught_m"], row["destination"] or "",
                          row["to_bow_m"], row["to_stern_m"], row["to_port_m"],
                          row["to_starboard_m"])
    payload, fill = static_payload(report)
    return sentences(payload, fill, _epoch(minute), SOURCE, group)
