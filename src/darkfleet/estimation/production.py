"""Production-side check: could stated factory capacity have made the claimed deliveries?

For each claim of cumulative rounds with a counting window (`window_start` to `window_end`, or to
`stated_on`), the rate it needs is quantity / years; it is compared with the case's production
capacity claim (rounds per year). A rate above capacity is possible only if deliveries drew on
stockpiles (the reporting says many early deliveries were old stock), so the verdict is then
needs-assumptions, with the stockpile drawdown it needs.
"""

from __future__ import annotations

from dataclasses import dataclass

from darkfleet.evidence.models import Case, Claim

DAYS_PER_YEAR = 365.25


@dataclass(frozen=True, slots=True)
class ProductionCheck:
    claim: Claim
    capacity_claim: Claim
    period_years: float
    required_per_year: float
    verdict: str
    assumptions: tuple[str, ...]

    @property
    def stock_drawdown(self) -> float:
        """Rounds beyond production over the period (0 when capacity suffices)."""
        capacity = self.capacity_claim.quantity or 0.0
        return max(0.0, (self.required_per_year - capacity) * self.period_years)


def check_production(case: Case) -> list[ProductionCheck]:
    """One check per rounds claim with a counting window; none without a capacity claim."""
    capacity = case.claim(case.production_capacity or "")
    if capacity is None or capacity.quantity is None:
        return []
    checks = []
    for claim in case.claims:
        if claim.unit != "rounds" or claim.quantity is None or claim.window_start is None:
            continue
        years = ((claim.window_end or claim.stated_on) - claim.window_start).days / DAYS_PER_YEAR
        if years <= 0:
            continue
        rate = claim.quantity / years
        excess = (rate - capacity.quantity) * years
        if rate <= capacity.quantity:
            checks.append(ProductionCheck(claim, capacity, years, rate, "consistent", ()))
            continue
        needed = (f"stockpile drawdown of at least {excess:,.0f} rounds beyond stated production "
                  f"over {years:.2f} years",)
        checks.append(ProductionCheck(claim, capacity, years, rate, "needs-assumptions", needed))
    return checks
