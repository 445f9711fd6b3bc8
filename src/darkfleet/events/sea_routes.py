"""Sea-route distances: a straight line where it stays at sea, else a route around the land.

The sea distance between two points is the great circle when the straight line between them keeps
off land (sampled every `SAMPLE_M`, leaving out `COAST_M` at each end, where ports lie on the
coast; land from the GSHHG grid of darkfleet.events.shore). Otherwise, within a regional box (at
most `MAX_GRID_DEG` across), it is the shortest path over a grid of sea cells (8 neighbours, about
100 cells across the box, each end joined to its nearest sea cell): within a few per cent of the
true shortest route at that resolution. Beyond that it follows `searoute`'s sea-lane network
(`marnet_searoute.geojson`, the maritime network the package ships, read from the installed
package without importing it: vertices are nodes, consecutive vertices edges, weighted by
great-circle length) from one of the `NEAREST` nodes of each end; that network is coarse in
narrow seas, so such long-haul distances are estimates.

Distances are searched with SciPy's compiled Dijkstra (`scipy.sparse.csgraph`) over the same
edges and lengths, adding them in the same order as the Python search that gives the simulator
its paths (`SeaGrid.path`), so both find the same distances.
"""

from __future__ import annotations

import heapq
import importlib.util
import itertools
import json
import math
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from darkfleet.events.shore import on_land
from darkfleet.tracks.geo import EARTH_RADIUS_M, METRES_PER_NM, FloatArray, haversine_m

SAMPLE_M = 2_000.0
COAST_M = 6_000.0
NEAREST = 3
#: Points whose nearest network nodes or grid cell are remembered (ports recur gap after gap).
REMEMBERED_POINTS = 4096
MAX_GRID_DEG = 20.0
GRID_CELLS = 100
MIN_CELL_DEG = 0.05
Point = tuple[float, float]  # (lat, lon)

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix


def _shortest_m(graph: csr_matrix, source: int) -> FloatArray:
    """Metres from node `source` to every node of `graph` (directed; inf: unreachable)."""
    from scipy.sparse.csgraph import dijkstra

    return np.asarray(dijkstra(graph, directed=True, indices=source), dtype=np.float64)


def _csr(count: int, sources: np.ndarray, targets: np.ndarray, lengths: np.ndarray
         ) -> csr_matrix:
    from scipy.sparse import csr_matrix

    return csr_matrix((lengths, (sources, targets)), shape=(count, count))


class SeaNetwork:
    """The sea-lane graph (see the module doc)."""

    def __init__(self, lines: list[list[tuple[float, float]]]) -> None:
        index: dict[tuple[float, float], int] = {}
        edges: dict[int, dict[int, float]] = {}
        for line in lines:
            ids = [index.setdefault((round(lat, 5), round(lon, 5)), len(index))
                   for lat, lon in line]
            for (a, b), (p, q) in zip(itertools.pairwise(ids), itertools.pairwise(line),
                                      strict=True):
                length = float(haversine_m(p[0], p[1], q[0], q[1]))
                edges.setdefault(a, {})[b] = min(length, edges.get(a, {}).get(b, np.inf))
                edges.setdefault(b, {})[a] = edges[a][b]
        self.reached: dict[int, FloatArray] = {}
        coords = np.array(list(index), dtype=np.float64).reshape(-1, 2)
        self.lat, self.lon = coords[:, 0], coords[:, 1]
        pairs = [(a, b, length) for a, out in edges.items() for b, length in out.items()]
        heads, tails, lengths = (np.array(column) for column in zip(*pairs, strict=True))
        self._graph = _csr(len(index), heads, tails, lengths.astype(np.float64))
        self._nearest: dict[Point, list[tuple[int, float]]] = {}

    def nearest(self, point: Point) -> list[tuple[int, float]]:
        """The `NEAREST` nodes to `point` and their distances (metres); remembered."""
        found = self._nearest.get(point)
        if found is None:
            dist = haversine_m(self.lat, self.lon, point[0], point[1])
            found = [(int(i), float(dist[i])) for i in np.argsort(dist)[:NEAREST]]
            _remember(self._nearest, point, found)
        return found

    def from_node(self, source: int) -> FloatArray:
        """Shortest network distances (metres) from `source` to every node (inf where not
        connected; Dijkstra, kept)."""
        if source not in self.reached:
            self.reached[source] = _shortest_m(self._graph, source)
        return self.reached[source]

    def via_network_m(self, a: Point, b: Point) -> float:
        """Metres from `a` to `b` through the network (inf when not connected)."""
        ends = self.nearest(b)
        best = np.inf
        for node, to_node in self.nearest(a):
            reach = self.from_node(node)
            for end, from_end in ends:
                best = min(best, to_node + float(reach[end]) + from_end)
        return float(best)


@lru_cache(maxsize=1)
def sea_network() -> SeaNetwork:
    """The network of the installed `searoute` package."""
    spec = importlib.util.find_spec("searoute")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("sea-route distances need the `searoute` package")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "marnet_searoute.geojson"
    lines: list[list[tuple[float, float]]] = []
    for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
        geometry = feature["geometry"]
        parts = [geometry["coordinates"]] if geometry["type"] == "LineString" else (
            geometry["coordinates"])
        lines += [[(float(c[1]), float(c[0])) for c in part] for part in parts]
    return SeaNetwork(lines)


def clear_at_sea(a: Point, b: Point) -> bool:
    """Whether the straight line from `a` to `b` keeps off land (away from its ends)."""
    return clear_at_sea_from(a, [b])[0]


def clear_at_sea_from(a: Point, targets: list[Point]) -> list[bool]:
    """`clear_at_sea(a, b)` for each of `targets`, with one look-up of land for them all."""
    clear = [True] * len(targets)
    lats: list[FloatArray] = []
    lons: list[FloatArray] = []
    sampled: list[int] = []
    for index, b in enumerate(targets):
        length = float(haversine_m(a[0], a[1], b[0], b[1]))
        if length > 2 * COAST_M:
            steps = np.arange(COAST_M, length - COAST_M, SAMPLE_M) / length
            lats.append(a[0] + (b[0] - a[0]) * steps)
            lons.append(a[1] + (b[1] - a[1]) * steps)
            sampled.append(index)
    if sampled:
        land = on_land(np.concatenate(lats), np.concatenate(lons))
        ends = np.cumsum([len(lat) for lat in lats])
        for index, hits in zip(sampled, np.split(land, ends[:-1]), strict=True):
            clear[index] = not bool(hits.any())
    return clear


class SeaGrid:
    """Sea cells of a box, and shortest paths over them (see the module doc)."""

    def __init__(self, south: float, west: float, north: float, east: float) -> None:
        self.cell = max(MIN_CELL_DEG, max(north - south, east - west) / GRID_CELLS)
        self.rows = int(np.ceil((north - south) / self.cell)) + 1
        self.cols = int(np.ceil((east - west) / self.cell)) + 1
        row, col = np.divmod(np.arange(self.rows * self.cols), self.cols)
        self.lat = south + (row + 0.5) * self.cell
        self.lon = west + (col + 0.5) * self.cell
        self.sea = ~on_land(self.lat, self.lon)
        self._sea = self.sea.tolist()
        # Step lengths (metres) from each row: north-south, east-west, diagonal.
        ns = math.radians(self.cell) * EARTH_RADIUS_M
        rows_lat = south + (np.arange(self.rows) + 0.5) * self.cell
        ew = (ns * np.cos(np.radians(rows_lat))).tolist()
        self._steps = [[(dr, dc, ns if not dc else ew[r] if not dr else math.hypot(ns, ew[r]))
                        for dr in (-1, 0, 1) for dc in (-1, 0, 1) if dr or dc]
                       for r in range(self.rows)]
        self._graph: csr_matrix | None = None
        self._searching = threading.Lock()  # a search sets the start node's edge of the graph
        self._snapped: dict[Point, tuple[int, float]] = {}

    def _sea_graph(self) -> csr_matrix:
        """Steps between sea cells, with the Python search's lengths, and one more node (the
        last) whose single edge joins a search's start point to its cell."""
        if self._graph is not None:
            return self._graph
        count = self.rows * self.cols
        sea = self.sea.reshape(self.rows, self.cols)
        row, col = np.nonzero(sea)
        lengths = np.array([[step[2] for step in steps] for steps in self._steps])
        heads, tails, weights = [], [], []
        for direction, (dr, dc, _) in enumerate(self._steps[0]):
            r, c = row + dr, col + dc
            inside = (r >= 0) & (r < self.rows) & (c >= 0) & (c < self.cols)
            inside[inside] &= sea[r[inside], c[inside]]
            heads.append(row[inside] * self.cols + col[inside])
            tails.append(r[inside] * self.cols + c[inside])
            weights.append(lengths[row[inside], direction])
        heads.append(np.array([count]))
        tails.append(np.array([0]))
        weights.append(np.array([1.0]))
        self._graph = _csr(count + 1, np.concatenate(heads), np.concatenate(tails),
                           np.concatenate(weights))
        return self._graph

    def snap(self, point: Point) -> tuple[int, float]:
        """The sea cell nearest `point` and the metres to its centre; remembered."""
        found = self._snapped.get(point)
        if found is None:
            dist = np.where(self.sea, haversine_m(self.lat, self.lon, point[0], point[1]),
                            np.inf)
            index = int(np.argmin(dist))
            found = (index, float(dist[index]))
            _remember(self._snapped, point, found)
        return found

    def distances_from(self, point: Point) -> FloatArray:
        """Metres from `point` to every cell centre over sea cells (inf where unreachable)."""
        start, offset = self.snap(point)
        with self._searching:  # grids are shared (`_grid`), and so by threads of a process
            graph = self._sea_graph()
            if offset == 0.0:  # at the cell's centre (a zero-length edge would be no edge)
                return _shortest_m(graph, start)[:-1]
            graph.indices[-1], graph.data[-1] = start, offset  # the start node's one edge
            return _shortest_m(graph, self.rows * self.cols)[:-1]

    def path(self, a: Point, b: Point, every: int = 4) -> list[Point]:
        """Waypoints (every `every`-th cell centre, then `b`) of the shortest sea path."""
        prev = self._search(a)[1]
        node, cells = self.snap(b)[0], []
        while node >= 0:
            cells.append(node)
            node = prev[node]
        cells.reverse()
        kept = cells[every::every]
        return [(float(self.lat[c]), float(self.lon[c])) for c in kept] + [b]

    def _search(self, point: Point) -> tuple[list[float], list[int]]:
        """Dijkstra over sea cells from `point`, in Python: distances and predecessors (-1:
        none), for the simulator's paths (SciPy's may break ties between equal paths apart)."""
        start, offset = self.snap(point)
        rows, cols, sea = self.rows, self.cols, self._sea
        best = [math.inf] * (rows * cols)
        prev = [-1] * (rows * cols)
        best[start] = offset
        queue = [(offset, start)]
        while queue:
            dist, node = heapq.heappop(queue)
            if dist > best[node]:
                continue
            row, col = divmod(node, cols)
            for dr, dc, length in self._steps[row]:
                r, c = row + dr, col + dc
                if 0 <= r < rows and 0 <= c < cols:
                    other = r * cols + c
                    candidate = dist + length
                    if sea[other] and candidate < best[other]:
                        best[other] = candidate
                        prev[other] = node
                        heapq.heappush(queue, (candidate, other))
        return best, prev


def _remember(memo: dict[Point, Any], point: Point, value: Any) -> None:
    """Keep `value` for `point` in `memo`, forgetting everything once it holds
    `REMEMBERED_POINTS` (kept by the grid or network itself, so it goes with it)."""
    if len(memo) >= REMEMBERED_POINTS:
        memo.clear()
    memo[point] = value


@lru_cache(maxsize=16)
def _grid(south: int, west: int, north: int, east: int) -> SeaGrid:
    return SeaGrid(south, west, north, east)


def sea_distances_nm(origin: Point, targets: list[Point]) -> list[float]:
    """Nautical miles by sea from `origin` to each target (see the module doc), to 0.1."""
    out: list[float | None] = []
    for target, clear in zip(targets, clear_at_sea_from(origin, targets), strict=True):
        out.append(float(haversine_m(origin[0], origin[1], target[0], target[1])) if clear
                   else None)
    pending = [t for t, d in zip(targets, out, strict=True) if d is None]
    if pending:
        routed = iter(_routed_m(origin, pending))
        out = [d if d is not None else next(routed) for d in out]
    return [round(float(d or 0.0) / METRES_PER_NM, 1) for d in out]


def _routed_m(origin: Point, targets: list[Point]) -> list[float]:
    lats = [origin[0], *(t[0] for t in targets)]
    lons = [origin[1], *(t[1] for t in targets)]
    if max(max(lats) - min(lats), max(lons) - min(lons)) > MAX_GRID_DEG:
        network = sea_network()
        return [network.via_network_m(origin, t) for t in targets]
    grid = _grid(math.floor(min(lats)) - 1, math.floor(min(lons)) - 1,
                 math.ceil(max(lats)) + 1, math.ceil(max(lons)) + 1)
    dist = grid.distances_from(origin)
    found = []
    for target in targets:
        index, offset = grid.snap(target)
        direct = float(haversine_m(origin[0], origin[1], target[0], target[1]))
        routed = float(dist[index]) + offset
        if math.isinf(routed):  # closed off at the grid's resolution: a strait, a canal
            routed = sea_network().via_network_m(origin, target)
        found.append(max(routed, direct))
    return found


def sea_path(a: Point, b: Point) -> list[Point]:
    """Waypoints of a route from `a` to `b` that stays at sea (for simulated voyages): `b`
    alone when the straight line is clear, else points along the grid's shortest path."""
    if clear_at_sea(a, b):
        return [b]
    grid = _grid(math.floor(min(a[0], b[0])) - 1, math.floor(min(a[1], b[1])) - 1,
                 math.ceil(max(a[0], b[0])) + 1, math.ceil(max(a[1], b[1])) + 1)
    return grid.path(a, b)


def sea_distance_nm(a: Point, b: Point) -> float:
    """Nautical miles by sea from `a` to `b` (see the module doc), rounded to 0.1."""
    return sea_distances_nm(a, [b])[0]
