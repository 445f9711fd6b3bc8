"""Coverage of cargo intervals against a simulated truth (`truth["cargoes"]`).

A true cargo matches the estimated voyage of the same vessel, origin and destination whose
departure is within `tolerance_h`. Coverage is the share of true cargoes whose mass lies inside
the matched voyage's p5-p95 (an unmatched or unestimated cargo counts as not covered). Per
calendar year of arrival, the true refined-product barrels delivered into the DPRK are compared
with the interval of the summed samples.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from darkfleet.timefmt import parse_utc
from darkfleet.trade.cargo import REFINED
from darkfleet.trade.ledger import period_of
from darkfleet.trade.models import CargoEstimate, Interval


@dataclass(frozen=True, slots=True)
class CargoCoverage:
    """How many true cargoes fell inside their intervals, and the yearly totals."""

    truth: int
    matched: int
    covered: int
    yearly: tuple[dict[str, Any], ...]
    missed: tuple[dict[str, Any], ...]

    @property
    def coverage(self) -> float:
        return self.covered / self.truth if self.truth else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "cargo", "truth": self.truth, "matched": self.matched,
                "covered": self.covered, "coverage": round(self.coverage, 4),
                "yearly": list(self.yearly), "missed": list(self.missed)}


def cargo_coverage(truth: Mapping[str, Any], estimates: Sequence[CargoEstimate],
                   tolerance_h: float = 3.0) -> CargoCoverage:
    """Coverage of `estimates` against the truth's cargoes (see the module doc)."""
    cargoes = list(truth.get("cargoes") or [])
    matched = covered = 0
    missed = []
    used: set[str] = set()
    for cargo in cargoes:
        estimate = _match(cargo, estimates, used, tolerance_h)
        if estimate is not None:
            used.add(estimate.voyage.id)
            matched += 1
        if estimate is not None and estimate.cargo_t is not None and Interval.of(
                estimate.cargo_t).holds(float(cargo["cargo_t"])):
            covered += 1
        else:
            missed.append({"mmsi": cargo["mmsi"], "depart": cargo["depart"],
                           "cargo_t": cargo["cargo_t"],
                           "estimate": None if estimate is None else estimate.to_dict()["cargo_t"]})
    return CargoCoverage(len(cargoes), matched, covered, _yearly(cargoes, estimates),
                         tuple(missed))


def _match(cargo: Mapping[str, Any], estimates: Sequence[CargoEstimate], used: set[str],
           tolerance_h: float) -> CargoEstimate | None:
    depart = parse_utc(cargo["depart"])
    best: tuple[float, CargoEstimate] | None = None
    for e in estimates:
        v = e.voyage
        if v.id in used or (v.mmsi, v.origin, v.destination) != (
                cargo["mmsi"], cargo["origin"], cargo["destination"]):
            continue
        hours = abs((v.depart - depart).total_seconds()) / 3600
        if hours <= tolerance_h and (best is None or hours < best[0]):
            best = (hours, e)
    return None if best is None else best[1]


def _yearly(cargoes: Sequence[Mapping[str, Any]],
            estimates: Sequence[CargoEstimate]) -> tuple[dict[str, Any], ...]:
    rows = []
    refined = [e for e in estimates if e.commodity == REFINED and e.barrels is not None]
    for year in sorted({c["arrive"][:4] for c in cargoes if c.get("barrels") is not None}):
        true = sum(float(c["barrels"]) for c in cargoes
                   if c.get("barrels") is not None and c["arrive"][:4] == year)
        arrays = [e.barrels for e in refined
                  if e.barrels is not None and period_of(e, "year") == year]
        total = Interval.of(np.sum(arrays, axis=0), 0) if arrays else None
        rows.append({"year": year, "true_barrels": round(true),
                     "barrels": None if total is None else total.to_dict(),
                     "covered": total is not None and total.holds(true)})
    return tuple(rows)
