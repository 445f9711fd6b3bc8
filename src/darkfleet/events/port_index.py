"""Which port area each fix lies in, and how far the nearest port area is (vectorised).

Fixes are put in 0.5-degree cells; each area lists the cells its circle (or polygon), widened
by the largest buffer asked for, touches. Exact distances are computed only for (fix, area) pairs
of the same cell. The distance to a circle is the distance to its centre less its radius; to a
polygon, zero inside, else the distance to its nearest edge (in a local equirectangular
projection, exact enough over tens of kilometres).
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from darkfleet.events.ports import PortArea, PortRegistry
from darkfleet.tracks.geo import EARTH_RADIUS_M, FloatArray, haversine_m

CELL_DEG = 0.5


class PortIndex:
    """A cell index of a registry's areas, for fixes up to `buffer_m` outside them."""

    def __init__(self, registry: PortRegistry, buffer_m: float) -> None:
        self.registry = registry
        self.buffer_m = buffer_m
        rows: list[tuple[int, int]] = []
        for index, area in enumerate(registry.areas):
            rows += [(cell, index) for cell in _cells(area, buffer_m)]
        self.cells = pl.DataFrame(rows, schema={"cell": pl.Int64, "area": pl.Int32},
                                  orient="row")
        self.codes = [a.locode for a in registry.areas]

    def within_reach(self, points: pl.DataFrame) -> pl.DataFrame:
        """The rows of `points` (with `lat`, `lon`) in a cell of some area: every fix that
        `annotate` can find inside an area or within `buffer_m` of one (a cheap filter)."""
        return points.filter(_cell_expr().is_in(self.cells.get_column("cell").implode()))

    def annotate(self, points: pl.DataFrame) -> pl.DataFrame:
        """`points` (with `lat`, `lon`) plus `port` (UN/LOCODE or null) and `port_dist_m`.

        `port_dist_m` is 0 inside an area and infinite beyond `buffer_m` of every area.
        """
        indexed = points.with_row_index("_row").with_columns(_cell_expr().alias("cell"))
        pairs = indexed.select("_row", "cell", "lat", "lon").join(self.cells, on="cell")
        dist = self._distances(pairs)
        best = pairs.select("_row", "area").with_columns(pl.Series("d", dist)).sort(
            ["_row", "d", "area"]).group_by("_row", maintain_order=True).first()  # (ties: the
        # first area of the registry, whatever the join's order, which depends on the chunk)
        codes = pl.DataFrame({"area": range(len(self.codes)), "code": self.codes},
                             schema={"area": pl.Int32, "code": pl.String})
        best = best.join(codes, on="area").with_columns(
            pl.when(pl.col("d") <= 0).then(pl.col("code")).otherwise(None).alias("port"),
            pl.col("d").alias("port_dist_m"),
        ).select("_row", "port", "port_dist_m")
        out = indexed.join(best, on="_row", how="left").sort("_row")
        return out.with_columns(pl.col("port_dist_m").fill_null(math.inf)).drop("_row", "cell")

    def _distances(self, pairs: pl.DataFrame) -> FloatArray:
        area_idx = pairs.get_column("area").to_numpy()
        lat, lon = pairs.get_column("lat").to_numpy(), pairs.get_column("lon").to_numpy()
        areas = self.registry.areas
        clat = np.array([a.lat for a in areas])[area_idx]
        clon = np.array([a.lon for a in areas])[area_idx]
        radius = np.array([a.radius_m for a in areas])[area_idx]
        dist = np.maximum(haversine_m(lat, lon, clat, clon) - radius, 0.0)
        for index, area in enumerate(areas):
            if area.rings:
                mask = area_idx == index
                dist[mask] = _polygon_distance(area, lat[mask], lon[mask])
        return np.asarray(dist)


def _cell_expr() -> pl.Expr:
    row = ((pl.col("lat") + 90) / CELL_DEG).floor().cast(pl.Int64)
    col = ((pl.col("lon") + 180) / CELL_DEG).floor().cast(pl.Int64)
    return row * 1000 + col


def _cells(area: PortArea, buffer_m: float) -> list[int]:
    if area.rings:
        lats = [v[1] for r in area.rings for v in r]
        lons = [v[0] for r in area.rings for v in r]
    else:
        lats, lons = [area.lat], [area.lon]
    reach_m = area.radius_m + buffer_m
    dlat = reach_m / 111_000.0
    dlon = reach_m / (111_000.0 * max(math.cos(math.radians(max(abs(x) for x in lats))), 0.01))
    rows = range(int((min(lats) - dlat + 90) // CELL_DEG), int((max(lats) + dlat + 90) // CELL_DEG)
                 + 1)
    cols = range(int((min(lons) - dlon + 180) // CELL_DEG),
                 int((max(lons) + dlon + 180) // CELL_DEG) + 1)
    return [r * 1000 + (c % 720) for r in rows for c in cols]


def _polygon_distance(area: PortArea, lat: FloatArray, lon: FloatArray) -> FloatArray:
    inside = np.zeros(len(lat), dtype=bool)
    nearest = np.full(len(lat), np.inf)
    for ring in area.rings:
        vx = np.array([v[0] for v in ring])
        vy = np.array([v[1] for v in ring])
        inside ^= _inside(vx, vy, lon, lat)
        nearest = np.minimum(nearest, _edge_distance_m(vx, vy, lon, lat))
    return np.asarray(np.where(inside, 0.0, nearest))


def _edge_distance_m(vx: FloatArray, vy: FloatArray, x: FloatArray, y: FloatArray
                     ) -> FloatArray:
    """Distance from each point to the nearest edge of a ring, in a local equirectangular
    projection around each point (metres; exact enough over tens of kilometres)."""
    scale_y = np.radians(1.0) * EARTH_RADIUS_M
    scale_x = scale_y * np.cos(np.radians(y))[None, :]
    ax, ay = (vx[:-1, None] - x) * scale_x, (vy[:-1, None] - y) * scale_y
    bx, by = (vx[1:, None] - x) * scale_x, (vy[1:, None] - y) * scale_y
    dx, dy = bx - ax, by - ay
    length2 = np.maximum(dx * dx + dy * dy, 1e-9)
    t = np.clip(-(ax * dx + ay * dy) / length2, 0.0, 1.0)
    return np.asarray(np.hypot(ax + t * dx, ay + t * dy).min(axis=0))


def _inside(vx: FloatArray, vy: FloatArray, x: FloatArray, y: FloatArray) -> FloatArray:
    """Ray casting: whether each (x, y) lies inside the ring (vx, vy)."""
    x1, y1 = vx[:-1, None], vy[:-1, None]
    x2, y2 = vx[1:, None], vy[1:, None]
    crosses = (y1 > y) != (y2 > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        at_x = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
    return np.asarray(np.logical_xor.reduce(crosses & (x < at_x), axis=0))
