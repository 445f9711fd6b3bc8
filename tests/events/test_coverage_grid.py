"""The receivers' coverage grid: the cells looked up for each gap, all gaps at once, against a
gap-by-gap reference written from the definition (docs/events.md, "Coverage")."""

import math
from datetime import UTC, datetime, timedelta

import numpy as np
import polars as pl

from darkfleet.events.coverage import CELL_DEG, CoverageGrid
from darkfleet.tracks.geo import EARTH_RADIUS_M

T0 = datetime(2024, 5, 1, tzinfo=UTC)


def reference_cells(grid: CoverageGrid, gap: dict) -> tuple[int, set[tuple[int, int, int]]]:
    """Whole bins of one gap, and (bin, cy, cx) of the cells within the radius of the position
    expected at each bin's middle (straight line from the gap's start to its end)."""
    start_ms = gap["start"].timestamp() * 1000
    span_ms = (gap["end"] - gap["start"]).total_seconds() * 1000
    first = -(-int(start_ms) // grid.bin_ms)
    last = int(gap["end"].timestamp() * 1000) // grid.bin_ms
    dlat = math.degrees(grid.radius_m / EARTH_RADIUS_M)
    cells = set()
    for b in range(first, last):
        share = ((b + 0.5) * grid.bin_ms - start_ms) / max(span_ms, 1.0)
        lat = gap["lat0"] + (gap["lat1"] - gap["lat0"]) * share
        lon = gap["lon0"] + (gap["lon1"] - gap["lon0"]) * share
        cosine = math.cos(math.radians(lat))
        dlon = dlat / max(cosine, 0.05)
        scale_y = math.radians(1.0) * EARTH_RADIUS_M
        scale_x = scale_y * cosine  # metres per degree east, at the point's latitude
        for cy in range(math.floor((lat - dlat) / CELL_DEG),
                        math.floor((lat + dlat) / CELL_DEG) + 1):
            for cx in range(math.floor((lon - dlon) / CELL_DEG),
                            math.floor((lon + dlon) / CELL_DEG) + 1):
                east = (lon - (cx + 0.5) * CELL_DEG) * scale_x
                north = (lat - (cy + 0.5) * CELL_DEG) * scale_y
                if np.hypot(east, north) <= grid.radius_m:
                    cells.add((b, cy, cx))
    return max(last - first, 0), cells


def _gaps(count: int, seed: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    starts = [T0 + timedelta(milliseconds=int(ms))
              for ms in rng.integers(0, 10 * 86_400_000, count)]
    starts[:3] = [T0, T0 + timedelta(hours=5), T0 + timedelta(hours=5, milliseconds=1)]  # on a bin
    lengths = rng.choice([0.2, 0.9, 1.0, 3.5, 12.0, 30.0, 75.0], count)
    lat0 = rng.uniform(-89.5, 89.5, count)
    lat0[3:8] = [84.0, 87.5, 88.0, -88.9, 0.0]  # the cosine held at 0.05 near the poles
    lon0 = rng.uniform(-180, 180, count)
    return pl.DataFrame({
        "mmsi": rng.integers(200_000_000, 800_000_000, count), "start": starts,
        "end": [s + timedelta(hours=float(h)) for s, h in zip(starts, lengths, strict=True)],
        "lat0": lat0, "lon0": lon0,
        "lat1": np.clip(lat0 + rng.normal(0, 1.5, count), -89.9, 89.9),
        "lon1": lon0 + rng.normal(0, 2.0, count)})


def test_the_cells_of_every_gap_at_once_are_those_of_each_gap_alone():
    for radius_nm, bin_h in ((40.0, 1.0), (15.0, 0.25), (100.0, 3.0)):
        grid = CoverageGrid(bin_h, radius_nm)
        gaps = _gaps(60, seed=int(radius_nm))
        wanted, whole = grid._wanted(gaps)
        for index, gap in enumerate(gaps.iter_rows(named=True)):
            bins, cells = reference_cells(grid, gap)
            mine = wanted.filter(pl.col("_gap") == index)
            assert whole[index] == bins
            assert set(mine.select("bin", "cy", "cx").iter_rows()) == cells
            assert mine.height == len(cells)  # no cell twice
            assert set(mine.get_column("self")) <= {gap["mmsi"]}
        assert sum(whole) > 200 and wanted.height > 1_000  # many bins and cells compared


def test_a_gap_shorter_than_a_bin_looks_up_no_cell():
    grid = CoverageGrid(1.0, 40.0)
    gaps = pl.DataFrame({"mmsi": [1], "start": [T0 + timedelta(minutes=10)],
                         "end": [T0 + timedelta(minutes=70)], "lat0": [41.0], "lon0": [131.0],
                         "lat1": [41.1], "lon1": [131.2]})
    wanted, whole = grid._wanted(gaps)
    assert whole.tolist() == [0] and wanted.height == 0
    assert grid.coverage(gaps).rows() == [(0, 0, 0, None)]
