"""darkfleet evidence stage: claims, observations and case files, each tied to its source.

The public names load lazily, so importing a record type does not load DuckDB or YAML.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_MODULES = {
    "casefile": ["bundled_cases", "case_path", "claim_from_record", "load_case",
                 "observation_from_record", "validate_case"],
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
    "bundled_cases",
    "case_path",
    "claim_from_record",
    "load_case",
    "observation_from_record",
    "validate_case",
]


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'darkfleet.evidence' has no attribute {name!r}")
    return getattr(importlib.import_module(f"darkfleet.evidence.{module}"), name)
