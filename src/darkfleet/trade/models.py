"""Records of the trade stage: voyages and hulls in, draught readings and cargo estimates out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray

from darkfleet.estimation.catalogue import Param
from darkfleet.estimation.estimate import Assumption
from darkfleet.timefmt import iso_utc

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class VoyageRow:
    """The fields of one voyage (the Voyage contract) that cargo needs."""

    id: str
    mmsi: int
    imo: int | None
    name: str | None
    origin: str
    destination: str
    depart: datetime
    arrive: datetime
    dark_h: float
    draught_depart_m: float | None
    draught_arrive_m: float | None
    watched: bool


@dataclass(frozen=True, slots=True)
class Hull:
    """What is known of one vessel's hull: AIS dimensions, class, catalogue capacity."""

    mmsi: int
    ship_class: str
    length_m: float | None = None
    beam_m: float | None = None
    teu_capacity: float | None = None


@dataclass(frozen=True, slots=True)
class DraughtReading:
    """What the reported draughts say about one voyage's cargo.

    `status`: `reported` (a change was measured at a port call), `not updated` (the crew never
    changed the vessel's draught), `arrival missing`, `departure missing`, `missing` (no usable
    pair of readings). `change_m` is the rise at the origin (`basis` "loaded at origin") or the
    fall at the destination ("discharged at destination"); `sea_change_m` is arrival minus
    departure draught (a change at sea, across `dark_h` hours dark when there was a gap).
    """

    status: str
    change_m: float | None
    basis: str | None
    sea_change_m: float | None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Interval:
    """p5, p50 and p95 of a sample array."""

    p5: float
    p50: float
    p95: float

    @classmethod
    def of(cls, samples: FloatArray, digits: int = 1) -> Interval:
        p5, p50, p95 = (round(float(v), digits) for v in np.percentile(samples, [5, 50, 95]))
        return cls(p5, p50, p95)

    def to_dict(self) -> dict[str, float]:
        return {"p5": self.p5, "p50": self.p50, "p95": self.p95}

    def holds(self, value: float) -> bool:
        return self.p5 <= value <= self.p95


@dataclass(frozen=True, slots=True)
class CargoEstimate:
    """One voyage's cargo: the samples (tonnes, and barrels for tankers) and how they were made."""

    voyage: VoyageRow
    direction: str | None
    ship_class: str
    commodity: str
    reading: DraughtReading
    method: str | None
    cargo_t: FloatArray | None
    barrels: FloatArray | None
    teu: FloatArray | None
    sea_transfer_t: FloatArray | None
    assumptions: Mapping[str, Param]
    flags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The per-voyage record of `darkfleet cargo`."""
        v = self.voyage
        return {
            "voyage_id": v.id, "mmsi": v.mmsi, "imo": v.imo, "name": v.name,
            "origin": v.origin, "destination": v.destination, "depart": iso_utc(v.depart),
            "arrive": iso_utc(v.arrive), "direction": self.direction,
            "ship_class": self.ship_class, "commodity": self.commodity,
            "draught_status": self.reading.status, "basis": self.reading.basis,
            "draught_change_m": self.reading.change_m,
            "sea_change_m": self.reading.sea_change_m, "dark_h": v.dark_h,
            "method": self.method, "cargo_t": _interval(self.cargo_t),
            "barrels": _interval(self.barrels, 0), "teu": _interval(self.teu, 0),
            "sea_transfer_t": _interval(self.sea_transfer_t),
            "flags": list(self.flags), "notes": list(self.reading.notes),
            "assumptions": [Assumption(k, p).to_dict() for k, p in self.assumptions.items()],
        }


def _interval(samples: FloatArray | None, digits: int = 1) -> dict[str, float] | None:
    return None if samples is None else Interval.of(samples, digits).to_dict()

