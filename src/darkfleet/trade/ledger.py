"""The trade ledger: per-voyage cargo summed by period, direction and commodity, against the limits.

Sums add the Monte Carlo samples voyage by voyage (sample i of the total is the sum of sample i of
each voyage), so the interval of a total is that of the sum, not a sum of percentiles. A cap is
compared per calendar year (the resolutions' 12-month periods start on 1 January): the share of
samples above the cap is the probability that it was exceeded. A ban flags the voyages whose
cargo may be of a banned category (AIS cannot tell what is in the hold), with the voyages behind it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import groupby
from typing import Any

import numpy as np

from darkfleet.trade.cargo import IMPUTED
from darkfleet.trade.limits import Limit
from darkfleet.trade.models import CargoEstimate, FloatArray, Interval

PERIODS = ("month", "year")


def period_of(estimate: CargoEstimate, by: str) -> str:
    """`YYYY` or `YYYY-MM` of the voyage's arrival (when the cargo was delivered)."""
    arrive = estimate.voyage.arrive
    return f"{arrive.year:04d}" if by == "year" else f"{arrive.year:04d}-{arrive.month:02d}"


def trade_ledger(estimates: Sequence[CargoEstimate], limits: Sequence[Limit],
                 by: str = "year") -> list[dict[str, Any]]:
    """Sum rows (kind `sum`), then cap rows (kind `limit`), then ban rows (kind `flag`)."""
    watched = [e for e in estimates if e.direction is not None]
    rows = _sums(watched, by)
    for limit in limits:
        rows += _cap(watched, limit) if limit.kind == "cap" else _ban(watched, limit)
    return rows


def _key(estimate: CargoEstimate, by: str) -> tuple[str, str, str]:
    return (period_of(estimate, by), str(estimate.direction), estimate.commodity)


def _sums(estimates: Sequence[CargoEstimate], by: str) -> list[dict[str, Any]]:
    rows = []
    for (period, direction, commodity), group in groupby(
            sorted(estimates, key=lambda e: _key(e, by)), key=lambda e: _key(e, by)):
        items = list(group)
        cargo = sum_samples(e.cargo_t for e in items)
        barrels = sum_samples(e.barrels for e in items)
        rows.append({
            "kind": "sum", "period": period, "direction": direction, "commodity": commodity,
            "voyages": len(items), "measured": sum(e.method is not None and e.method != IMPUTED
                                                   for e in items),
            "imputed": sum(e.method == IMPUTED for e in items),
            "without_estimate": sum(e.cargo_t is None for e in items),
            "cargo_t": None if cargo is None else Interval.of(cargo).to_dict(),
            "barrels": None if barrels is None else Interval.of(barrels, 0).to_dict(),
            "voyage_ids": [e.voyage.id for e in items]})
    return rows


def sum_samples(arrays: Iterable[FloatArray | None]) -> FloatArray | None:
    """Sample-wise sum of the arrays given (None when there are none)."""
    present = [a for a in arrays if a is not None]
    return np.sum(present, axis=0) if present else None


def _cap(estimates: Sequence[CargoEstimate], limit: Limit) -> list[dict[str, Any]]:
    into = [e for e in estimates if e.commodity == limit.commodity and limit.into is not None
            and str(e.direction).endswith(f"-> {limit.into}")]
    years = sorted({period_of(e, "year") for e in estimates})
    rows = []
    for year in years:
        items = [e for e in into if period_of(e, "year") == year]
        total = sum_samples(e.barrels if limit.unit == "barrels" else e.cargo_t for e in items)
        cap = float(limit.quantity or 0)
        rows.append({
            "kind": "limit", "period": year, **limit.summary(), "commodity": limit.commodity,
            "into": limit.into, "cap": cap, "unit": limit.unit,
            "total": None if total is None else Interval.of(total, 0).to_dict(),
            "p_exceeded": 0.0 if total is None else round(float(np.mean(total > cap)), 4),
            "unestimated_voyages": sum(e.cargo_t is None for e in items),
            "voyage_ids": [e.voyage.id for e in items]})
    return rows


def _ban(estimates: Sequence[CargoEstimate], limit: Limit) -> list[dict[str, Any]]:
    hits = sorted((e for e in estimates if _moves(e, limit) and e.ship_class in
                   limit.ship_classes and (e.cargo_t is None or Interval.of(e.cargo_t).p95 > 0)),
                  key=lambda e: period_of(e, "year"))
    rows = []
    for year, group in groupby(hits, key=lambda e: period_of(e, "year")):
        items = list(group)
        total = sum_samples(e.cargo_t for e in items)
        rows.append({
            "kind": "flag", "period": year, **limit.summary(),
            "categories": list(limit.categories), "voyages": len(items),
            "cargo_t": None if total is None else Interval.of(total).to_dict(),
            "reason": (f"cargo of {', '.join(sorted({e.ship_class for e in items}))} ships "
                       f"{_way(limit)}: {', '.join(limit.categories)} cannot be excluded "
                       "from AIS"),
            "voyage_ids": [e.voyage.id for e in items]})
    return rows


def _moves(estimate: CargoEstimate, limit: Limit) -> bool:
    direction = str(estimate.direction)
    return (limit.into is not None and direction.endswith(f"-> {limit.into}")) or (
        limit.out_of is not None and direction.startswith(f"{limit.out_of} ->"))


def _way(limit: Limit) -> str:
    return f"into {limit.into}" if limit.into else f"out of {limit.out_of}"
