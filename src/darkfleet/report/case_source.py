"""The case file as the brief reads it: the evidence stage's case plus the estimation checks.

`--case NAME` loads the case through `darkfleet.evidence.load_case` (a bundled case name or a
case file, validated against its schema), runs `darkfleet case check` on it
(`darkfleet.estimation.run_case_check`), and hands the adapter one plain mapping: the frame
(title, port groups, vessels of interest), the claims with their sources, the check records,
and the model estimates behind the capacity checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from darkfleet.estimation.settings import EstimationSettings
    from darkfleet.evidence.models import Case


def load_case(name: str | Path, settings: EstimationSettings) -> dict[str, Any]:
    """The case `name` (bundled name or file) with its checks, as one mapping for the adapter.

    Raises:
        EvidenceError: unknown case, invalid YAML or schema violation (names file and field).
        EstimationError: a check names an unknown calibre family or munition.
    """
    from darkfleet.estimation import run_case_check
    from darkfleet.evidence import load_case as load_evidence

    case = load_evidence(name)
    return case_mapping(case, run_case_check(case, settings))


def case_mapping(case: Case, checks: list[dict[str, Any]]) -> dict[str, Any]:
    """A loaded case and its check records in the mapping shape of docs/report.md."""
    return {
        "name": case.id,
        "title": case.title,
        "port_groups": {g.name: [code for code, _ in g.ports if code] for g in case.port_groups},
        "vessels": [{"name": v.name, "imo": v.imo} for v in case.vessels],
        "claims": [claim.to_dict() for claim in case.claims],
        "checks": checks,
        "estimates": estimates_from_checks(checks),
    }


def estimates_from_checks(checks: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The model estimate behind each capacity check (once per munition, count and container)."""
    found: dict[str, dict[str, Any]] = {}
    for check in checks:
        if check.get("check") != "capacity" or check.get("p5") is None:
            continue
        containers = float(check["containers"]["value"])
        key = f"{check['munition']}-{containers:g}-{check['container']}"
        found.setdefault(key, {
            "id": key,
            "question": f"Rounds of {check['munition']} in {containers:,.0f} "
                        f"{check['container']} containers",
            "unit": "rounds", "p5": check["p5"], "p50": check["p50"], "p95": check["p95"],
            "method": "Monte Carlo packing model (load factor: catalogue prior)",
            "samples": check.get("samples"),
            "binding_constraint": check.get("binding_constraint"),
            "assumptions": [_assumption(a) for a in check.get("model_assumptions", [])],
        })
    return list(found.values())


def _assumption(raw: Mapping[str, Any]) -> dict[str, Any]:
    low, high = raw.get("low"), raw.get("high")
    spread = f" ({low:g}–{high:g})" if isinstance(low, int | float) and isinstance(
        high, int | float) else ""
    value = raw.get("value")
    shown = f"{value:g}" if isinstance(value, int | float) else str(value)
    source = raw.get("source")
    return {"name": raw.get("name", ""), "value": shown + spread, "unit": raw.get("unit"),
            "source": source.get("title") if isinstance(source, Mapping) else source}
