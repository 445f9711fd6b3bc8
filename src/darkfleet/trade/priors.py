"""The cargo catalogue (`data/catalogues/cargo.yaml`): hull and product priors, every value sourced.

Ship classes come from the vessel catalogue's type where the vessel is listed, else from the AIS
ship type (80-89 tanker, 70-79 cargo); anything else is `other` and uses the cargo priors.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from darkfleet.errors import EstimationError
from darkfleet.estimation.catalogue import CATALOGUES, Param, ParamParser, read_catalogue_file

CLASSES = ("tanker", "cargo", "container", "bulk")
CLASS_PARAMS = ("waterplane_coefficient", "length_m", "beam_m", "laden_change_m")
COMMON_PARAMS = ("draught_reading_error_m", "dimension_error_m", "seawater_density_t_per_m3",
                 "waterline_length_ratio", "ballast_trim_m", "teu_gross_t")
PRODUCT_PARAMS = ("refined_density_t_per_m3", "barrel_m3", "tanker_cargo_refined")


@dataclass(frozen=True, slots=True)
class CargoPriors:
    """The parsed cargo catalogue."""

    common: Mapping[str, Param]
    classes: Mapping[str, Mapping[str, Param]]
    products: Mapping[str, Param]

    def hull(self, ship_class: str, name: str) -> Param:
        """A class prior (`other` falls back to `cargo`)."""
        return self.classes[ship_class if ship_class in self.classes else "cargo"][name]


def ship_class(ais_type: int | None, catalogue_type: str | None = None) -> str:
    """`tanker`, `container`, `bulk`, `cargo` or `other`."""
    if catalogue_type:
        text = catalogue_type.lower()
        for name in ("tanker", "container", "bulk"):
            if name in text:
                return name
        return "cargo"
    if ais_type is not None and 80 <= ais_type <= 89:
        return "tanker"
    if ais_type is not None and 70 <= ais_type <= 79:
        return "cargo"
    return "other"


@lru_cache(maxsize=2)
def load_priors(directory: Path = CATALOGUES) -> CargoPriors:
    """Read and check `cargo.yaml` in `directory`.

    Raises:
        EstimationError: the file is missing, or a value is malformed (names file and field).
    """
    raw = read_catalogue_file(directory / "cargo.yaml")
    parser = ParamParser("cargo.yaml", raw)
    for section in ("common", "classes", "products"):
        if not isinstance(raw.get(section), Mapping):
            raise EstimationError(f"cargo.yaml: {section}: missing (a mapping)", field=section)
    common = {k: parser.param(raw["common"].get(k), f"common.{k}") for k in COMMON_PARAMS}
    classes = {c: {k: parser.param((raw["classes"].get(c) or {}).get(k), f"classes.{c}.{k}")
                   for k in CLASS_PARAMS} for c in CLASSES}
    products = {k: parser.param(raw["products"].get(k), f"products.{k}")
                for k in PRODUCT_PARAMS}
    return CargoPriors(common, classes, products)
