"""Distance from shore, from the distance-to-coast grid that `landmetrics` ships.

The grid is `landmetrics`' bundled 0.1-degree distance-to-land field derived from GSHHG (full
resolution, every island), read from the installed package; nothing is downloaded. Values are
bilinear interpolations of the grid, so within a few kilometres of the coast they are only
indicative; points on land read as 0.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from darkfleet.tracks.geo import METRES_PER_NM, FloatArray

GRID_KIND = "distance_to_land"
GRID_RESOLUTION_DEG = 0.1
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _grid() -> Any:
    import landmetrics  # type: ignore[import-untyped]

    path = landmetrics.grid_path(GRID_KIND, GRID_RESOLUTION_DEG, 0)
    return landmetrics.DistanceToLand(path)


def distance_from_shore_nm(lat: FloatArray, lon: FloatArray) -> FloatArray:
    """Nautical miles from each point to the nearest coast (0 on land), rounded to 0.1."""
    if len(lat) == 0:
        return np.zeros(0)
    with _LOCK:
        km = np.asarray(_grid().query(np.asarray(lat), np.asarray(lon)), dtype=np.float64)
    return np.asarray(np.round(np.clip(km, 0.0, None) * 1000 / METRES_PER_NM, 1))


def on_land(lat: FloatArray, lon: FloatArray) -> npt.NDArray[np.bool_]:
    """Whether each point is on land (the sign of the grid's nearest cell)."""
    if len(lat) == 0:
        return np.zeros(0, dtype=bool)
    with _LOCK:
        return np.asarray(_grid().is_land(np.asarray(lat), np.asarray(lon)), dtype=bool)
