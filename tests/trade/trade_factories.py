"""Small factories of voyages, hulls and priors for the trade tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from darkfleet.estimation.catalogue import Param
from darkfleet.trade.limits import Routes
from darkfleet.trade.models import VoyageRow
from darkfleet.trade.priors import CargoPriors, load_priors

ROUTES = Routes({"KPNJN": "DPRK", "RUVYP": "Russian Far East", "RUNJK": "Russian Far East"})
START = datetime(2024, 3, 1, tzinfo=UTC)


def voyage(n: int, origin: str, destination: str, depart_m: float | None,
           arrive_m: float | None, *, mmsi: int = 273992001, dark_h: float = 0.0,
           day: int | None = None) -> VoyageRow:
    """Voyage `n` of a vessel: two days each, one after the other."""
    depart = START + timedelta(days=2 * n if day is None else day)
    return VoyageRow(f"v{mmsi % 100}-{n}", mmsi, None, "TANKER", origin, destination, depart,
                     depart + timedelta(hours=20), dark_h, depart_m, arrive_m, True)


def fixed(param: Param, value: float) -> Param:
    return replace(param, low=value, high=value, mode=None)


def exact_priors() -> CargoPriors:
    """The catalogue with every hull and reading assumption pinned (no spread at all)."""
    base = load_priors()
    common = dict(base.common)
    for name, value in (("draught_reading_error_m", 0.0), ("dimension_error_m", 0.0),
                        ("seawater_density_t_per_m3", 1.025), ("waterline_length_ratio", 0.95),
                        ("ballast_trim_m", 0.0), ("teu_gross_t", 12.5)):
        common[name] = fixed(common[name], value)
    classes = {c: {**params, "waterplane_coefficient": fixed(params["waterplane_coefficient"],
                                                             0.85)}
               for c, params in base.classes.items()}
    products = {**base.products,
                "refined_density_t_per_m3": fixed(base.products["refined_density_t_per_m3"],
                                                  0.8)}
    return CargoPriors(common, classes, products)
