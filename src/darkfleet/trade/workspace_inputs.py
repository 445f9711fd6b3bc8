"""Adapter: a workspace's voyages and hulls (from static reports and the vessel catalogue).

Hull length is the median of to_bow_m + to_stern_m, beam of to_port_m + to_starboard_m, over the
vessel's static reports that give both; the ship type is the most frequent AIS type. A vessel in
the catalogue (by IMO) takes its class from the catalogue's type, and its TEU capacity from it
when listed (`teu_capacity`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from darkfleet.errors import StoreError
from darkfleet.estimation.catalogue import Catalogue, load_catalogue
from darkfleet.estimation.settings import EstimationSettings
from darkfleet.events.ports import builtin_registry
from darkfleet.store import Workspace
from darkfleet.trade.cargo import estimate_cargo
from darkfleet.trade.claims import check_trade_claims
from darkfleet.trade.coverage import CargoCoverage, cargo_coverage
from darkfleet.trade.limits import CaseTrade, Limit, case_trade, routes_of
from darkfleet.trade.models import CargoEstimate, Hull, VoyageRow
from darkfleet.trade.priors import load_priors, ship_class
from darkfleet.trade.query import hull_rows

#: Monte Carlo samples per voyage (every voyage keeps its samples, so that sums stay exact).
DEFAULT_SAMPLES = 4000
VOYAGE_FIELDS = ("id", "mmsi", "imo", "name", "origin", "destination", "depart", "arrive",
                 "dark_h", "draught_depart_m", "draught_arrive_m", "watched")


def read_voyages(ws: Workspace) -> list[VoyageRow]:
    """The workspace's voyages.

    Raises:
        StoreError: detection has not run (no voyages table).
    """
    if not ws.has_table("voyages"):
        raise StoreError("the workspace has no voyages (run `darkfleet detect` first)",
                         path=ws.path)
    rows = ws.read("voyages", VOYAGE_FIELDS).to_pylist()
    return [VoyageRow(**{**r, "dark_h": float(r["dark_h"] or 0.0),
                         "watched": bool(r["watched"])}) for r in rows]


def read_hulls(ws: Workspace, catalogue: Catalogue) -> dict[int, Hull]:
    """Per MMSI: the hull from static reports and the catalogue."""
    if not ws.has_table("static_reports"):
        return {}
    hulls = {}
    for row in hull_rows(ws):
        vessel = catalogue.vessels.get(row["imo"]) if row["imo"] else None
        capacity = vessel.params.get("teu_capacity") if vessel else None
        hulls[row["mmsi"]] = Hull(
            row["mmsi"], ship_class(row["ship_type"], vessel.type if vessel else None),
            _number(row["length_m"]), _number(row["beam_m"]),
            capacity.central if capacity else None)
    return hulls


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and value > 0 else None


def workspace_cargo(ws: Workspace, settings: EstimationSettings,
                    case: str | Path = "dprk-russia-2023", samples: int = DEFAULT_SAMPLES
                    ) -> tuple[list[CargoEstimate], tuple[Limit, ...]]:
    """Cargo estimates of every voyage in `ws`, directions from `case`, and its limits.

    Raises:
        StoreError: detection has not run.
        EvidenceError: the case is missing or invalid.
    """
    found = case_trade(case)
    return _estimates(ws, settings, found, samples), found.limits


def workspace_trade_checks(ws: Workspace | None, settings: EstimationSettings,
                           case: str | Path, samples: int = DEFAULT_SAMPLES
                           ) -> list[dict[str, Any]]:
    """The case's trade claims checked against the ledger of `ws` (none: "no trade ledger")."""
    found = case_trade(case)
    has = ws is not None and ws.has_table("voyages")
    estimates = _estimates(ws, settings, found, samples) if ws is not None and has else None
    return check_trade_claims(found.case, found.checks, estimates)


def _estimates(ws: Workspace, settings: EstimationSettings, found: CaseTrade,
               samples: int) -> list[CargoEstimate]:
    routes = routes_of(found.case, builtin_registry())
    voyages = read_voyages(ws)
    hulls = read_hulls(ws, load_catalogue())
    rng = np.random.default_rng([settings.seed, 16])
    return estimate_cargo(voyages, hulls, routes.direction, load_priors(), rng, samples)


def workspace_coverage(truth: Mapping[str, Any], ws: Workspace,
                       settings: EstimationSettings) -> CargoCoverage:
    """`cargo_coverage` of a simulated truth against the cargo estimates of `ws`.

    Raises:
        StoreError: detection has not run.
    """
    estimates, _ = workspace_cargo(ws, settings)
    return cargo_coverage(truth, estimates)
