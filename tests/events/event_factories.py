"""Factories for tracks built by hand: `make_positions([Ping(...), ...])` gives a positions table
in the workspace's POSITIONS schema; `build_tracks` runs the real track builder on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pyarrow as pa

from darkfleet.store.schema import POSITIONS, STATIC_REPORTS

T0 = datetime(2023, 8, 1, tzinfo=UTC)
RAJIN = (42.243, 130.303)
SEA = (42.0, 131.5)  # open sea, far from every port


@dataclass(frozen=True)
class Ping:
    """One fix: position, minutes after T0, speed, MMSI."""

    lat: float
    lon: float
    minute: float
    speed_kn: float | None = 0.0
    mmsi: int = 273999001


def make_positions(pings: list[Ping]) -> pa.Table:
    rows = [{"mmsi": p.mmsi, "ts": T0 + timedelta(minutes=p.minute), "msg_type": 1,
             "kind": "vessel", "lat": p.lat, "lon": p.lon, "speed_kn": p.speed_kn,
             "course_deg": None, "heading_deg": None, "nav_status": None, "source": None,
             "file": "test", "line": i} for i, p in enumerate(pings)]
    return pa.Table.from_pylist(rows, schema=POSITIONS)


def make_statics(rows: list[dict]) -> pa.Table:
    full = [{**{f.name: None for f in STATIC_REPORTS}, "msg_type": 5, **r,
             "ts": T0 + timedelta(minutes=r["minute"])} for r in rows]
    for r in full:
        r.pop("minute")
    return pa.Table.from_pylist(full, schema=STATIC_REPORTS)


def stay(lat: float, lon: float, start_min: float, hours: float, step_min: float = 10,
         speed: float = 0.1, mmsi: int = 273999001) -> list[Ping]:
    count = int(hours * 60 / step_min) + 1
    return [Ping(lat, lon, start_min + i * step_min, speed, mmsi) for i in range(count)]


def sail(start: tuple[float, float], end: tuple[float, float], start_min: float, steps: int,
         step_min: float = 10, speed: float = 10.0, mmsi: int = 273999001) -> list[Ping]:
    return [Ping(start[0] + (end[0] - start[0]) * i / steps,
                 start[1] + (end[1] - start[1]) * i / steps,
                 start_min + i * step_min, speed, mmsi) for i in range(1, steps + 1)]


HEARTBEAT_MMSI = 273999009


def heartbeat(start_min: float, hours: float) -> list[Ping]:
    """A vessel moored at Vladivostok reporting every 30 min: the receivers were up (without
    other traffic a vessel's silence would be a coverage hole, not a gap)."""
    return stay(43.11, 131.89, start_min, hours, step_min=30, speed=0.0, mmsi=HEARTBEAT_MMSI)
