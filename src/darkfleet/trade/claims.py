"""Claims about the trade (the return flow, oil deliveries) checked against the ledger (pure).

Each claim with a `trade_check` names a direction (`ORIGIN GROUP -> DEST GROUP`), a commodity and
a measure: `barrels` or `cargo_t` summed over the voyages arriving inside the claim's window,
`ratio` of this direction's mass over that of `versus`, or `none` (what a hold carried is not
visible in AIS: the mass moved is shown, no verdict). Sums are of the samples.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np

from darkfleet.estimation.case_check import claim_summary
from darkfleet.evidence.models import Case, Claim
from darkfleet.trade.ledger import sum_samples
from darkfleet.trade.limits import TradeCheck
from darkfleet.trade.models import CargoEstimate, FloatArray, Interval

NO_LEDGER = "no trade ledger: run `darkfleet detect` and pass the workspace (-w)"


def check_trade_claims(case: Case, checks: Sequence[TradeCheck],
                       estimates: Sequence[CargoEstimate] | None) -> list[dict[str, Any]]:
    """One record per checked claim (`check: trade`), in the case's order."""
    claims = {c.id: c for c in case.claims}
    return [_record(claims[check.claim_id], check, estimates) for check in checks
            if check.claim_id in claims]


def _record(claim: Claim, check: TradeCheck,
            estimates: Sequence[CargoEstimate] | None) -> dict[str, Any]:
    record: dict[str, Any] = {
        "check": "trade", "claim": claim_summary(claim), "direction": check.direction,
        "commodity": check.commodity, "measure": check.measure,
        "window": [_iso(claim.window_start), _iso(claim.window_end or claim.stated_on)],
        "p5": None, "p50": None, "p95": None, "voyage_ids": [],
        "assumptions": ["cargo from draught change x waterplane area (darkfleet cargo)"]}
    if estimates is None:
        return {**record, "verdict": NO_LEDGER}
    items = [e for e in estimates if _inside(e, claim) and e.direction == check.direction
             and (check.commodity is None or e.commodity == check.commodity)]
    record["voyage_ids"] = [e.voyage.id for e in items]
    values = _measure(check, claim, items, estimates)
    if values is None:
        return {**record, "verdict": "no voyages of this flow in the window"}
    interval = Interval.of(values, 2 if check.measure == "ratio" else 0)
    record.update(interval.to_dict())
    return {**record, "verdict": _verdict(claim, check, interval)}


def _measure(check: TradeCheck, claim: Claim, items: Sequence[CargoEstimate],
             estimates: Sequence[CargoEstimate]) -> FloatArray | None:
    mass = sum_samples([e.cargo_t for e in items])
    if check.measure == "barrels":
        return sum_samples([e.barrels for e in items])
    if check.measure != "ratio":
        return mass
    other = sum_samples([e.cargo_t for e in estimates if _inside(e, claim)
                  and e.direction == check.versus
                  and (check.commodity is None or e.commodity == check.commodity)])
    if mass is None or other is None:
        return None
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.where(other > 0, mass / np.where(other > 0, other, 1.0), np.inf))


def _verdict(claim: Claim, check: TradeCheck, interval: Interval) -> str:
    if check.measure == "none" or claim.quantity is None:
        return "not checkable from AIS: the ledger gives the mass moved, not what it was"
    q = claim.quantity
    if interval.p95 < q:
        return "ledger below the claim (voyages unseen: dark, other routes, rail)"
    if claim.qualifier == "about" and interval.p5 > q:
        return "ledger above the claim"
    return "consistent"


def _inside(estimate: CargoEstimate, claim: Claim) -> bool:
    day = estimate.voyage.arrive.date()
    end = claim.window_end or claim.stated_on
    return (claim.window_start is None or day >= claim.window_start) and day <= end


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()
