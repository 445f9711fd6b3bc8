"""Plausibility checks: does a claimed round count fit the model for its container count?

A claim "N containers ~ M rounds of calibre T" is tested under each scenario: every munition the
case allows for calibre T (its default reading first), every container type, and two load
factors (the catalogue prior, and full boxes). The verdict:

* **consistent**: M fits the model interval under the case's default assumptions;
* **needs-assumptions**: M fits only under other scenarios; the fewest changes are listed;
* **inconsistent**: M fits under no scenario.

"Fits" depends on how the claim is worded: `about` M lies in [p5, p95]; `at_least` M <= p95;
`up_to` M >= p5; a `range` overlaps [p5, p95].
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from darkfleet.errors import EstimationError
from darkfleet.estimation.catalogue import Catalogue, load_catalogue
from darkfleet.estimation.estimate import Estimate, Question, estimate_rounds
from darkfleet.estimation.settings import EstimationSettings
from darkfleet.evidence.models import Case, Claim

FILLS: tuple[float | None, ...] = (None, 1.0)


@dataclass(frozen=True, slots=True)
class Scenario:
    munition: str
    container: str
    fill: float | None

    def changes(self, default: Scenario, catalogue: Catalogue) -> list[str]:
        """What this scenario assumes beyond the default, in words."""
        out = []
        if self.munition != default.munition:
            out.append(f"{self.munition}: {catalogue.munition(self.munition).name}")
        if self.container != default.container:
            payload = catalogue.container(self.container).payload_kg.high
            out.append(f"{self.container} containers (payload up to {payload:,.0f} kg)")
        if self.fill != default.fill:
            out.append("full containers (load factor 1.0)" if self.fill == 1.0
                       else "load factor from the catalogue prior")
        return out


@dataclass(frozen=True, slots=True)
class ScenarioResult:
    scenario: Scenario
    estimate: Estimate
    holds: bool

    def to_dict(self) -> dict[str, Any]:
        s = self.scenario
        return {"munition": s.munition, "container": s.container,
                "fill": "prior" if s.fill is None else s.fill, "p5": self.estimate.p5,
                "p50": self.estimate.p50, "p95": self.estimate.p95, "holds": self.holds}


@dataclass(frozen=True, slots=True)
class CapacityCheck:
    """One rounds claim checked against the packing model."""

    claim: Claim
    containers: float
    containers_claim: Claim
    default: ScenarioResult
    verdict: str
    assumptions: tuple[str, ...]
    scenarios: tuple[ScenarioResult, ...]


def fits(claim: Claim, p5: float, p95: float) -> bool:
    """Whether the claim's quantity, read by its qualifier, fits [p5, p95]."""
    low = claim.quantity or 0.0
    if claim.qualifier == "at_least":
        return low <= p95
    if claim.qualifier == "up_to":
        return low >= p5
    if claim.qualifier == "range":
        return low <= p95 and (claim.quantity_high or low) >= p5
    return p5 <= low <= p95


def check_claim(case: Case, claim: Claim, settings: EstimationSettings,
                catalogue: Catalogue | None = None) -> CapacityCheck:
    """Check one rounds claim that has a `check` block.

    Raises:
        EstimationError: the claim has no check, or names an unknown calibre family or munition.
    """
    cat = catalogue or load_catalogue()
    spec = claim.check
    if spec is None:
        raise EstimationError(f"claim {claim.id}: has no check", field="check")
    family = case.families.get(spec.family)
    if family is None:
        raise EstimationError(f"claim {claim.id}: check.family: no assumptions for "
                              f"{spec.family!r} in the case", field="check.family")
    source_claim = claim if spec.containers is not None else case.claim(spec.containers_claim or "")
    if source_claim is None or source_claim.quantity is None:
        raise EstimationError(f"claim {claim.id}: no container count", field="check.containers")
    containers = spec.containers if spec.containers is not None else source_claim.quantity
    default = Scenario(family.default, case.container, None)
    results = []
    for munition in (family.default, *family.alternatives):
        for container in (case.container, *[c for c in case.containers if c != case.container]):
            for fill in FILLS:
                scenario = Scenario(munition, container, fill)
                estimate = estimate_rounds(containers, Question({munition: 1.0}, container, fill),
                                           settings, catalogue=cat)
                results.append(ScenarioResult(scenario, estimate,
                                              fits(claim, estimate.p5, estimate.p95)))
    verdict, needed = _verdict(results, default, cat)
    return CapacityCheck(claim, float(containers), source_claim, results[0], verdict,
                         tuple(needed), tuple(results))


def _verdict(results: list[ScenarioResult], default: Scenario,
             catalogue: Catalogue) -> tuple[str, list[str]]:
    if results[0].holds:
        return "consistent", []
    holding = [r for r in results if r.holds]
    if not holding:
        return "inconsistent", []
    best = min(holding, key=lambda r: len(r.scenario.changes(default, catalogue)))
    return "needs-assumptions", best.scenario.changes(default, catalogue)


def check_case(case: Case, settings: EstimationSettings,
               catalogue: Catalogue | None = None) -> list[CapacityCheck]:
    """Every capacity check of the case, in the order of its claims."""
    return [check_claim(case, claim, settings, catalogue)
            for claim in case.claims if claim.check is not None]
