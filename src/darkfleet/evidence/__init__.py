"""darkfleet evidence stage: claims, observations and case files, each tied to its source."""

from darkfleet.evidence.casefile import bundled_cases, case_path, load_case, validate_case
from darkfleet.evidence.models import Case, CheckSpec, Claim, Observation, Source

__all__ = [
    "Case",
    "CheckSpec",
    "Claim",
    "Observation",
    "Source",
    "bundled_cases",
    "case_path",
    "load_case",
    "validate_case",
]
