"""darkfleet estimation stage: containers to rounds with honest uncertainty, and checks of claims.

Numbers come from the bundled catalogues (`load_catalogue()`), every value with a source. The
public names below load lazily, so `import darkfleet` (which reads this stage's settings) stays
cheap: NumPy and the rest load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from darkfleet._lazy import lazy_exports
from darkfleet.estimation.settings import EstimationSettings

if TYPE_CHECKING:
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
    from darkfleet.estimation.swing import SensitivityRow, sensitivity
    from darkfleet.estimation.timeline import TimelineSeries, timeline_chart, timeline_series

_MODULES = {
    "case_check": ["run_case_check"],
    "catalogue": ["Catalogue", "Param", "Reference", "load_catalogue"],
    "estimate": ["Assumption", "Estimate", "Question", "estimate_containers", "estimate_rounds",
                 "parse_mix", "with_samples"],
    "plausibility": ["CapacityCheck", "check_case", "check_claim"],
    "production": ["ProductionCheck", "check_production"],
    "swing": ["SensitivityRow", "sensitivity"],
    "timeline": ["TimelineSeries", "timeline_chart", "timeline_series"],
}
_HOME = {name: module for module, names in _MODULES.items() for name in names}

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
    "TimelineSeries",
    "check_case",
    "check_claim",
    "check_production",
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

if not TYPE_CHECKING:
    __getattr__ = lazy_exports(__name__, _HOME)
