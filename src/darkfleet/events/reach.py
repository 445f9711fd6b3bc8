"""Where a vessel could have gone while dark: reachable ports and possible port calls.

For each suspected closed `ais_gap`, with `speed` the vessel's highest reported speed clipped to
[`reach.min_speed_kn`, `reach.max_speed_kn`]:

- `sea_distance_nm`: the sea-route distance between the fixes around the gap
  (darkfleet.events.sea_routes); `sailing_h` = sea_distance_nm / speed, the time that sailing
  explains; `unaccounted_h` = duration_h - sailing_h (at least 0).
- `reachable_ports`: every port of the registry that the vessel could have sailed to from the
  gap's start, stayed at for at least `reach.min_dwell_h` and left for the gap's end within the
  gap: `{locode, name, group, detour_nm, max_dwell_h}` with detour_nm = (start to port + port to
  end) - sea_distance_nm and max_dwell_h = duration_h - (start to port + port to end) / speed.
  Ports of `ports.watched_groups` come first, then by detour; at most `MAX_REACHABLE`.

Other gaps get the same keys with nulls and an empty list. A suspected gap that could have reached a
port of a group paired, in `ports.watched_routes`, with the group of the vessel's last port call
before it (any watched group when that call is unknown), other than the ports at its ends, is a
`possible_port_call` event: the gap's times, the position and UN/LOCODE of the nearest such port,
`details.gap_id` and every such port in `details.ports`."""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np
import polars as pl

from darkfleet.events.model import EVENT_SCHEMA, finish_events
from darkfleet.events.ports import PortArea, PortRegistry
from darkfleet.events.sea_routes import sea_distances_nm
from darkfleet.events.settings import DetectSettings
from darkfleet.tracks.geo import METRES_PER_NM, haversine_m

MAX_REACHABLE = 20
EMPTY: dict[str, Any] = {"sea_distance_nm": None, "sailing_h": None, "unaccounted_h": None,
         "reachable_ports": []}


class ReachKey(NamedTuple):
    """What the reach of a gap depends on, besides the settings and the ports."""

    speed_kn: float
    start_lat: float
    start_lon: float
    end_lat: float
    end_lon: float
    duration_h: float


def route_pairs(settings: DetectSettings) -> set[tuple[str, str]]:
    """The watched routes as ordered pairs of port groups, both ways."""
    pairs = set()
    for route in settings.ports.watched_routes:
        a, _, b = route.partition(":")
        pairs |= {(a, b), (b, a)}
    return pairs


def with_reach(events: pl.DataFrame, registry: PortRegistry, settings: DetectSettings,
               known: Mapping[ReachKey, dict[str, Any]] | None = None) -> pl.DataFrame:
    """`events` with the reach fields in every gap's details, and `possible_port_call` events.
    `known`: reaches found before (by `reaches`), looked up by what the reach depends on."""
    gaps = events.filter(pl.col("type") == "ais_gap")
    if gaps.is_empty():
        return events.sort("start", "type", "mmsi")
    calls = _LastCalls(events.filter(pl.col("type") == "port_call").sort("end"))
    where = _Positions(registry)
    details, possible = [], []
    for gap in gaps.iter_rows(named=True):
        detail = json.loads(gap["details"])
        reach = dict(EMPTY)
        if _reached(detail):
            key = _key(gap, detail, settings)
            found = known.get(key) if known is not None else None
            reach = found if found is not None else _reach(key, where, settings)
        details.append(json.dumps({**detail, **reach}))
        ports = _other_side(gap, detail, reach, calls, registry, settings)
        if ports:
            possible.append(_possible(gap, ports, registry))
    enriched = gaps.with_columns(pl.Series("details", details, dtype=pl.String))
    rest = events.filter(pl.col("type") != "ais_gap")
    frame = pl.DataFrame(possible, schema={
        "mmsi": pl.Int64, "start": EVENT_SCHEMA["start"], "end": EVENT_SCHEMA["end"],
        "lat": pl.Float64, "lon": pl.Float64, "port": pl.String, "gap_id": pl.String,
        "ports": pl.List(pl.String)}, orient="row")
    extra = finish_events("possible_port_call", frame, ["gap_id", "ports"])
    return pl.concat([rest, enriched, extra]).sort("start", "type", "mmsi")


class _LastCalls:
    """Each vessel's port calls in the order of their ends, to find the last one before a
    time."""

    def __init__(self, calls: pl.DataFrame) -> None:
        self._ends: dict[int, list[Any]] = {}
        self._ports: dict[int, list[str]] = {}
        timed = calls.filter(pl.col("end").is_not_null())
        for mmsi, end, port in timed.select("mmsi", "end", "port").iter_rows():
            self._ends.setdefault(mmsi, []).append(end)
            self._ports.setdefault(mmsi, []).append(port)

    def last_before(self, mmsi: int, time: Any) -> str | None:
        """The port of the vessel's last call that ended at or before `time`."""
        at = bisect_right(self._ends.get(mmsi, []), time)
        return self._ports[mmsi][at - 1] if at else None


class _Positions:
    """The registry's port positions as arrays, for prefiltering by great-circle distance."""

    def __init__(self, registry: PortRegistry) -> None:
        self.areas = registry.areas
        self.lat = np.array([a.lat for a in registry.areas])
        self.lon = np.array([a.lon for a in registry.areas])

    def within(self, start: tuple[float, float], end: tuple[float, float], budget_nm: float
               ) -> list[PortArea]:
        """Ports whose great-circle detour from `start` to `end` fits `budget_nm`."""
        there = haversine_m(self.lat, self.lon, start[0], start[1])
        back = haversine_m(self.lat, self.lon, end[0], end[1])
        keep = np.flatnonzero((there + back) / METRES_PER_NM <= budget_nm)
        return [self.areas[i] for i in keep]


def reaches(keys: list[ReachKey], registry: PortRegistry, settings: DetectSettings
            ) -> dict[ReachKey, dict[str, Any]]:
    """The reach of each of `keys` (from `reach_keys`), for `with_reach(known=)`: work done
    ahead, wherever the gaps are known early."""
    where = _Positions(registry)
    return {key: _reach(key, where, settings) for key in keys}


def reach_keys(events: pl.DataFrame, settings: DetectSettings) -> list[ReachKey]:
    """What the reach of each suspected closed gap of `events` depends on, in order."""
    keys = []
    for gap in events.filter(pl.col("type") == "ais_gap").iter_rows(named=True):
        detail = json.loads(gap["details"])
        if _reached(detail):
            keys.append(_key(gap, detail, settings))
    return keys


def _reached(detail: dict[str, Any]) -> bool:
    return bool(detail.get("suspected")) and not detail.get("open")


def _key(gap: dict[str, Any], detail: dict[str, Any], s: DetectSettings) -> ReachKey:
    """Everything a gap's reach depends on (besides the settings and the ports)."""
    speed = min(max(detail.get("max_speed_kn") or 0.0, s.reach.min_speed_kn),
                s.reach.max_speed_kn)
    return ReachKey(speed, detail["start_lat"], detail["start_lon"], detail["end_lat"],
                    detail["end_lon"], gap["duration_h"])


def _reach(key: ReachKey, where: _Positions, s: DetectSettings) -> dict[str, Any]:
    speed, hours = key.speed_kn, key.duration_h
    start = (key.start_lat, key.start_lon)
    end = (key.end_lat, key.end_lon)
    budget_nm = speed * (hours - s.reach.min_dwell_h)
    candidates = where.within(start, end, budget_nm) if budget_nm > 0 else []
    points = [(a.lat, a.lon) for a in candidates]
    *outbound, sea_nm = sea_distances_nm(start, [*points, end])
    inbound = sea_distances_nm(end, points) if points else []
    found = []
    for area, there, back in zip(candidates, outbound, inbound, strict=True):
        dwell = hours - (there + back) / speed
        if dwell >= s.reach.min_dwell_h:
            found.append({"locode": area.locode, "name": area.name,
                          "group": _group(area, s), "detour_nm": round(there + back - sea_nm, 1),
                          "max_dwell_h": round(dwell, 1)})
    watched = s.ports.watched_groups
    found.sort(key=lambda p: (p["group"] not in watched, p["detour_nm"], p["locode"]))
    sailing_h = sea_nm / speed
    return {"sea_distance_nm": sea_nm, "sailing_h": round(sailing_h, 2),
            "unaccounted_h": round(max(hours - sailing_h, 0.0), 2), "reach_speed_kn": speed,
            "reachable_ports": found[:MAX_REACHABLE]}


def _group(area: PortArea, s: DetectSettings) -> str | None:
    watched = [g for g in area.groups if g in s.ports.watched_groups]
    return watched[0] if watched else (area.groups[0] if area.groups else None)


def _other_side(gap: dict[str, Any], detail: dict[str, Any], reach: dict[str, Any],
                calls: _LastCalls, registry: PortRegistry, s: DetectSettings) -> list[str]:
    """The reachable watched ports across a watched route from the vessel's last call."""
    last = calls.last_before(gap["mmsi"], gap["start"])
    pairs = route_pairs(s)
    from_groups = registry.groups_of(last)
    wanted = {b for a, b in pairs if a in from_groups} if last else {b for _, b in pairs}
    ends = {detail.get("start_port"), detail.get("end_port"), last}
    return [p["locode"] for p in reach["reachable_ports"]
            if p["group"] in wanted and p["locode"] not in ends]


def _possible(gap: dict[str, Any], ports: list[str], registry: PortRegistry) -> dict[str, Any]:
    area = registry.get(ports[0])
    assert area is not None
    return {"mmsi": gap["mmsi"], "start": gap["start"], "end": gap["end"], "lat": area.lat,
            "lon": area.lon, "port": area.locode, "gap_id": gap["id"], "ports": ports}
