"""darkfleet trade stage: cargo per voyage from draught, both directions summed, and the UN limits.

`estimate_cargo(voyages, hulls, direction, priors, rng, samples)` is the pure core;
`workspace_cargo(ws, settings)` reads a workspace; `trade_ledger(estimates, limits, by)` sums
the samples by period, direction and commodity and compares them with the case's caps and bans.
Public names load lazily, so `import darkfleet` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from darkfleet._lazy import lazy_exports

if TYPE_CHECKING:
    from darkfleet.trade.cargo import commodity, estimate_cargo
    from darkfleet.trade.container_loads import ContainerCount, Load, container_count
    from darkfleet.trade.coverage import CargoCoverage, cargo_coverage
    from darkfleet.trade.draught import read_draughts
    from darkfleet.trade.ledger import trade_ledger
    from darkfleet.trade.limits import Limit, Routes, case_limits, routes_of
    from darkfleet.trade.models import CargoEstimate, DraughtReading, Hull, Interval, VoyageRow
    from darkfleet.trade.priors import CargoPriors, load_priors, ship_class
    from darkfleet.trade.workspace_inputs import workspace_cargo

_EXPORTS = {
    "commodity": "cargo", "estimate_cargo": "cargo",
    "CargoCoverage": "coverage", "cargo_coverage": "coverage",
    "read_draughts": "draught", "trade_ledger": "ledger",
    "Limit": "limits", "Routes": "limits", "case_limits": "limits", "routes_of": "limits",
    "CargoEstimate": "models", "DraughtReading": "models", "Hull": "models",
    "Interval": "models", "VoyageRow": "models",
    "CargoPriors": "priors", "load_priors": "priors", "ship_class": "priors",
    "workspace_cargo": "workspace_inputs",
    "ContainerCount": "container_loads", "Load": "container_loads",
    "container_count": "container_loads",
}
__all__ = [
    "CargoCoverage",
    "CargoEstimate",
    "CargoPriors",
    "ContainerCount",
    "DraughtReading",
    "Hull",
    "Interval",
    "Limit",
    "Load",
    "Routes",
    "VoyageRow",
    "cargo_coverage",
    "case_limits",
    "commodity",
    "container_count",
    "estimate_cargo",
    "load_priors",
    "read_draughts",
    "routes_of",
    "ship_class",
    "trade_ledger",
    "workspace_cargo",
]

if not TYPE_CHECKING:
    __getattr__ = lazy_exports(__name__, _EXPORTS)
