"""Great-circle distances on a spherical Earth (metres), for NumPy arrays and Polars columns.

Distances are haversine distances on a sphere of radius 6,371,008.8 m (the IUGG mean radius):
within 0.5 % of the WGS 84 geodesic, which is plenty for thresholds of hundreds of metres.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

EARTH_RADIUS_M = 6_371_008.8
METRES_PER_NM = 1852.0
MS_PER_HOUR = 3_600_000.0

FloatArray = npt.NDArray[np.float64]


def haversine_m(lat1: FloatArray | float, lon1: FloatArray | float,
                lat2: FloatArray | float, lon2: FloatArray | float) -> FloatArray:
    """Distance in metres between points given in degrees (WGS 84 latitude/longitude)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp = p2 - p1
    dl = np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))))


def haversine_expr(lat1: pl.Expr, lon1: pl.Expr, lat2: pl.Expr, lon2: pl.Expr) -> pl.Expr:
    """The same distance as a Polars expression over degree columns (metres)."""
    p1, p2 = lat1.radians(), lat2.radians()
    a = ((p2 - p1) / 2).sin().pow(2) + p1.cos() * p2.cos() * ((lon2 - lon1).radians() / 2).sin(
    ).pow(2)
    return 2 * EARTH_RADIUS_M * a.clip(0.0, 1.0).sqrt().arcsin()


def offset_deg(lat: float, north_m: float, east_m: float) -> tuple[float, float]:
    """Degrees of latitude and longitude that `north_m` and `east_m` metres make at `lat`."""
    dlat = np.degrees(north_m / EARTH_RADIUS_M)
    dlon = np.degrees(east_m / (EARTH_RADIUS_M * max(np.cos(np.radians(lat)), 1e-6)))
    return float(dlat), float(dlon)
