"""The bundled catalogues (munitions, containers, vessels): typed, validated, every value sourced.

Each value in a catalogue is a `Param`: a fixed value, a uniform range or a triangular range, with
its unit, the source it comes from, its provenance (S read in a public page, R recalled and
unverified, D derived, A analyst assumption) and a confidence. The YAML lives in
`darkfleet/data/catalogues/`; `load_catalogue()` reads and checks it once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from darkfleet.data import DATA
from darkfleet.errors import EstimationError

CATALOGUES = DATA / "catalogues"
PROVENANCE = {"S": "read in a public page", "R": "recalled, unverified",
              "D": "derived from sourced figures", "A": "analyst assumption"}
CONFIDENCE = ("high", "medium", "low")


@dataclass(frozen=True, slots=True)
class Reference:
    """Where a catalogue value comes from."""

    id: str
    title: str
    publisher: str
    url: str | None


@dataclass(frozen=True, slots=True)
class Param:
    """One sourced value: fixed (`low == high`), uniform, or triangular when `mode` is set."""

    unit: str
    low: float
    high: float
    mode: float | None
    source: Reference
    provenance: str
    confidence: str
    note: str = ""

    @property
    def fixed(self) -> bool:
        return self.low == self.high

    @property
    def central(self) -> float:
        """The mode when there is one, else the midpoint."""
        return self.mode if self.mode is not None else (self.low + self.high) / 2

    @property
    def distribution(self) -> str:
        if self.fixed:
            return "fixed"
        return "triangular" if self.mode is not None else "uniform"

    def pinned(self, value: float, note: str) -> Param:
        """The same assumption pinned to `value` (say by a command-line option)."""
        return Param(self.unit, value, value, None, self.source, self.provenance,
                     self.confidence, note)


@dataclass(frozen=True, slots=True)
class Crate:
    """One kind of box; a munition ships as a set of one box of each kind."""

    name: str
    rounds_per_crate: Param
    gross_mass_kg: Param
    length_m: Param
    width_m: Param
    height_m: Param


@dataclass(frozen=True, slots=True)
class Munition:
    id: str
    name: str
    family: str
    note: str
    item_mass_kg: Param
    crates: tuple[Crate, ...]


@dataclass(frozen=True, slots=True)
class ContainerType:
    id: str
    name: str
    internal_length_m: Param
    internal_width_m: Param
    internal_height_m: Param
    tare_kg: Param
    payload_kg: Param
    floor_load_kg_per_m: Param


@dataclass(frozen=True, slots=True)
class Vessel:
    """A vessel of interest; `params` holds the particulars that are public (sourced)."""

    imo: int
    name: str
    type: str
    params: Mapping[str, Param]


@dataclass(frozen=True, slots=True)
class Catalogue:
    munitions: Mapping[str, Munition]
    containers: Mapping[str, ContainerType]
    load_factor: Param
    containers_per_railcar: Param
    count_error: Param
    vessels: Mapping[int, Vessel]
    vessel_priors: Mapping[str, Param]

    def munition(self, munition_id: str) -> Munition:
        """Raises: EstimationError naming the field `munition` for an unknown id."""
        if munition_id not in self.munitions:
            known = ", ".join(sorted(self.munitions))
            raise EstimationError(f"munition: unknown id {munition_id!r} (known: {known})",
                                  field="munition")
        return self.munitions[munition_id]

    def container(self, container_id: str) -> ContainerType:
        """Raises: EstimationError naming the field `container` for an unknown id."""
        if container_id not in self.containers:
            known = ", ".join(sorted(self.containers))
            raise EstimationError(f"container: unknown id {container_id!r} (known: {known})",
                                  field="container")
        return self.containers[container_id]

    def vessel_param(self, imo: int | None, name: str) -> Param:
        """A vessel's own sourced particular, else the class prior."""
        vessel = self.vessels.get(imo) if imo is not None else None
        if vessel is not None and name in vessel.params:
            return vessel.params[name]
        return self.vessel_priors[name]


@lru_cache(maxsize=4)
def load_catalogue(directory: Path = CATALOGUES) -> Catalogue:
    """Read and validate the three catalogue files in `directory`.

    Raises:
        EstimationError: a file is missing or a value is malformed (names file and field).
    """
    munitions = _read(directory / "munitions.yaml")
    containers = _read(directory / "containers.yaml")
    vessels = _read(directory / "vessels.yaml")
    m_parser = _Parser("munitions.yaml", munitions)
    c_parser = _Parser("containers.yaml", containers)
    v_parser = _Parser("vessels.yaml", vessels)
    return Catalogue(
        munitions={m.id: m for m in (m_parser.munition(x, f"munitions[{i}]")
                                     for i, x in enumerate(munitions["munitions"]))},
        containers={c.id: c for c in (c_parser.container(x, f"containers[{i}]")
                                      for i, x in enumerate(containers["containers"]))},
        load_factor=c_parser.param(containers.get("load_factor"), "load_factor"),
        containers_per_railcar=c_parser.param(containers.get("containers_per_railcar"),
                                              "containers_per_railcar"),
        count_error=c_parser.param(containers.get("count_error"), "count_error"),
        vessels={v.imo: v for v in (v_parser.vessel(x, f"vessels[{i}]")
                                    for i, x in enumerate(vessels["vessels"]))},
        vessel_priors={k: v_parser.param(v, f"priors.{k}") for k, v in vessels["priors"].items()},
    )


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise EstimationError(f"{path.name}: cannot read catalogue: {error}") from error
    if not isinstance(data, dict):
        raise EstimationError(f"{path.name}: a catalogue is a mapping")
    return data


class _Parser:
    """Builds typed records from one catalogue file, naming file and field on errors."""

    def __init__(self, file: str, data: Mapping[str, Any]) -> None:
        self.file = file
        self.sources = {key: Reference(key, str(v.get("title", "")), str(v.get("publisher", "")),
                                       v.get("url")) for key, v in data.get("sources", {}).items()}

    def fail(self, field: str, message: str) -> EstimationError:
        return EstimationError(f"{self.file}: {field}: {message}", field=field)

    def param(self, raw: Any, field: str) -> Param:
        if not isinstance(raw, Mapping):
            raise self.fail(field, "missing (a value with unit and source)")
        try:
            if "value" in raw:
                low = high = float(raw["value"])
                mode = None
            else:
                low, high = float(raw["low"]), float(raw["high"])
                mode = float(raw["mode"]) if "mode" in raw else None
        except (KeyError, TypeError, ValueError) as error:
            raise self.fail(field, "needs `value` or `low` and `high` numbers") from error
        if low > high or (mode is not None and not low <= mode <= high):
            raise self.fail(field, f"needs low <= mode <= high, got {low}, {mode}, {high}")
        source = self.sources.get(str(raw.get("source")))
        if source is None:
            raise self.fail(f"{field}.source", f"unknown or missing source {raw.get('source')!r}")
        provenance, confidence = raw.get("provenance"), raw.get("confidence")
        if provenance not in PROVENANCE:
            raise self.fail(f"{field}.provenance", f"one of {', '.join(PROVENANCE)}")
        if confidence not in CONFIDENCE:
            raise self.fail(f"{field}.confidence", f"one of {', '.join(CONFIDENCE)}")
        return Param(str(raw.get("unit", "")), low, high, mode, source, provenance, confidence,
                     str(raw.get("note", "")))

    def crate(self, raw: Mapping[str, Any], field: str) -> Crate:
        names = ("rounds_per_crate", "gross_mass_kg", "length_m", "width_m", "height_m")
        values = [self.param(raw.get(n), f"{field}.{n}") for n in names]
        return Crate(str(raw.get("name", field)), *values)

    def munition(self, raw: Mapping[str, Any], field: str) -> Munition:
        crates = tuple(self.crate(c, f"{field}.crates[{i}]")
                       for i, c in enumerate(raw.get("crates") or []))
        if not crates:
            raise self.fail(f"{field}.crates", "at least one crate")
        if len({c.rounds_per_crate.low for c in crates}) != 1 or not all(
                c.rounds_per_crate.fixed for c in crates):
            raise self.fail(f"{field}.crates", "every crate of a set holds the same fixed rounds")
        item = self.param(raw.get("item_mass_kg"), f"{field}.item_mass_kg")
        if sum(c.gross_mass_kg.low for c in crates) < crates[0].rounds_per_crate.low * item.low:
            raise self.fail(f"{field}.crates", "a set of boxes weighs less than the rounds in it "
                            "(gross_mass_kg low < rounds_per_crate x item_mass_kg low)")
        return Munition(str(raw["id"]), str(raw.get("name", "")), str(raw.get("family", "")),
                        str(raw.get("note", "")).strip(), item, crates)

    def container(self, raw: Mapping[str, Any], field: str) -> ContainerType:
        names = ("internal_length_m", "internal_width_m", "internal_height_m", "tare_kg",
                 "payload_kg", "floor_load_kg_per_m")
        values = [self.param(raw.get(n), f"{field}.{n}") for n in names]
        return ContainerType(str(raw["id"]), str(raw.get("name", "")), *values)

    def vessel(self, raw: Mapping[str, Any], field: str) -> Vessel:
        params = {key: self.param(value, f"{field}.{key}") for key, value in raw.items()
                  if isinstance(value, Mapping)}
        return Vessel(int(raw["imo"]), str(raw["name"]), str(raw.get("type", "")), params)


#: The file reader and sourced-value parser, for other catalogues in the same format (cargo.yaml).
read_catalogue_file = _read
ParamParser = _Parser
