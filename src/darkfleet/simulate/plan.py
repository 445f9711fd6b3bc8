"""One simulated vessel's timeline: stays in port, voyages (partly dark), drifting at sea.

A `VoyagePlan` is driven phase by phase (`stay`, `sail`, `drift`); it emits a fix every
`interval_min` on the vessel's own time grid (skipping dark spells) and remembers what it planted
(port stays, dark spells, drifts, draught and name changes) so that the truth can be derived
from exactly the fixes and reports that were emitted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from darkfleet.tracks.geo import METRES_PER_NM, haversine_m, offset_deg

Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class SimVessel:
    """A simulated vessel's identity (names may change: see `VoyagePlan.rename`)."""

    mmsi: int
    imo: int
    name: str
    callsign: str
    ship_type: int
    role: str
    draught_m: float
    to_bow_m: int = 100
    to_stern_m: int = 20
    to_port_m: int = 10
    to_starboard_m: int = 10


@dataclass(frozen=True, slots=True)
class Fix:
    minute: float
    lat: float
    lon: float
    speed_kn: float
    course_deg: float
    nav_status: int
    tag: str  # "port:LOCODE", "sea", "drift:NAME"


@dataclass
class VoyagePlan:
    """The timeline of one vessel (see the module doc); times are minutes after the start."""

    vessel: SimVessel
    rng: np.random.Generator
    end_min: float
    interval_min: float
    position: Point
    now: float = 0.0
    phase: float = 0.0
    fixes: list[Fix] = field(default_factory=list)
    dark: list[tuple[float, float]] = field(default_factory=list)
    draughts: list[tuple[float, float]] = field(default_factory=list)
    names: list[tuple[float, str]] = field(default_factory=list)
    destinations: list[tuple[float, str]] = field(default_factory=list)
    dark_calls: list[tuple[str, float, float]] = field(default_factory=list)  # port, off, on

    def __post_init__(self) -> None:
        self.phase = round(float(self.rng.uniform(0, self.interval_min)) * 60) / 60
        self.draughts.append((0.0, self.vessel.draught_m))
        self.names.append((0.0, self.vessel.name))

    @property
    def done(self) -> bool:
        return self.now >= self.end_min

    def _grid(self, start: float, stop: float) -> np.ndarray:
        first = math.ceil((start - self.phase) / self.interval_min)
        count = int((stop - start) / self.interval_min) + 2
        times = self.phase + self.interval_min * np.arange(first, first + count)
        return times[(times >= start) & (times < min(stop, self.end_min))]

    def stay(self, locode: str, berth: Point, hours: float, draught_to: float | None = None
             ) -> None:
        """Moored at `berth` (jittered within about 150 m); the draught may change midway."""
        stop = self.now + hours * 60
        if draught_to is not None:
            when = self.now + float(self.rng.uniform(0.3, 0.7)) * hours * 60
            self.draughts.append((when, draught_to))
        for t in self._grid(self.now, stop):
            dlat, dlon = offset_deg(berth[0], *self.rng.normal(0, 50, 2))
            self.fixes.append(Fix(float(t), berth[0] + dlat, berth[1] + dlon,
                                  round(float(self.rng.uniform(0, 0.15)), 1), 0.0, 5,
                                  f"port:{locode}"))
        self.position, self.now = berth, stop

    def sail(self, waypoints: list[Point], speed_kn: float,
             dark: tuple[float, float] | None = None) -> None:
        """Sail through `waypoints`; `dark` = (hours after leaving, hours) with AIS off."""
        start = self.now
        for target in waypoints:
            self._leg(target, speed_kn)
        if dark is not None:
            self.switch_off(start + dark[0] * 60, start + (dark[0] + dark[1]) * 60)

    def switch_off(self, off_min: float, on_min: float) -> None:
        """The transponder is off from `off_min` until `on_min` (fixes planned then vanish)."""
        self.dark.append((off_min, on_min))
        self.fixes = [f for f in self.fixes if not off_min <= f.minute < on_min]

    def _leg(self, target: Point, speed_kn: float) -> None:
        lat0, lon0 = self.position
        distance = float(haversine_m(lat0, lon0, target[0], target[1]))
        minutes = distance / (speed_kn * METRES_PER_NM) * 60
        course = _bearing(self.position, target)
        for t in self._grid(self.now, self.now + minutes):
            share = (t - self.now) / minutes if minutes else 1.0
            self.fixes.append(Fix(float(t), lat0 + (target[0] - lat0) * share,
                                  lon0 + (target[1] - lon0) * share,
                                  round(speed_kn + float(self.rng.normal(0, 0.3)), 1), course, 0,
                                  "sea"))
        self.position, self.now = target, self.now + minutes

    def drift(self, name: str, centre: Point, until_min: float) -> None:
        """Drift slowly (0.3 to 0.9 kn) within about 150 m of `centre` until `until_min`."""
        for t in self._grid(self.now, until_min):
            dlat, dlon = offset_deg(centre[0], *self.rng.normal(0, 50, 2))
            self.fixes.append(Fix(float(t), centre[0] + dlat, centre[1] + dlon,
                                  round(float(self.rng.uniform(0.3, 0.9)), 1), 0.0, 0,
                                  f"drift:{name}"))
        self.position, self.now = centre, max(self.now, until_min)

    def wait_until(self, locode: str, berth: Point, until_min: float) -> None:
        self.stay(locode, berth, max(until_min - self.now, 0) / 60)

    def rename(self, minute: float, name: str) -> None:
        self.names.append((minute, name))

    def is_dark(self, minute: float) -> bool:
        return any(a <= minute < b for a, b in self.dark)


def _bearing(a: Point, b: Point) -> float:
    y = math.sin(math.radians(b[1] - a[1])) * math.cos(math.radians(b[0]))
    x = math.cos(math.radians(a[0])) * math.sin(math.radians(b[0])) - math.sin(
        math.radians(a[0])) * math.cos(math.radians(b[0])) * math.cos(math.radians(b[1] - a[1]))
    return round(math.degrees(math.atan2(y, x)) % 360, 1)


def travel_min(a: Point, b: Point, speed_kn: float) -> float:
    """Minutes to sail from `a` to `b` at `speed_kn` on a great circle."""
    return float(haversine_m(a[0], a[1], b[0], b[1])) / (speed_kn * METRES_PER_NM) * 60

