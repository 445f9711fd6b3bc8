"""`darkfleet case check`: every plausibility check of a case as flat records.

Each record names the claim (id, statement, attributed_to, stated_on, source url), the model
interval (p5, p50, p95) where there is one, the verdict and the assumptions it needs. Every number
traces to a claim with a source or to catalogue assumptions with sources (listed in the record).
"""

from __future__ import annotations

from typing import Any

from darkfleet.estimation.catalogue import Catalogue, load_catalogue
from darkfleet.estimation.plausibility import CapacityCheck, check_case
from darkfleet.estimation.production import ProductionCheck, check_production
from darkfleet.estimation.settings import EstimationSettings
from darkfleet.evidence.models import Case, Claim


def claim_summary(claim: Claim) -> dict[str, Any]:
    """The claim fields a check record shows."""
    return {"id": claim.id, "statement": claim.statement, "attributed_to": claim.attributed_to,
            "stated_on": claim.stated_on.isoformat(), "quantity": claim.quantity,
            "quantity_high": claim.quantity_high, "qualifier": claim.qualifier,
            "unit": claim.unit, "source_url": claim.source.url,
            "source_title": claim.source.title, "source_publisher": claim.source.publisher}


def capacity_record(check: CapacityCheck) -> dict[str, Any]:
    estimate = check.default.estimate
    scenario = check.default.scenario
    return {
        "check": "capacity", "claim": claim_summary(check.claim),
        "containers": {"value": check.containers, "claim_id": check.containers_claim.id,
                       "source_url": check.containers_claim.source.url},
        "munition": scenario.munition, "container": scenario.container, "fill": "prior",
        "p5": estimate.p5, "p50": estimate.p50, "p95": estimate.p95,
        "verdict": check.verdict, "assumptions": list(check.assumptions),
        "scenarios": [s.to_dict() for s in check.scenarios],
        "model_assumptions": [a.to_dict() for a in estimate.assumptions],
        "samples": estimate.samples, "seed": estimate.seed,
        "binding_constraint": estimate.binding_constraint,
    }


def production_record(check: ProductionCheck) -> dict[str, Any]:
    capacity = check.capacity_claim
    return {
        "check": "production", "claim": claim_summary(check.claim),
        "capacity": {"value": capacity.quantity, "unit": capacity.unit,
                     "claim_id": capacity.id, "source_url": capacity.source.url},
        "period_years": round(check.period_years, 3),
        "required_per_year": round(check.required_per_year),
        "p5": None, "p50": None, "p95": None,
        "verdict": check.verdict, "assumptions": list(check.assumptions),
    }


def run_case_check(case: Case, settings: EstimationSettings,
                   catalogue: Catalogue | None = None) -> list[dict[str, Any]]:
    """Capacity checks, then production checks, as records.

    Raises:
        EstimationError: a check names an unknown calibre family or munition.
    """
    cat = catalogue or load_catalogue()
    records = [capacity_record(c) for c in check_case(case, settings, cat)]
    return records + [production_record(p) for p in check_production(case)]
