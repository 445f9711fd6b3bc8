"""Cargo per voyage from the draught change and the hull, by Monte Carlo (pure core).

    cargo_t = change_m x waterplane_coefficient x (waterline_length_ratio x length_m) x beam_m
              x seawater_density_t_per_m3

with `change_m` the reported change plus one reading error on each of its two readings (and, for
a load of at least two AIS steps, half the ballast trim: AIS reports the maximum draught, which in
ballast exceeds the mean by about half the trim by the stern), length
and beam from the AIS dimensions (+/- their whole-metre resolution; the class prior when AIS has
none) and the coefficient by ship class. Hull draws are made once per vessel, so the voyages of one
ship share its (unknown) hull form and the sums over voyages are not falsely narrow.

Tankers convert to barrels (cargo_t / product density / barrel volume); container ships whose
capacity the catalogue gives to TEU (capped at capacity). A vessel whose draught is not updated,
or whose readings are missing, gets no draught estimate; on a watched route in its trade
direction (tankers into the DPRK, cargo ships either way) its cargo is imputed from the class's
full-load draught change, labelled as such.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from darkfleet.estimation.catalogue import Param
from darkfleet.estimation.packing import sample
from darkfleet.trade.draught import SEA_CHANGE_MIN_M, read_draughts
from darkfleet.trade.models import CargoEstimate, DraughtReading, FloatArray, Hull, VoyageRow
from darkfleet.trade.priors import CargoPriors

Direction = Callable[[VoyageRow], str | None]
REFINED = "refined petroleum products"
MEASURED = "draught change x waterplane area x sea-water density"
IMPUTED = "imputed: full-load draught change of the class (draught not usable)"


@dataclass
class MassModel:
    """Tonnes from draught changes, one run: the generator, sample count and per-vessel hulls.

    Also the mass step of the container chain (`darkfleet.trade.container_loads`), so that
    voyage -> mass -> containers -> rounds is one computation.
    """

    priors: CargoPriors
    rng: np.random.Generator
    n: int
    areas: dict[int, FloatArray] = field(default_factory=dict)
    trims: dict[int, FloatArray] = field(default_factory=dict)

    def draw(self, param: Param) -> FloatArray:
        return sample(param, self.rng, self.n)

    def area_m2(self, hull: Hull, used: dict[str, Param]) -> FloatArray:
        """Waterplane area samples of one vessel (drawn once per vessel)."""
        c = self.priors.common
        names = {"waterplane_coefficient": self.priors.hull(hull.ship_class,
                                                              "waterplane_coefficient"),
                 "waterline_length_ratio": c["waterline_length_ratio"]}
        if hull.length_m and hull.beam_m:
            names["dimension_error_m"] = c["dimension_error_m"]
        else:
            names["length_m"] = self.priors.hull(hull.ship_class, "length_m")
            names["beam_m"] = self.priors.hull(hull.ship_class, "beam_m")
        used.update({f"{hull.ship_class} {k}" if k in ("waterplane_coefficient", "length_m",
                                                       "beam_m") else k: p
                     for k, p in names.items()})
        if hull.mmsi not in self.areas:
            self.areas[hull.mmsi] = self._area(hull)
        return self.areas[hull.mmsi]

    def _area(self, hull: Hull) -> FloatArray:
        c = self.priors.common
        cw = self.draw(self.priors.hull(hull.ship_class, "waterplane_coefficient"))
        ratio = self.draw(c["waterline_length_ratio"])
        if hull.length_m and hull.beam_m:
            error = c["dimension_error_m"].central
            length = hull.length_m + self.rng.uniform(-error, error, self.n)
            beam = hull.beam_m + self.rng.uniform(-error, error, self.n)
        else:
            length = self.draw(self.priors.hull(hull.ship_class, "length_m"))
            beam = self.draw(self.priors.hull(hull.ship_class, "beam_m"))
        return np.asarray(cw * ratio * length * beam, dtype=np.float64)

    def change(self, reported: float, used: dict[str, Param]) -> FloatArray:
        """A reported change of two readings, each +/- one reading error."""
        error = self.priors.common["draught_reading_error_m"]
        used["draught_reading_error_m"] = error
        e = error.central
        return reported + self.rng.uniform(-e, e, self.n) + self.rng.uniform(-e, e, self.n)

    def mean_change(self, reported: float, mmsi: int, used: dict[str, Param]) -> FloatArray:
        """The change of mean draught: a load (two steps or more) adds half the ballast trim."""
        change = self.change(reported, used)
        if reported < SEA_CHANGE_MIN_M:
            return change
        used["ballast_trim_m"] = self.priors.common["ballast_trim_m"]
        if mmsi not in self.trims:
            self.trims[mmsi] = self.draw(self.priors.common["ballast_trim_m"])
        return change + self.trims[mmsi] / 2

    def mass(self, change: FloatArray, hull: Hull, used: dict[str, Param]) -> FloatArray:
        """Tonnes for `change` samples of mean draught on `hull` (negative changes give 0)."""
        density = self.priors.common["seawater_density_t_per_m3"]
        used["seawater_density_t_per_m3"] = density
        return np.asarray(np.maximum(change, 0.0) * self.area_m2(hull, used)
                          * self.draw(density), dtype=np.float64)


def estimate_cargo(voyages: Sequence[VoyageRow], hulls: Mapping[int, Hull], direction: Direction,
                   priors: CargoPriors, rng: np.random.Generator,
                   samples: int) -> list[CargoEstimate]:
    """Cargo estimates of every voyage, in depart order (see the module doc)."""
    readings = read_draughts(voyages)
    draws = MassModel(priors, rng, samples)
    found = []
    for voyage in sorted(voyages, key=lambda v: (v.depart, v.mmsi)):
        hull = hulls.get(voyage.mmsi) or Hull(voyage.mmsi, "other")
        found.append(_one(voyage, readings[voyage.id], hull, direction(voyage), draws))
    return found


def commodity(ship_class: str, direction: str | None) -> str:
    """What a ship class carries (tankers into the DPRK: refined products, after OSC)."""
    if ship_class == "tanker":
        return REFINED if direction is not None and direction.endswith("DPRK") else \
            "petroleum products"
    return {"container": "containerised cargo", "bulk": "bulk cargo",
            "cargo": "dry cargo"}.get(ship_class, "unknown")


def _one(voyage: VoyageRow, reading: DraughtReading, hull: Hull, direction: str | None,
         draws: MassModel) -> CargoEstimate:
    used: dict[str, Param] = {}
    kind = commodity(hull.ship_class, direction)
    change, method = _change(voyage, reading, hull, direction, draws, used)
    cargo = barrels = teu = transfer = None
    if change is not None:
        cargo = draws.mass(change, hull, used)
        barrels = _barrels(cargo, draws, used) if hull.ship_class == "tanker" else None
        teu = _teu(cargo, hull, draws, used)
        transfer = _transfer(voyage, reading, hull, draws, used)
    flags = tuple(n for n in reading.notes if "ship-to-ship" in n)
    return CargoEstimate(voyage, direction, hull.ship_class, kind, reading, method, cargo,
                         barrels, teu, transfer, used, flags)


def _change(voyage: VoyageRow, reading: DraughtReading, hull: Hull, direction: str | None,
            draws: MassModel, used: dict[str, Param]) -> tuple[FloatArray | None, str | None]:
    if reading.change_m is not None:
        return draws.mean_change(reading.change_m, voyage.mmsi, used), MEASURED
    if not voyage.watched or direction is None or (
            hull.ship_class == "tanker" and not direction.endswith("DPRK")):
        return None, None
    prior = draws.priors.hull(hull.ship_class, "laden_change_m")
    used[f"{hull.ship_class} laden_change_m"] = prior
    return draws.draw(prior), IMPUTED


def _barrels(cargo: FloatArray, draws: MassModel, used: dict[str, Param]) -> FloatArray:
    p = draws.priors.products
    used["refined_density_t_per_m3"] = p["refined_density_t_per_m3"]
    used["barrel_m3"] = p["barrel_m3"]
    used["tanker_cargo_refined"] = p["tanker_cargo_refined"]
    return cargo / draws.draw(p["refined_density_t_per_m3"]) / p["barrel_m3"].central


def _teu(cargo: FloatArray, hull: Hull, draws: MassModel,
         used: dict[str, Param]) -> FloatArray | None:
    if hull.ship_class != "container" or not hull.teu_capacity:
        return None
    used["teu_gross_t"] = draws.priors.common["teu_gross_t"]
    return np.minimum(cargo / draws.draw(draws.priors.common["teu_gross_t"]), hull.teu_capacity)


def _transfer(voyage: VoyageRow, reading: DraughtReading, hull: Hull, draws: MassModel,
              used: dict[str, Param]) -> FloatArray | None:
    sea = reading.sea_change_m
    if sea is None or abs(sea) < SEA_CHANGE_MIN_M or voyage.dark_h <= 0:
        return None
    return draws.mass(draws.change(abs(sea), used), hull, used)
