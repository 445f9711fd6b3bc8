"""Port areas: the built-in registry keyed by UN/LOCODE, port groups and user GeoJSON overrides.

The built-in registry is the world's ports as the `searoute` package ships them (`ports.geojson`:
about 3,900 UN/LOCODEs, each a point, given `DEFAULT_RADIUS_M`), overridden where precision
matters by the curated `darkfleet/data/ports/ports.csv` (terminals such as Dunai, the case's
watched ports, each with its own radius and groups; see SOURCES.md there). A user GeoJSON
FeatureCollection (`--ports FILE.geojson`) adds areas or replaces those with the same
`properties.locode`; its features are Polygons (or MultiPolygons) or Points with
`properties.radius_m`, and may list `properties.groups`.
"""

from __future__ import annotations

import csv
import importlib.util
import json
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from darkfleet.data import sample_path
from darkfleet.errors import InputError

#: Display names of the built-in port groups.
GROUP_LABELS = {"dprk": "DPRK", "russia-far-east": "Russian Far East"}

Ring = tuple[tuple[float, float], ...]  # (lon, lat) vertices, GeoJSON order
DEFAULT_RADIUS_M = 3000.0
WORLD_SOURCE = "searoute 1.6.0 ports.geojson"
CURATED_SOURCE = "darkfleet data/ports/ports.csv"


@dataclass(frozen=True, slots=True)
class PortArea:
    """One port area: a circle (`lat`, `lon`, `radius_m`) or polygons (`rings`, outer only)."""

    locode: str
    name: str
    lat: float
    lon: float
    radius_m: float
    groups: tuple[str, ...] = ()
    rings: tuple[Ring, ...] = ()
    country: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class PortRegistry:
    """The port areas in force, in a stable order."""

    areas: tuple[PortArea, ...]
    _by_code: dict[str, PortArea] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {a.locode: a for a in reversed(self.areas)})

    def __len__(self) -> int:
        return len(self.areas)

    def get(self, locode: str) -> PortArea | None:
        return self._by_code.get(locode)

    def group(self, name: str) -> tuple[str, ...]:
        """The UN/LOCODEs of the ports in group `name`."""
        return tuple(a.locode for a in self.areas if name in a.groups)

    def groups_of(self, locode: str | None) -> tuple[str, ...]:
        area = self.get(locode) if locode else None
        return area.groups if area else ()

    def with_areas(self, extra: list[PortArea]) -> PortRegistry:
        """This registry with `extra` added, replacing areas of the same UN/LOCODE."""
        by_code = {a.locode: a for a in self.areas}
        for area in extra:
            by_code[area.locode] = area
        return PortRegistry(tuple(by_code.values()))


@lru_cache(maxsize=1)
def builtin_registry() -> PortRegistry:
    """The built-in world port registry: `searoute`'s ports with the curated ones over them."""
    return PortRegistry(tuple(world_ports())).with_areas(curated_ports())


def curated_ports() -> list[PortArea]:
    """The curated ports of `data/ports/ports.csv`."""
    path = sample_path("ports/ports.csv")
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    return [PortArea(locode=r["locode"], name=r["name"], lat=float(r["lat"]),
                     lon=float(r["lon"]), radius_m=float(r["radius_m"]),
                     groups=tuple(g for g in r["groups"].split(";") if g),
                     country=r["country"], source=CURATED_SOURCE) for r in rows]


def world_ports() -> list[PortArea]:
    """The ports `searoute` ships (the first of each UN/LOCODE), read from the installed package
    without importing it."""
    spec = importlib.util.find_spec("searoute")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("the world port registry needs the `searoute` package "
                          "(pip install darkfleet reinstalls it)")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "ports.geojson"
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    seen: dict[str, PortArea] = {}
    for feature in features:
        props, (lon, lat) = feature["properties"], feature["geometry"]["coordinates"][:2]
        code = str(props.get("port") or "")
        if len(code) == 5 and code not in seen:
            seen[code] = PortArea(code, str(props.get("name") or code), float(lat), float(lon),
                                  DEFAULT_RADIUS_M, country=code[:2], source=WORLD_SOURCE)
    return list(seen.values())


def load_registry(geojson: Path | None = None, default_radius_m: float = 3000.0) -> PortRegistry:
    """The built-in registry, with the areas of a user GeoJSON file added or overriding.

    Raises:
        InputError: the file cannot be read, is not a FeatureCollection, or a feature has a bad
            geometry or lacks `properties.locode` (the message names the file and feature).
    """
    registry = builtin_registry()
    if geojson is None:
        return registry
    return registry.with_areas(read_geojson(geojson, registry, default_radius_m))


def read_geojson(path: Path, base: PortRegistry, default_radius_m: float) -> list[PortArea]:
    """The port areas of a GeoJSON FeatureCollection (see `load_registry`)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(f"cannot read port areas: {error}", path=path) from error
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise InputError("port areas must be a GeoJSON FeatureCollection", path=path)
    features = data.get("features")
    if not isinstance(features, list):
        raise InputError("port areas: `features` must be a list", path=path)
    areas = []
    for index, feature in enumerate(features):
        try:
            area = _area(feature, base, default_radius_m)
            areas.append(replace(area, country=area.locode[:2], source=path.name))
        except (ValueError, TypeError, KeyError) as error:
            raise InputError(f"feature {index}: {error}", path=path) from error
    return areas


def _area(feature: Any, base: PortRegistry, default_radius_m: float) -> PortArea:
    props = feature.get("properties") or {}
    locode = props.get("locode")
    if not isinstance(locode, str) or not locode:
        raise ValueError("properties.locode is missing")
    known = base.get(locode)
    groups = tuple(props.get("groups") or (known.groups if known else ()))
    name = str(props.get("name") or (known.name if known else locode))
    geometry = feature.get("geometry") or {}
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if kind == "Point":
        lon, lat = _position(coords)
        radius = float(props.get("radius_m", known.radius_m if known else default_radius_m))
        if not radius > 0:
            raise ValueError("properties.radius_m must be positive")
        return PortArea(locode, name, lat, lon, radius, groups)
    if kind in ("Polygon", "MultiPolygon"):
        if not isinstance(coords, list) or not coords:
            raise ValueError(f"bad geometry: {kind} without coordinates")
        polygons = [coords] if kind == "Polygon" else coords
        rings = tuple(_ring(p[0]) for p in polygons)
        lons = [v[0] for r in rings for v in r]
        lats = [v[1] for r in rings for v in r]
        centre = PortArea(locode, name, sum(lats) / len(lats), sum(lons) / len(lons), 0.0, groups)
        return replace(centre, rings=rings)
    raise ValueError(f"bad geometry: expected Point, Polygon or MultiPolygon, got {kind!r}")


def _position(value: Any) -> tuple[float, float]:
    if not isinstance(value, list | tuple) or len(value) < 2:
        raise ValueError("bad geometry: a position needs [lon, lat]")
    lon, lat = float(value[0]), float(value[1])
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValueError(f"bad geometry: position [{lon}, {lat}] out of range")
    return lon, lat


def _ring(value: Any) -> Ring:
    if not isinstance(value, list) or len(value) < 4:
        raise ValueError("bad geometry: a polygon ring needs at least 4 positions")
    return tuple(_position(v) for v in value)
