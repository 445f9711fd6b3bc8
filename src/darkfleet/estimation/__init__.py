"""darkfleet estimation stage: containers to rounds with honest uncertainty, and checks of claims.

Numbers come from the bundled catalogues (`load_catalogue()`), every value with a source.
"""

from darkfleet.estimation.case_check import run_case_check
from darkfleet.estimation.catalogue import Catalogue, Param, Reference, load_catalogue
from darkfleet.estimation.estimate import (
    Assumption,
    Estimate,
    Question,
    estimate_containers,
    estimate_rounds,
    parse_mix,
    with_samples,
)
from darkfleet.estimation.plausibility import CapacityCheck, check_case, check_claim
from darkfleet.estimation.production import ProductionCheck, check_production
from darkfleet.estimation.sensitivity import SensitivityRow, sensitivity
from darkfleet.estimation.settings import EstimationSettings

__all__ = [
    "Assumption",
    "CapacityCheck",
    "Catalogue",
    "Estimate",
    "EstimationSettings",
    "Param",
    "ProductionCheck",
    "Question",
    "Reference",
    "SensitivityRow",
    "check_case",
    "check_claim",
    "check_production",
    "estimate_containers",
    "estimate_rounds",
    "load_catalogue",
    "parse_mix",
    "run_case_check",
    "sensitivity",
    "with_samples",
]
