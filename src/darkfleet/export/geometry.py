"""Geometries of exported features, in plain Python (no GIS library needed).

Coordinates are `(lon, lat)` in WGS 84 degrees, GeoJSON's order. A line that crosses the
antimeridian (two consecutive fixes more than 180 degrees of longitude apart) is split there into
a MultiLineString, both parts ending on the meridian at the latitude interpolated between the two
fixes, so that QGIS, Google Earth and GeoPandas do not draw it the long way round the globe.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

Coordinate = tuple[float, float]
Kind = Literal["Point", "LineString", "MultiLineString"]

DIGITS = 6  # about 0.1 m: more would be noise in AIS positions


@dataclass(frozen=True, slots=True)
class Geometry:
    """A Point (`coordinates` holds one part of one coordinate), a LineString (one part) or a
    MultiLineString (several parts)."""

    kind: Kind
    parts: tuple[tuple[Coordinate, ...], ...]

    @property
    def coordinates(self) -> Any:
        """The GeoJSON `coordinates` member."""
        if self.kind == "Point":
            return list(self.parts[0][0])
        lines = [[list(c) for c in part] for part in self.parts]
        return lines[0] if self.kind == "LineString" else lines

    def geojson(self) -> dict[str, Any]:
        return {"type": self.kind, "coordinates": self.coordinates}

    def wkt(self) -> str:
        """Well-known text, as CSV readers (QGIS's delimited text layer) take it."""
        def line(part: tuple[Coordinate, ...]) -> str:
            return "(" + ", ".join(f"{lon} {lat}" for lon, lat in part) + ")"

        if self.kind == "Point":
            lon, lat = self.parts[0][0]
            return f"POINT ({lon} {lat})"
        if self.kind == "LineString":
            return "LINESTRING " + line(self.parts[0])
        return "MULTILINESTRING (" + ", ".join(line(p) for p in self.parts) + ")"


@dataclass(frozen=True, slots=True)
class Feature:
    """One exported record: its geometry (None when it has no position) and its attributes."""

    geometry: Geometry | None
    properties: dict[str, Any]


def point(lon: float, lat: float) -> Geometry:
    return Geometry("Point", (((round(lon, DIGITS), round(lat, DIGITS)),),))


def line(lons: Sequence[float], lats: Sequence[float]) -> Geometry | None:
    """A LineString through the fixes (consecutive repeats dropped), split at the antimeridian.

    A single distinct fix is a Point; no fix at all is None.
    """
    fixes: list[Coordinate] = []
    for lon, lat in zip(lons, lats, strict=True):
        fix = (round(lon, DIGITS), round(lat, DIGITS))
        if not fixes or fixes[-1] != fix:
            fixes.append(fix)
    if not fixes:
        return None
    if len(fixes) == 1:
        return Geometry("Point", ((fixes[0],),))
    parts = split_antimeridian(fixes)
    return Geometry("LineString" if len(parts) == 1 else "MultiLineString", parts)


def split_antimeridian(fixes: Sequence[Coordinate]) -> tuple[tuple[Coordinate, ...], ...]:
    """The line cut into parts wherever a step crosses longitude ±180."""
    parts: list[tuple[Coordinate, ...]] = []
    current: list[Coordinate] = [fixes[0]]
    for (lon0, lat0), (lon1, lat1) in itertools.pairwise(fixes):
        if abs(lon1 - lon0) > 180:
            edge = 180.0 if lon0 > 0 else -180.0
            unwrapped = lon1 + 360 if lon0 > 0 else lon1 - 360
            lat = lat0 + (lat1 - lat0) * (edge - lon0) / (unwrapped - lon0)
            crossing = round(lat, DIGITS)
            current.append((edge, crossing))
            parts.append(tuple(current))
            current = [(-edge, crossing)]
        current.append((lon1, lat1))
    parts.append(tuple(current))
    return tuple(part for part in parts if len(part) > 1)
