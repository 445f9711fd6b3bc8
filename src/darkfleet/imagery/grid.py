"""Candidate (detection, fix) pairs by a space-time grid: the fast half of matching.

A fix can place its vessel near a detection only if it is at most `window_ms` from the
detection's time and at most `radius_m` from it. Fixes are binned by time (bins of `window_ms`)
and by latitude rows and longitude columns at least `radius_m` wide (a row's columns are widened
by the cosine of the highest latitude of it and its neighbours, so that the 3 x 3 neighbourhood
always holds every point within `radius_m`; above 85 degrees the widening stops). Each detection
looks up its 3 x 3 x 3 neighbouring cells in the fixes sorted by cell key, with binary search,
and the pairs are then cut to the exact time window. Longitudes do not wrap at the antimeridian.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from darkfleet.tracks.geo import EARTH_RADIUS_M

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
_MAX_LAT_DEG = 85.0


class Grid:
    """Cell keys of a space-time grid with time bins of `window_ms` and cells of `radius_m`."""

    def __init__(self, window_ms: int, radius_m: float) -> None:
        self.window_ms = window_ms
        self.cell_deg = float(np.degrees(radius_m / EARTH_RADIUS_M))
        self.rows = int(np.ceil(90 / self.cell_deg)) + 2
        self.cols = int(np.ceil(180 / self.cell_deg)) + 2

    def row(self, lat: FloatArray) -> IntArray:
        return np.floor(lat / self.cell_deg).astype(np.int64)

    def col(self, lon: FloatArray, row: IntArray) -> IntArray:
        rows = np.arange(-self.rows - 1, self.rows + 2)
        widest = np.minimum((np.abs(rows) + 2) * self.cell_deg, _MAX_LAT_DEG)
        width = self.cell_deg / np.cos(np.radians(widest))  # one per row, looked up
        return np.floor(lon / width[row + self.rows + 1]).astype(np.int64)

    def key(self, tbin: IntArray, row: IntArray, col: IntArray) -> IntArray:
        return (tbin * (2 * self.rows) + (row + self.rows)) * (2 * self.cols) + (col + self.cols)

    def keys_of(self, ts: IntArray, lat: FloatArray, lon: FloatArray) -> IntArray:
        row = self.row(lat)
        return self.key(ts // self.window_ms, row, self.col(lon, row))

    def neighbour_keys(self, ts: IntArray, lat: FloatArray, lon: FloatArray) -> IntArray:
        """The 27 neighbouring cell keys of each point, shape (n, 27)."""
        tbin, row = ts // self.window_ms, self.row(lat)
        keys = []
        for drow in (-1, 0, 1):
            nrow = row + drow
            col = self.col(lon, nrow)
            for dt in (-1, 0, 1):
                for dcol in (-1, 0, 1):
                    keys.append(self.key(tbin + dt, nrow, col + dcol))
        return np.stack(keys, axis=1)


def near_pairs(det_ts: IntArray, det_lat: FloatArray, det_lon: FloatArray, pos_ts: IntArray,
               pos_lat: FloatArray, pos_lon: FloatArray, window_ms: int, radius_m: float
               ) -> tuple[IntArray, IntArray]:
    """(detection index, fix index) of every fix within `window_ms` of a detection's time and
    in its 3 x 3 cell neighbourhood (so every fix within `radius_m` of it, and some further)."""
    if len(det_ts) == 0 or len(pos_ts) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    grid = Grid(window_ms, radius_m)
    pos_keys = grid.keys_of(pos_ts, pos_lat, pos_lon)
    order = np.argsort(pos_keys, kind="stable")
    sorted_keys = pos_keys[order]
    wanted = grid.neighbour_keys(det_ts, det_lat, det_lon).ravel()
    low = np.searchsorted(sorted_keys, wanted, side="left")
    high = np.searchsorted(sorted_keys, wanted, side="right")
    counts = high - low
    total = int(counts.sum())
    owner = np.repeat(np.arange(len(wanted), dtype=np.int64) // 27, counts)
    starts = np.repeat(low - np.cumsum(counts) + counts, counts)
    fixes = order[starts + np.arange(total, dtype=np.int64)]
    close = np.abs(pos_ts[fixes] - det_ts[owner]) <= window_ms
    return owner[close], fixes[close].astype(np.int64)
