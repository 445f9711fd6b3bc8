"""Cargo estimates of a simulated scenario without ingest and detection (for many seeds, cheaply).

The voyages are the truth's (what a perfect detection finds), with the draughts detection would
read: the last static report up to `grace_h` after departure, and the last before arrival; the
hulls are the AIS dimensions the tankers broadcast. The estimator sees only what AIS carries.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np

from darkfleet.events.ports import builtin_registry
from darkfleet.evidence.casefile import load_case
from darkfleet.simulate.cargo import reported_draught
from darkfleet.simulate.output import Scenario
from darkfleet.simulate.plan import VoyagePlan
from darkfleet.simulate.scenario import START
from darkfleet.timefmt import parse_utc
from darkfleet.trade.cargo import estimate_cargo
from darkfleet.trade.limits import routes_of
from darkfleet.trade.models import CargoEstimate, Hull, VoyageRow
from darkfleet.trade.priors import load_priors, ship_class


def simulated_estimates(scenario: Scenario, samples: int, seed: int,
                        grace_h: float = 2.0) -> list[CargoEstimate]:
    """Cargo estimates of the truth's voyages of `scenario` (see the module doc)."""
    plans = {p.vessel.mmsi: p for p in scenario.built.plans}
    routes = routes_of(load_case("dprk-russia-2023"), builtin_registry())
    rows = []
    for index, voyage in enumerate(scenario.truth["voyages"]):
        plan = plans[voyage["mmsi"]]
        depart, arrive = _minute(voyage["depart"]), _minute(voyage["arrive"])
        interval = scenario.size.static_interval_min
        row = VoyageRow(
            f"sim-{index}", plan.vessel.mmsi, plan.vessel.imo, plan.vessel.name,
            voyage["origin"], voyage["destination"], parse_utc(voyage["depart"]),
            parse_utc(voyage["arrive"]), _dark_h(plan, depart, arrive),
            reported_draught(plan, interval, depart + grace_h * 60),
            reported_draught(plan, interval, arrive), True)
        rows.append(row)
    hulls = {m: _hull(p) for m, p in plans.items()}
    return estimate_cargo(rows, hulls, routes.direction, load_priors(),
                          np.random.default_rng([seed, 16]), samples)


def _minute(text: str) -> float:
    return (parse_utc(text) - START) / timedelta(minutes=1)


def _dark_h(plan: VoyagePlan, depart: float, arrive: float) -> float:
    return sum(max(min(b, arrive) - max(a, depart), 0.0) for a, b in plan.dark) / 60


def _hull(plan: VoyagePlan) -> Hull:
    v = plan.vessel
    return Hull(v.mmsi, ship_class(v.ship_type), float(v.to_bow_m + v.to_stern_m),
                float(v.to_port_m + v.to_starboard_m))
