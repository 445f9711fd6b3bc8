"""The case file as the brief reads it: the evidence stage's case plus the estimation checks.

`--case NAME` loads the case through `darkfleet.evidence.load_case` (a bundled case name or a
case file, validated against its schema) and runs `darkfleet case check` on it
(`darkfleet.estimation.run_case_check`); the adapter receives both as one `CaseFile`, the
typed case as the evidence stage made it. `estimates_from_checks` gives the model estimates
behind the capacity checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from darkfleet.report.brief import Assumption, Estimate

if TYPE_CHECKING:
    from darkfleet.estimation.settings import EstimationSettings
    from darkfleet.evidence.models import Case


@dataclass(frozen=True, slots=True)
class CaseFile:
    """A loaded case and the check records of its claims (`darkfleet case check`)."""

    case: Case
    checks: tuple[Mapping[str, Any], ...] = ()


def load_case(name: str | Path, settings: EstimationSettings) -> CaseFile:
    """The case `name` (bundled name or file) with its checks.

    Raises:
        EvidenceError: unknown case, invalid YAML or schema violation (names file and field).
        EstimationError: a check names an unknown calibre family or munition.
    """
    from darkfleet.estimation import run_case_check
    from darkfleet.evidence import load_case as load_evidence

    case = load_evidence(name)
    return CaseFile(case, tuple(run_case_check(case, settings)))


def estimates_from_checks(checks: Iterable[Mapping[str, Any]]) -> tuple[Estimate, ...]:
    """The model estimate behind each capacity check (once per munition, count and container)."""
    found: dict[str, Estimate] = {}
    for check in checks:
        if check.get("check") != "capacity" or check.get("p5") is None:
            continue
        containers = float(check["containers"]["value"])
        key = f"{check['munition']}-{containers:g}-{check['container']}"
        if key in found:
            continue
        samples, binding = check.get("samples"), check.get("binding_constraint")
        found[key] = Estimate(
            id=key,
            question=f"Rounds of {check['munition']} in {containers:,.0f} "
                     f"{check['container']} containers",
            unit="rounds", p5=float(check["p5"]), p50=float(check["p50"]),
            p95=float(check["p95"]), mean=None,
            method="Monte Carlo packing model (load factor: catalogue prior)",
            samples=None if samples is None else int(samples),
            binding_constraint=str(binding) if binding else None,
            assumptions=tuple(_assumption(a) for a in check.get("model_assumptions", [])))
    return tuple(found.values())


def _assumption(raw: Mapping[str, Any]) -> Assumption:
    low, high = raw.get("low"), raw.get("high")
    spread = f" ({low:g}–{high:g})" if isinstance(low, int | float) and isinstance(
        high, int | float) else ""
    value = raw.get("value")
    shown = f"{value:g}" if isinstance(value, int | float) else str(value)
    source = raw.get("source")
    named = source.get("title") if isinstance(source, Mapping) else source
    unit = raw.get("unit")
    return Assumption(name=str(raw.get("name", "")), value=shown + spread,
                      unit=str(unit) if unit else None, source=str(named) if named else None)
