"""Real coastlines for the brief's map, read offline from the bundled Natural Earth land data.

Two files ship in `darkfleet/data/coastlines/` (see its SOURCES.md): Natural Earth's 1:50m land
polygons for the whole world (TopoJSON, as distributed in the npm package `world-atlas`), and an
extract of the 1:10m land polygons around the Sea of Japan, where the flagship case sails. A map
whose box lies inside the extract uses the detailed one.

A ring is a tuple of `(lon, lat)` pairs in degrees; land rings are clipped to the map's box.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

Point = tuple[float, float]
Ring = tuple[Point, ...]

WORLD_FILE = "land-50m.json"
DETAIL_FILE = "sea-of-japan-10m.json"


@dataclass(frozen=True, slots=True)
class BBox:
    """A box in degrees: west, south, east, north (no crossing of the antimeridian)."""

    west: float
    south: float
    east: float
    north: float

    def contains(self, other: BBox) -> bool:
        return (self.west <= other.west and self.south <= other.south
                and self.east >= other.east and self.north >= other.north)

    def overlaps(self, other: BBox) -> bool:
        return not (other.west > self.east or other.east < self.west
                    or other.south > self.north or other.north < self.south)


@dataclass(frozen=True, slots=True)
class Coastlines:
    """Land rings inside a box, and the dataset they come from."""

    rings: tuple[Ring, ...]
    dataset: str


@lru_cache(maxsize=64)
def land_in(box: BBox) -> Coastlines:
    """The land polygons overlapping `box`, clipped to it, from the finest bundled dataset
    (remembered per box: the web app's map asks for the same box at every load)."""
    detail_box, detail_rings = _detail()
    if detail_box.contains(box):
        source, rings = "Natural Earth 1:10m land (Sea of Japan extract)", detail_rings
    else:
        source, rings = "Natural Earth 1:50m land", _world()
    clipped = (clip_ring(ring, box) for ring in rings if ring_box(ring).overlaps(box))
    return Coastlines(tuple(ring for ring in clipped if len(ring) >= 3), source)


def ring_box(ring: Sequence[Point]) -> BBox:
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    return BBox(min(lons), min(lats), max(lons), max(lats))


def clip_ring(ring: Sequence[Point], box: BBox) -> Ring:
    """Clip a polygon ring to a box (Sutherland-Hodgman; fine for filled land shapes)."""
    points: list[Point] = list(ring)
    edges = ((0, box.west, True), (0, box.east, False), (1, box.south, True),
             (1, box.north, False))
    for axis, limit, above in edges:
        if not points:
            break
        result: list[Point] = []
        previous = points[-1]
        for current in points:
            if _inside(current, axis, limit, above):
                if not _inside(previous, axis, limit, above):
                    result.append(_cross(previous, current, axis, limit))
                result.append(current)
            elif _inside(previous, axis, limit, above):
                result.append(_cross(previous, current, axis, limit))
            previous = current
        points = result
    return tuple(points)


def _inside(point: Point, axis: int, limit: float, above: bool) -> bool:
    return point[axis] >= limit if above else point[axis] <= limit


def _cross(a: Point, b: Point, axis: int, limit: float) -> Point:
    """Where segment a-b crosses the line `coordinate[axis] == limit`."""
    t = (limit - a[axis]) / (b[axis] - a[axis])
    if axis == 0:
        return (limit, a[1] + t * (b[1] - a[1]))
    return (a[0] + t * (b[0] - a[0]), limit)


def decode_topojson(topology: dict[str, Any], name: str = "land") -> Iterator[Ring]:
    """The outer and inner rings of object `name` of a (quantized) TopoJSON topology."""
    arcs = [_decode_arc(arc, topology.get("transform")) for arc in topology["arcs"]]
    for geometry in _geometries(topology["objects"][name]):
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for ring_arcs in polygon:
                yield _stitch(ring_arcs, arcs)


def _geometries(obj: dict[str, Any]) -> Iterator[dict[str, Any]]:
    if obj["type"] == "GeometryCollection":
        for child in obj["geometries"]:
            yield from _geometries(child)
    elif obj["type"] in ("Polygon", "MultiPolygon"):
        yield obj


def _decode_arc(arc: list[list[float]], transform: dict[str, Any] | None) -> list[Point]:
    if transform is None:
        return [(float(p[0]), float(p[1])) for p in arc]
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    x = y = 0.0
    points: list[Point] = []
    for dx, dy in arc:
        x += dx
        y += dy
        points.append((x * sx + tx, y * sy + ty))
    return points


def _stitch(ring_arcs: list[int], arcs: list[list[Point]]) -> Ring:
    points: list[Point] = []
    for index in ring_arcs:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return tuple(points)


def preload() -> None:
    """Read and decode both bundled datasets now (they are kept), rather than at the first map."""
    _world()
    _detail()


def _read(name: str) -> dict[str, Any]:
    text = resources.files("darkfleet.data").joinpath("coastlines", name).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@lru_cache(maxsize=1)
def _world() -> tuple[Ring, ...]:
    return tuple(decode_topojson(_read(WORLD_FILE)))


@lru_cache(maxsize=1)
def _detail() -> tuple[BBox, tuple[Ring, ...]]:
    data = _read(DETAIL_FILE)
    rings = tuple(tuple((float(p[0]), float(p[1])) for p in ring) for ring in data["rings"])
    return BBox(*data["bbox"]), rings
