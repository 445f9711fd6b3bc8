"""Case files: YAML, validated with a JSON Schema, turned into a typed `Case`.

`load_case("dprk-russia-2023")` reads a bundled case; any other argument is a path. Errors name
the file and the field, such as `claims[3].stated_on: not a date ('2024-13-01')`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from darkfleet.data import DATA
from darkfleet.errors import EvidenceError
from darkfleet.evidence.models import (
    Case,
    CheckSpec,
    Claim,
    FamilyAssumption,
    Observation,
    PortGroup,
    Source,
    VesselOfInterest,
)

CASES = DATA / "cases"
SCHEMA_PATH = CASES / "case.schema.json"


class _Loader(yaml.SafeLoader):
    """Safe YAML that keeps dates as text, so the schema checks them."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def bundled_cases() -> list[str]:
    """Names of the cases that ship with darkfleet."""
    return sorted(p.stem for p in CASES.glob("*.yaml"))


def case_path(name: str | Path) -> Path:
    """The file of a bundled case name, or `name` itself when it is a file.

    Raises:
        EvidenceError: neither a bundled case nor an existing file.
    """
    candidate = Path(name)
    if candidate.is_file():
        return candidate
    if str(name) in bundled_cases():
        return CASES / f"{name}.yaml"
    known = ", ".join(bundled_cases())
    raise EvidenceError(f"case: no bundled case or file named {str(name)!r} (bundled: {known})",
                        field="case")


def bundled_case_path(name: str) -> Path:
    """The file of the bundled case `name`; never reads `name` as a path.

    For callers that must not let their input name a file (the web app): only names in the
    registry of bundled cases resolve, and the error does not repeat what was asked.

    Raises:
        EvidenceError: `name` is not a bundled case.
    """
    if name not in bundled_cases():
        known = ", ".join(bundled_cases())
        raise EvidenceError(f"case: unknown case (bundled: {known})", field="case")
    return CASES / f"{name}.yaml"


def load_case(name: str | Path) -> Case:
    """Read, validate and build a case.

    Raises:
        EvidenceError: unreadable YAML, a schema violation or a dangling reference; the message
            names the file and the field.
    """
    path = case_path(name)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, yaml.YAMLError) as error:
        line = getattr(getattr(error, "problem_mark", None), "line", None)
        raise EvidenceError(f"not valid YAML: {error}", path=path,
                            line=None if line is None else line + 1) from error
    validate_case(raw, path)
    return _build(raw, path)


@lru_cache(maxsize=4)
def _validator(definition: str | None = None) -> Any:
    """The case schema's validator, or one for a single definition (`claim`, `observation`)."""
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    if definition is not None:
        schema = {"$ref": f"#/$defs/{definition}", "$defs": schema["$defs"]}
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def validate_case(raw: Any, path: Path | str = "<case>", definition: str | None = None) -> None:
    """Check `raw` (parsed YAML) against the case schema; raises on the first error by path.

    Raises:
        EvidenceError: names the field, e.g. `claims[3].source: missing`.
    """
    errors = sorted(_validator(definition).iter_errors(raw),
                    key=lambda e: [str(p) for p in e.path])
    if errors:
        field, message = _describe(errors[0])
        raise EvidenceError(f"{field}: {message}" if field else message, field=field,
                            path=None if definition else path)


def claim_from_record(raw: Mapping[str, Any]) -> Claim:
    """One claim from a plain record (with an inline source), checked by the case schema.

    Raises:
        EvidenceError: the record breaks the schema; names the field (`stated_on: not a date`).
    """
    validate_case(raw, definition="claim")
    if isinstance(raw["source"], str):
        raise EvidenceError("source: give title, publisher and url", field="source")
    return _claim(raw, "claim", {}, Path("<claim>"))


def observation_from_record(raw: Mapping[str, Any]) -> Observation:
    """One observation from a plain record (with an inline source), checked by the schema.

    Raises:
        EvidenceError: the record breaks the schema; names the field.
    """
    validate_case(raw, definition="observation")
    if isinstance(raw["source"], str):
        raise EvidenceError("source: give title, publisher and url", field="source")
    return _observation(raw, "observation", {}, Path("<observation>"))


def _describe(error: Any) -> tuple[str, str]:
    """A field path (`claims[3].stated_on`) and a short message for a jsonschema error."""
    if error.validator == "anyOf" and error.context:
        branches = [e for e in error.context if e.validator != "type"]
        if not branches:
            return _field(error.absolute_path), (
                f"{error.instance!r} is neither a source id nor a source with title, "
                "publisher and url")
        return _describe(max(branches, key=lambda e: len(e.absolute_path)))
    field = _field(error.absolute_path)
    if error.validator == "required":
        missing = error.message.split("'")[1]
        return (f"{field}.{missing}" if field else missing), "missing"
    if error.validator == "format":
        return field, f"not a {error.validator_value} ({error.instance!r})"
    if error.validator == "additionalProperties":
        return field or "case", error.message
    return field, error.message


def _field(parts: Iterable[Any]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _build(raw: Mapping[str, Any], path: Path) -> Case:
    sources = {k: _source(v) for k, v in (raw.get("sources") or {}).items()}
    claims = tuple(_claim(c, f"claims[{i}]", sources, path)
                   for i, c in enumerate(raw.get("claims") or []))
    observations = tuple(_observation(o, f"observations[{i}]", sources, path)
                         for i, o in enumerate(raw.get("observations") or []))
    _check_references(claims, observations, path)
    assumptions = raw.get("assumptions") or {}
    container = str(assumptions.get("container", "20ft"))
    return Case(
        id=str(raw["id"]), title=str(raw["title"]),
        port_groups=tuple(PortGroup(g["name"], tuple((p.get("locode"), p["name"])
                                                     for p in g["ports"]))
                          for g in raw.get("port_groups") or []),
        vessels=tuple(VesselOfInterest(v["imo"], v["name"], tuple(v.get("former_names", ())))
                      for v in raw.get("vessels") or []),
        claims=claims, observations=observations, container=container,
        containers=tuple(assumptions.get("containers") or [container]),
        families={k: FamilyAssumption(v["default"], tuple(v.get("alternatives", ())))
                  for k, v in (assumptions.get("families") or {}).items()},
        production_capacity=_capacity_claim(assumptions, claims, path),
        watched_routes=None if raw.get("watched_routes") is None else tuple(
            (str(a), str(b)) for a, b in raw["watched_routes"]),
    )


def _capacity_claim(assumptions: Mapping[str, Any], claims: tuple[Claim, ...],
                    path: Path) -> str | None:
    claim_id = assumptions.get("production_capacity")
    if claim_id is None:
        return None
    claim = next((c for c in claims if c.id == claim_id), None)
    if claim is None or claim.unit != "rounds_per_year" or claim.quantity is None:
        raise EvidenceError(
            f"assumptions.production_capacity: {claim_id!r} is not a claim in rounds_per_year",
            field="assumptions.production_capacity", path=path)
    return str(claim_id)


def _source(raw: Mapping[str, Any]) -> Source:
    accessed = raw.get("accessed_on")
    return Source(raw["title"], raw["publisher"], raw["url"],
                  date.fromisoformat(accessed) if accessed else None)


def _resolve(ref: Any, sources: Mapping[str, Source], field: str, path: Path) -> Source:
    if isinstance(ref, str):
        if ref not in sources:
            raise EvidenceError(f"{field}: unknown source id {ref!r}", field=field, path=path)
        return sources[ref]
    return _source(ref)


def _claim(raw: Mapping[str, Any], field: str, sources: Mapping[str, Source],
           path: Path) -> Claim:
    check = raw.get("check")
    window, end = raw.get("window_start"), raw.get("window_end")
    if raw.get("qualifier") == "range" and "quantity_high" not in raw:
        raise EvidenceError(f"{field}.quantity_high: missing (a range claim needs it)",
                            field=f"{field}.quantity_high", path=path)
    return Claim(
        id=raw["id"], statement=raw["statement"], quantity=raw.get("quantity"),
        unit=raw["unit"], subject=raw["subject"], attributed_to=raw["attributed_to"],
        stated_on=date.fromisoformat(raw["stated_on"]),
        source=_resolve(raw["source"], sources, f"{field}.source", path),
        reliability=raw["reliability"], credibility=raw["credibility"],
        qualifier=raw.get("qualifier", "about"), quantity_high=raw.get("quantity_high"),
        window_start=date.fromisoformat(window) if window else None,
        window_end=date.fromisoformat(end) if end else None,
        check=CheckSpec(check["family"], check.get("containers"), check.get("containers_claim"))
        if check else None,
        supports=tuple(raw.get("supports", ())), contradicts=tuple(raw.get("contradicts", ())),
    )


def _observation(raw: Mapping[str, Any], field: str, sources: Mapping[str, Source],
                 path: Path) -> Observation:
    return Observation(raw["id"], float(raw["count"]), raw["unit"], raw["place"], raw["time"],
                       raw["channel"], raw["method"],
                       _resolve(raw["source"], sources, f"{field}.source", path),
                       raw.get("note", ""), raw.get("detection_id"), raw.get("scene_id"))


def _check_references(claims: tuple[Claim, ...], observations: tuple[Observation, ...],
                      path: Path) -> None:
    ids = [c.id for c in claims] + [o.id for o in observations]
    seen: set[str] = set()
    for index, item_id in enumerate(ids):
        if item_id in seen:
            kind = "claims" if index < len(claims) else "observations"
            position = index if index < len(claims) else index - len(claims)
            raise EvidenceError(f"{kind}[{position}].id: duplicate id {item_id!r}",
                                field=f"{kind}[{position}].id", path=path)
        seen.add(item_id)
    for i, claim in enumerate(claims):
        for relation in ("supports", "contradicts"):
            for target in getattr(claim, relation):
                if target not in seen and not target.startswith("estimate:"):
                    raise EvidenceError(f"claims[{i}].{relation}: unknown id {target!r}",
                                        field=f"claims[{i}].{relation}", path=path)
        spec = claim.check
        if spec and spec.containers is None and spec.containers_claim not in seen:
            raise EvidenceError(
                f"claims[{i}].check: needs `containers` or a known `containers_claim`",
                field=f"claims[{i}].check", path=path)
