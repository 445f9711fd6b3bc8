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
from darkfleet.estimation.timeline import TimelineSeries, timeline_chart, timeline_series
from darkfleet.estimation.voyage_loads import ContainerCount, Load, container_count

__all__ = [
    "Assumption",
    "CapacityCheck",
    "Catalogue",
    "ContainerCount",
    "Estimate",
    "EstimationSettings",
    "Load",
    "Param",
    "ProductionCheck",
    "Question",
    "Reference",
    "SensitivityRow",
    "TimelineSeries",
    "check_case",
    "check_claim",
    "check_production",
    "container_count",
    "estimate_containers",
    "estimate_rounds",
    "load_catalogue",
    "parse_mix",
    "run_case_check",
    "sensitivity",
    "timeline_chart",
    "timeline_series",
    "with_samples",
]
