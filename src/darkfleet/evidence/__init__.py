"""darkfleet evidence stage: claims, observations and case files, each tied to its source."""

from darkfleet.evidence.casefile import (
    bundled_cases,
    case_path,
    claim_from_record,
    load_case,
    observation_from_record,
    validate_case,
)
from darkfleet.evidence.ledger import Ledger
from darkfleet.evidence.models import Case, CheckSpec, Claim, Observation, Source

__all__ = [
    "Case",
    "CheckSpec",
    "Claim",
    "Ledger",
    "Observation",
    "Source",
    "bundled_cases",
    "case_path",
    "claim_from_record",
    "load_case",
    "observation_from_record",
    "validate_case",
]
