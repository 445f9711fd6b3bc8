"""Voyages: consecutive port calls of one vessel in different ports, with their risk.

A voyage runs from the end of a port call (`depart`) to the start of the vessel's next port call
in another port (`arrive`); consecutive calls in the same port make no voyage. `dark_h` is the
time inside AIS gaps between depart and arrive. `draught_depart_m` is the last draught reported
up to `voyages.draught_grace_h` after departure, `draught_arrive_m` the last reported before
arrival. `watched`: the voyage runs between the two groups of a watched route
(`ports.watched_routes`, either way), or a `possible_port_call` falls within it.

`risk` ranks voyages: a weighted mean of components, each between 0 and 1, kept apart in
`details.risk_components` (weights are the `voyages.risk_*` settings): `route` (1 on a watched
route), `dark` (1 - exp(-h / `voyages.risk_dark_scale_h`) of h hours inside suspected gaps),
`possible_port_call` (1 when one falls within the voyage), `draught` (0.5 for a rise at origin, 0.5
for a fall at destination), `encounter`, `collision` (1 when the vessel's MMSI is shared) and
`sanctions` (the best screening score). No common combination reaches 1, so the order means
something.

Other stages may add reasons: `extra_reasons` maps an MMSI to (reason, weight) pairs (a sanctions
screen passes, say, `{273000001: [("listed by OFAC (RUSSIA-EO14024)", 0.6)]}`); they are added to
every voyage of that MMSI, the best weight being the `sanctions` component. `follow_screening`
brings a stored voyage up to a later screening (darkfleet.events.query does, on reading).
"""

from __future__ import annotations

import bisect
import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import polars as pl

from darkfleet.events.ports import GROUP_LABELS, PortRegistry
from darkfleet.events.reach import route_pairs
from darkfleet.events.settings import DetectSettings
from darkfleet.store.schema import declared_schema

ExtraReasons = Mapping[int, Sequence[tuple[str, float]]]

VOYAGE_SCHEMA = declared_schema("voyages")

HOUR = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class _Call:
    mmsi: int
    port: str
    start: datetime
    end: datetime


def build_voyages(events: pl.DataFrame, history: pl.DataFrame, registry: PortRegistry,
                  settings: DetectSettings, extra_reasons: ExtraReasons | None = None
                  ) -> pl.DataFrame:
    """Voyages (`VOYAGE_SCHEMA`) from the events and the static history (mmsi, ts, imo,
    shipname, draught_m), sorted by depart then mmsi."""
    context = _Context(events, history, registry, settings, extra_reasons or {})
    rows = [context.voyage(a, b) for a, b in _legs(events)]
    if not rows:
        return pl.DataFrame(schema=VOYAGE_SCHEMA)
    return pl.DataFrame(rows, schema=VOYAGE_SCHEMA, orient="row").sort("depart", "mmsi")


def _legs(events: pl.DataFrame) -> list[tuple[_Call, _Call]]:
    calls = events.filter(pl.col("type") == "port_call").with_columns(
        pl.col("details").str.json_path_match("$.segment").cast(pl.Int64).alias("segment")
    ).sort("mmsi", "segment", "start")
    legs = []
    previous: tuple[int, int, _Call] | None = None
    for row in calls.iter_rows(named=True):
        call = _Call(row["mmsi"], row["port"], row["start"], row["end"])
        if previous and previous[:2] == (row["mmsi"], row["segment"]) and (
                previous[2].port != call.port):
            legs.append((previous[2], call))
        previous = (row["mmsi"], row["segment"], call)
    return legs


class _Context:
    """Everything a voyage's fields and reasons are looked up in, indexed by MMSI."""

    def __init__(self, events: pl.DataFrame, history: pl.DataFrame, registry: PortRegistry,
                 settings: DetectSettings, extra: ExtraReasons) -> None:
        self.registry = registry
        self.settings = settings
        self.extra = extra
        self.by_type = {t: _by_mmsi(events.filter(pl.col("type") == t))
                        for t in ("ais_gap", "encounter", "mmsi_collision", "possible_port_call")}
        self.routes = route_pairs(settings)
        v = settings.voyages
        self.weights = {"route": v.risk_watched_route, "dark": v.risk_dark,
                        "possible_port_call": v.risk_possible_call, "draught": v.risk_draught,
                        "encounter": v.risk_encounter, "collision": v.risk_collision,
                        "sanctions": v.risk_sanctions}
        encounters = events.filter(pl.col("type") == "encounter")
        swapped = encounters.with_columns(pl.col("other_mmsi").alias("mmsi"),
                                          pl.col("mmsi").alias("other_mmsi"))
        self.by_type["encounter"] = _by_mmsi(pl.concat([encounters, swapped]))
        self.history = _series(history.sort("mmsi", "ts"), ("draught_m", "imo", "shipname"))

    def voyage(self, origin: _Call, dest: _Call) -> dict[str, Any]:
        mmsi, depart, arrive = origin.mmsi, origin.end, dest.start
        grace = self.settings.voyages.draught_grace_h * HOUR
        d_depart = self._asof(mmsi, depart + grace, "draught_m")
        d_arrive = self._asof(mmsi, arrive, "draught_m")
        dark_h = self._dark_h(mmsi, depart, arrive)
        components, reasons = self._components(origin, dest, d_depart, d_arrive)
        key = f"{mmsi}|{depart.isoformat()}|{origin.port}|{dest.port}"
        watched = components["route"] > 0 or components["possible_port_call"] > 0
        return {
            "id": hashlib.sha1(key.encode()).hexdigest()[:16], "mmsi": mmsi,
            "imo": self._asof(mmsi, depart, "imo"), "name": self._asof(mmsi, depart, "shipname"),
            "origin": origin.port, "destination": dest.port, "depart": depart, "arrive": arrive,
            "duration_h": round((arrive - depart) / HOUR, 3), "dark_h": round(dark_h, 3),
            "draught_depart_m": d_depart, "draught_arrive_m": d_arrive, "watched": watched,
            "risk": weighted_risk(components, self.weights), "reasons": reasons,
            "details": json.dumps({
                "risk_components": components, "risk_weights": self.weights,
                "screening_reasons": [r for r, _ in self.extra.get(mmsi, ())]}),
        }

    def _components(self, origin: _Call, dest: _Call, d_depart: float | None,
                    d_arrive: float | None) -> tuple[dict[str, float], list[str]]:
        s, mmsi = self.settings, origin.mmsi
        reasons: list[str] = []
        route = self._route(origin.port, dest.port)
        if route:
            reasons.append(f"on a watched route: {route}")
        suspected_h = self._dark_h(mmsi, origin.end, dest.start, suspected_only=True)
        if suspected_h >= s.voyages.dark_min_h:
            reasons.append(f"dark {suspected_h:.1f} h in transit (suspected)")
        calls = self._overlapping("possible_port_call", mmsi, origin.end, dest.start)
        reasons += [f"could have called at {row['port']} while dark" for row in calls]
        draught = self._draught_reasons(origin, dest, d_depart, d_arrive)
        reasons += draught
        met = self._overlapping("encounter", mmsi, origin.end, dest.start)
        reasons += [f"met MMSI {row['other_mmsi']} at sea for {row['duration_h']:.1f} h"
                    for row in met]
        shared = bool(self.by_type["mmsi_collision"].get(mmsi))
        if shared:
            reasons.append("MMSI shared by two transmitters")
        extra = list(self.extra.get(mmsi, ()))
        reasons += [reason for reason, _ in extra]
        components = {
            "route": 1.0 if route else 0.0,
            "dark": round(1 - math.exp(-suspected_h / s.voyages.risk_dark_scale_h), 3),
            "possible_port_call": 1.0 if calls else 0.0, "draught": 0.5 * len(draught),
            "encounter": 1.0 if met else 0.0, "collision": 1.0 if shared else 0.0,
            "sanctions": max((min(max(w, 0.0), 1.0) for _, w in extra), default=0.0)}
        return components, reasons

    def _route(self, origin: str, destination: str) -> str | None:
        """The watched route a voyage runs on, as `A -> B` with the groups' labels."""
        for a in self.registry.groups_of(origin):
            for b in self.registry.groups_of(destination):
                if (a, b) in self.routes:
                    return f"{GROUP_LABELS.get(a, a)} -> {GROUP_LABELS.get(b, b)}"
        return None

    def _draught_reasons(self, origin: _Call, dest: _Call, d_depart: float | None,
                         d_arrive: float | None) -> list[str]:
        s = self.settings
        found = []
        before = self._asof(origin.mmsi, origin.start, "draught_m")
        if before is not None and d_depart is not None and (
                d_depart - before >= s.draught.min_change_m):
            found.append(f"draught rose {d_depart - before:.1f} m at origin")
        after = self._asof(dest.mmsi, dest.end + s.voyages.draught_grace_h * HOUR, "draught_m")
        if after is not None and d_arrive is not None and (
                d_arrive - after >= s.draught.min_change_m):
            found.append(f"draught fell {d_arrive - after:.1f} m at destination")
        return found

    def _dark_h(self, mmsi: int, depart: datetime, arrive: datetime,
                suspected_only: bool = False) -> float:
        total = 0.0
        for row in self._overlapping("ais_gap", mmsi, depart, arrive):
            if suspected_only and not json.loads(row["details"]).get("suspected"):
                continue
            overlap = min(row["end"], arrive) - max(row["start"], depart)
            total += max(overlap / HOUR, 0.0)
        return total

    def _overlapping(self, kind: str, mmsi: int, start: datetime, end: datetime
                     ) -> list[dict[str, Any]]:
        rows = self.by_type[kind].get(mmsi, [])
        return [r for r in rows if r["start"] < end and r["end"] > start]

    def _asof(self, mmsi: int, when: datetime, column: str) -> Any:
        """The last non-null `column` reported at or before `when` (else the first after)."""
        times, values = self.history.get((mmsi, column), ([], []))
        if not times:
            return None
        index = bisect.bisect_right(times, when)
        return values[index - 1] if index else values[0]


def weighted_risk(components: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """The risk of a voyage: the weighted mean of its components, to 0.001."""
    total = sum(weights.values())
    score = sum(w * components.get(k, 0.0) for k, w in weights.items())
    return round(score / total, 3) if total > 0 else 0.0


def follow_screening(voyage: dict[str, Any], current: Sequence[tuple[str, float]]) -> None:
    """Bring a stored voyage (`details` as an object) up to the current screening: its
    screening reasons replaced by `current` (reason, score) pairs, the `sanctions` component
    and the risk recomputed."""
    details = voyage.get("details") or {}
    if "risk_weights" not in details:
        return
    old = set(details.get("screening_reasons", []))
    voyage["reasons"] = [r for r in voyage["reasons"] if r not in old] + [r for r, _ in current]
    details["screening_reasons"] = [r for r, _ in current]
    components = details["risk_components"]
    components["sanctions"] = max((min(max(w, 0.0), 1.0) for _, w in current), default=0.0)
    voyage["risk"] = weighted_risk(components, details["risk_weights"])


def _series(frame: pl.DataFrame, columns: tuple[str, ...]
            ) -> dict[tuple[int, str], tuple[list[datetime], list[Any]]]:
    """Per (mmsi, column): the times and values of the non-null reports, in time order."""
    series: dict[tuple[int, str], tuple[list[datetime], list[Any]]] = {}
    for column in columns:
        reported = frame.filter(pl.col(column).is_not_null())
        for (mmsi,), group in reported.group_by("mmsi", maintain_order=True):
            series[(int(mmsi), column)] = (group.get_column("ts").to_list(),
                                          group.get_column(column).to_list())
    return series


def _by_mmsi(frame: pl.DataFrame) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = {}
    for row in frame.iter_rows(named=True):
        grouped.setdefault(row["mmsi"], []).append(row)
    return grouped
