"""darkfleet evidence stage: claims, observations and case files, each tied to its source.

The public names load lazily, so importing a record type does not load DuckDB or YAML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from darkfleet._lazy import lazy_exports

if TYPE_CHECKING:
    from darkfleet.evidence.casefile import (
        bundled_case_path,
        bundled_cases,
        case_path,
        claim_from_record,
        load_case,
        observation_from_record,
        validate_case,
    )
    from darkfleet.evidence.ledger import Ledger
    from darkfleet.evidence.models import Case, CheckSpec, Claim, Observation, Source

_MODULES = {
    "casefile": ["bundled_case_path", "bundled_cases", "case_path", "claim_from_record",
                 "load_case", "observation_from_record", "validate_case"],
    "ledger": ["Ledger"],
    "models": ["Case", "CheckSpec", "Claim", "Observation", "Source"],
}
_HOME = {name: module for module, names in _MODULES.items() for name in names}

__all__ = [
    "Case",
    "CheckSpec",
    "Claim",
    "Ledger",
    "Observation",
    "Source",
    "bundled_case_path",
    "bundled_cases",
    "case_path",
    "claim_from_record",
    "load_case",
    "observation_from_record",
    "validate_case",
]

if not TYPE_CHECKING:
    __getattr__ = lazy_exports(__name__, _HOME)
