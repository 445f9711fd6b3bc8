"""The `dprk-russia-oil` scenario: tankers carrying refined products from Vostochny to Rajin.

Everything here is simulated, after the Open Source Centre's reporting of DPRK tankers loading
refined products at Vostochny. Each tanker has a hull (length, beam, a waterplane coefficient
and a waterline-length ratio inside the cargo catalogue's priors) and shuttles between a Russian
Far East port and Rajin: at the Russian port its mean draught rises by the cargo's mass over its
waterplane area and the sea water's density, at Rajin it falls back. AIS carries the maximum
draught in 0.1 m steps: in ballast the tanker trims by the stern, so the reported ballast draught
is the mean plus half the trim; laden it floats level. The truth holds every cargo (tonnes, product,
density, barrels). Tanker 2 never updates its draught (an evasion habit), tanker 3 goes dark for
part of each laden voyage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from darkfleet.simulate.plan import SimVessel, VoyagePlan, travel_min
from darkfleet.simulate.scenario import OUT_OF_RAJIN, Built, Size, _Builder
from darkfleet.simulate.truth import static_times, value_at

NAME = "dprk-russia-oil"
TANKERS = 4
LOADING = ("RUVYP", "RUNJK")
BARREL_M3 = 0.158987294928
PRODUCTS = {"diesel": (0.820, 0.845), "petrol": (0.720, 0.775)}
NOT_UPDATED, DARK = 1, 2


@dataclass(frozen=True, slots=True)
class SimHull:
    """The true hull of a simulated tanker (what the estimator does not know)."""

    length_m: float
    beam_m: float
    waterplane_coefficient: float
    waterline_length_ratio: float
    ballast_trim_m: float

    def tonnes_per_m(self, density_t_per_m3: float) -> float:
        return (self.waterplane_coefficient * self.waterline_length_ratio * self.length_m
                * self.beam_m * density_t_per_m3)


@dataclass
class OilBuilt(Built):
    """A built oil scenario: the plans plus each tanker's hull and the cargo of every trip."""

    hulls: dict[int, SimHull] = field(default_factory=dict)
    trips: dict[int, list[dict[str, Any]]] = field(default_factory=dict)


def build_oil(seed: int, size: Size) -> OilBuilt:
    """Every tanker's timeline for `seed` (deterministic)."""
    b = _Builder(seed, size)
    built = OilBuilt([], None, None, 0)
    for index in range(TANKERS):
        plan, hull, trips = _tanker(b, index)
        built.plans.append(plan)
        built.hulls[plan.vessel.mmsi] = hull
        built.trips[plan.vessel.mmsi] = trips
    return built


def _tanker(b: _Builder, index: int) -> tuple[VoyagePlan, SimHull, list[dict[str, Any]]]:
    length = b.u(70, 120)
    hull = SimHull(length, length / b.u(6.0, 7.0), b.u(0.80, 0.90), b.u(0.93, 0.97),
                   b.u(0.1, 1.1))
    mean_ballast = b.u(2.5, 3.5)
    ballast = round(mean_ballast + hull.ballast_trim_m / 2, 1)  # AIS: the maximum draught
    bow = round(length * 0.8)
    port = round(hull.beam_m / 2)
    vessel = SimVessel(273_992_001 + index, 9_900_001 + index * 7, f"SIM TANKER {index + 1}",
                       f"SIMT{index:03d}", 80, "tanker", ballast, bow, round(length) - bow,
                       port, round(hull.beam_m) - port)
    home = LOADING[index % len(LOADING)]
    berth = b.berth(home, 300)
    plan = b.plan(vessel, berth)
    trips = []
    while not plan.done:
        trip = _load(b, hull, mean_ballast, home)
        trips.append(trip)
        plan.stay(home, berth, b.u(12, 30),
                  draught_to=None if index == NOT_UPDATED else trip["laden_m"])
        _sail_to_rajin(b, plan, berth, dark=index == DARK)
        rajin = b.berth("KPNJN", 300)
        plan.stay("KPNJN", rajin, b.u(12, 30),
                  draught_to=None if index == NOT_UPDATED else ballast)
        plan.sail([OUT_OF_RAJIN[0], OUT_OF_RAJIN[1], berth], b.u(9, 11))
    return plan, hull, trips


def _load(b: _Builder, hull: SimHull, mean_ballast: float, port: str) -> dict[str, Any]:
    change = b.u(1.6, 3.8)
    seawater = b.u(1.021, 1.029)
    product = str(b.rng.choice(list(PRODUCTS)))
    density = b.u(*PRODUCTS[product])
    cargo_t = change * hull.tonnes_per_m(seawater)
    return {"origin": port, "cargo_t": round(cargo_t, 1), "product": product,
            "density_t_per_m3": round(density, 4),
            "barrels": round(cargo_t / density / BARREL_M3),
            "laden_m": round(mean_ballast + change, 1)}  # laden: on an even keel


def _sail_to_rajin(b: _Builder, plan: VoyagePlan, berth: tuple[float, float],
                   dark: bool) -> None:
    speed = b.u(9, 11)
    hours = (travel_min(berth, OUT_OF_RAJIN[1], speed) + travel_min(
        OUT_OF_RAJIN[1], OUT_OF_RAJIN[0], speed)) / 60
    window = (1.0, min(hours - 2.0, 8.0)) if dark and hours > 9.5 else None
    plan.sail([OUT_OF_RAJIN[1], OUT_OF_RAJIN[0], b.berth("KPNJN", 300)], speed, window)


def cargo_truth(built: Built, voyages: list[dict[str, Any]]) -> dict[str, Any]:
    """`{"cargoes": [...]}`: each laden voyage's true cargo (empty for other scenarios)."""
    if not isinstance(built, OilBuilt):
        return {}
    cargoes = []
    for mmsi, trips in built.trips.items():
        laden = [v for v in voyages if v["mmsi"] == mmsi and v["destination"] == "KPNJN"]
        for voyage, trip in zip(laden, trips, strict=False):
            cargoes.append({**{k: voyage[k] for k in ("mmsi", "origin", "destination",
                                                     "depart", "arrive")},
                            **{k: trip[k] for k in ("cargo_t", "product", "density_t_per_m3",
                                                    "barrels")}})
    hulls = {str(m): {"length_m": round(h.length_m, 2), "beam_m": round(h.beam_m, 2),
                      "waterplane_coefficient": round(h.waterplane_coefficient, 4),
                      "waterline_length_ratio": round(h.waterline_length_ratio, 4),
                      "ballast_trim_m": round(h.ballast_trim_m, 3)}
             for m, h in built.hulls.items()}
    return {"cargoes": sorted(cargoes, key=lambda c: (c["depart"], c["mmsi"])), "hulls": hulls}


def reported_draught(plan: VoyagePlan, static_interval_min: float, minute: float) -> float | None:
    """The draught of the last static report at or before `minute` (as detection reads it)."""
    times = [t for t in static_times(plan, static_interval_min) if t <= minute]
    return float(value_at(plan.draughts, times[-1])) if times else None

