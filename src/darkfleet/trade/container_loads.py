"""Containers moved, from voyages (and manual observations), with their uncertainty.

Per watched voyage, one of three methods, the first that applies:

* **draught**: the rise in draught between arriving at the loading port (the vessel's previous
  voyage's `draught_arrive_m`) and leaving it (`draught_depart_m`) gives the cargo mass by the
  stage's own mass model (`darkfleet.trade.cargo.MassModel`, the model of `darkfleet cargo`:
  change x waterplane area x sea-water density, hull from the AIS dimensions when given, else
  the class prior, drawn once per vessel); divided by the gross mass of one loaded container
  (tare + payload x load factor); capped at the vessel's capacity.
* **capacity**: the vessel's TEU capacity (gross tonnage / GT per TEU) x a voyage load factor.
* **prior**: for a vessel not in the catalogue, the sourced containers-per-voyage prior.

Observations (containers counted on a pier, railcars at a border station) add their count with
a count error; railcars convert at 1-2 containers each. Observations of boxes that also sail on a
counted voyage would be counted twice: add only flows the voyages do not see (rail).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import pyarrow as pa

from darkfleet.estimation.catalogue import Catalogue, Param
from darkfleet.estimation.packing import FloatArray, sample
from darkfleet.evidence.models import Observation
from darkfleet.timefmt import iso_utc
from darkfleet.trade.cargo import MassModel
from darkfleet.trade.models import Hull
from darkfleet.trade.priors import load_priors, ship_class

VOYAGE_COLUMNS = ("mmsi", "imo", "name", "origin", "destination", "depart", "arrive",
                  "draught_depart_m", "draught_arrive_m", "watched")


@dataclass(frozen=True, slots=True)
class Load:
    """Containers of one voyage or observation: the method used and its interval."""

    id: str
    method: str
    p5: float
    p50: float
    p95: float
    draught_rise_m: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "method": self.method, "p5": self.p5, "p50": self.p50,
                "p95": self.p95, "draught_rise_m": self.draught_rise_m}


@dataclass(frozen=True, slots=True)
class ContainerCount:
    """Total containers per Monte Carlo sample, with the loads and assumptions behind it."""

    samples: FloatArray
    loads: tuple[Load, ...]
    assumptions: Mapping[str, Param]

    def describe(self) -> str:
        p5, p50, p95 = np.percentile(self.samples, [5, 50, 95])
        return (f"the containers of {len(self.loads)} voyages and observations (p5 {p5:,.0f}, "
                f"p50 {p50:,.0f}, p95 {p95:,.0f})")


def container_count(voyages: pa.Table | None, observations: Sequence[Observation],
                    catalogue: Catalogue, rng: np.random.Generator, samples: int,
                    origins: set[str] | None = None,
                    hulls: Mapping[int, Hull] | None = None) -> ContainerCount:
    """Sum the containers of watched voyages (leaving `origins`, when given) and observations;
    `hulls` (by MMSI) give the AIS dimensions of the voyages' ships where known."""
    mass = MassModel(load_priors(), rng, samples)
    used: dict[str, Param] = {}
    total = np.zeros(samples)
    loads = []
    for voyage, rise in _watched(voyages, origins):
        hull = (hulls or {}).get(voyage["mmsi"]) or _hull(voyage, catalogue)
        value, load = _voyage(voyage, rise, catalogue, mass, hull, used)
        total += value
        loads.append(load)
    for observation in observations:
        value = _observation(observation, catalogue, rng, samples, used)
        total += value
        loads.append(_load(observation.id, _observation_method(observation), value))
    used.setdefault("draught_reading_error_m", mass.priors.common["draught_reading_error_m"])
    return ContainerCount(total, tuple(loads), used)


def _hull(voyage: Mapping[str, Any], cat: Catalogue) -> Hull:
    """A hull known only by its class (the catalogue's type, else a cargo ship)."""
    vessel = cat.vessels.get(voyage["imo"]) if voyage["imo"] is not None else None
    return Hull(int(voyage["mmsi"]), ship_class(70, vessel.type if vessel else None))


def _watched(voyages: pa.Table | None,
             origins: set[str] | None) -> list[tuple[dict[str, Any], float | None]]:
    """Watched voyages with the draught rise at their loading port (None when unknown)."""
    if voyages is None:
        return []
    rows = sorted(voyages.select(list(VOYAGE_COLUMNS)).to_pylist(),
                  key=lambda r: (r["mmsi"], _time(r["depart"])))
    found = []
    for index, row in enumerate(rows):
        if not row["watched"] or (origins is not None and row["origin"] not in origins):
            continue
        before = next((r for r in reversed(rows[:index]) if r["mmsi"] == row["mmsi"]
                       and r["destination"] == row["origin"]), None)
        rise = None
        if before and before["draught_arrive_m"] is not None and \
                row["draught_depart_m"] is not None:
            rise = float(row["draught_depart_m"]) - float(before["draught_arrive_m"])
        found.append((row, rise if rise is not None and rise > 0 else None))
    return found


def _time(value: Any) -> str:
    """A sortable text form of a departure time (ISO 8601 Z; missing times sort first)."""
    if value is None:
        return ""
    return iso_utc(value) or "" if isinstance(value, datetime) else str(value)


def _voyage(voyage: Mapping[str, Any], rise: float | None, cat: Catalogue, mass: MassModel,
            hull: Hull, used: dict[str, Param]) -> tuple[FloatArray, Load]:
    rng, n = mass.rng, mass.n
    imo = voyage["imo"]
    known = imo in cat.vessels
    label = (f"{voyage['name'] or voyage['mmsi']} {voyage['origin']}->{voyage['destination']} "
             f"{_time(voyage['depart'])}")

    def draw(name: str) -> FloatArray:
        param = cat.vessel_param(imo, name)
        used[name if not known or name not in cat.vessels[imo].params
             else f"{cat.vessels[imo].name} {name}"] = param
        return sample(param, rng, n)

    if not known and rise is None:
        return (value := draw("containers_per_voyage")), _load(label, "prior", value)
    capacity = draw("gross_tonnage") / draw("gt_per_teu")
    if rise is None:
        value = capacity * draw("voyage_load_factor")
        return value, _load(label, "capacity", value)
    tonnes = mass.mass(mass.mean_change(rise, hull.mmsi, used), hull, used)
    box = cat.containers["20ft"]
    per_box_t = (sample(box.tare_kg, rng, n) + sample(box.payload_kg, rng, n)
                 * sample(cat.load_factor, rng, n)) / 1000
    used.update({"20ft tare_kg": box.tare_kg, "20ft payload_kg": box.payload_kg,
                 "load_factor": cat.load_factor})
    value = np.clip(tonnes / per_box_t, 0, capacity)
    return value, _load(label, "draught", value, rise)


def _observation(observation: Observation, cat: Catalogue, rng: np.random.Generator, n: int,
                 used: dict[str, Param]) -> FloatArray:
    error = sample(cat.count_error, rng, n)
    used["count_error"] = cat.count_error
    count = observation.count * (1 + rng.uniform(-1, 1, n) * error)
    if observation.unit == "railcars":
        used["containers_per_railcar"] = cat.containers_per_railcar
        return count * sample(cat.containers_per_railcar, rng, n)
    return count


def _observation_method(observation: Observation) -> str:
    """`observation (UNIT)`, naming the imagery detection or scene it was counted on, if any."""
    cited = observation.detection_id or observation.scene_id
    kind = "detection" if observation.detection_id else "scene"
    return f"observation ({observation.unit}" + (f", imagery {kind} {cited})" if cited else ")")


def _load(label: str, method: str, value: FloatArray, rise: float | None = None) -> Load:
    p5, p50, p95 = (float(v) for v in np.percentile(value, [5, 50, 95]))
    return Load(label, method, p5, p50, p95, rise)
