"""How a distributed detection splits its work: vessels by MMSI hash bucket, days into time
windows, and encounter bins by spatial cell (with a halo) into cell groups.

Every split is a pure function of the data (the same on the client and on every worker), so
a task that is retried reads and writes exactly what it did the first time.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

#: Knuth's multiplicative hash of the MMSI, then modulo the buckets: neighbouring MMSIs
#: (a fleet registered in one block) spread over the buckets.
HASH_MULTIPLIER = 2654435761
BUCKET_SQL = ("(abs(CAST(coalesce(mmsi, 0) AS BIGINT)) * " + str(HASH_MULTIPLIER)
              + ") % 4294967296 % {n} = {b}")
#: Encounter grid cells (of the encounter detector's size) per side of a cell of the split.
CELLS_PER_SIDE = 32


@dataclass(frozen=True, slots=True)
class DayParts:
    """The committed Parquet parts of one day (paths or URLs)."""

    day: str
    positions: tuple[str, ...]
    statics: tuple[str, ...]


def bucket_of(column: str, buckets: int) -> pl.Expr:
    """The MMSI hash bucket of MMSI column `column` (as `BUCKET_SQL` computes it)."""
    return (pl.col(column).cast(pl.Int64).fill_null(0).abs() * HASH_MULTIPLIER
            ) % 4294967296 % buckets


def windows(days: list[DayParts], window_days: int) -> list[tuple[DayParts, ...]]:
    """The days in consecutive windows of `window_days` (the last may be shorter)."""
    step = max(window_days, 1)
    return [tuple(days[i:i + step]) for i in range(0, len(days), step)]


def cell_group(cy: pl.Expr, cx: pl.Expr, groups: int) -> pl.Expr:
    """The group of the split cell holding encounter grid cell (cy, cx)."""
    gy, gx = cy.floordiv(CELLS_PER_SIDE), cx.floordiv(CELLS_PER_SIDE)
    mixed = gy * 7919 + gx * 104729
    return ((mixed % groups) + groups) % groups


def by_cell_group(bins: pl.DataFrame, groups: int) -> dict[int, pl.DataFrame]:
    """Encounter bins (with grid cells `cy`, `cx`) by cell group, each bin also in the groups
    of the cells next to its own (the halo): a group holds both bins of every pair whose
    midpoint lies in one of its cells (their cells are at most one apart, and the midpoint's
    cell lies between theirs)."""
    rows = bins.with_row_index("_row")
    near = pl.concat([rows.select("_row", cell_group(pl.col("cy") + dy, pl.col("cx") + dx,
                                                     groups).alias("_group"))
                      for dy in (-1, 0, 1) for dx in (-1, 0, 1)]).unique()
    tagged = rows.join(near, on="_row").sort("_row", "_group").drop("_row")
    parts = tagged.partition_by("_group", as_dict=True, include_key=False, maintain_order=True)
    return {int(key[0]): frame for key, frame in parts.items()}


def owned_by(pairs: pl.DataFrame, group: int, groups: int, cell_deg: float) -> pl.DataFrame:
    """The pairs whose midpoint (`lat`, `lon`) lies in a cell of `group` (grid cells of
    `cell_deg` degrees of latitude and three times that of longitude, as the detector's)."""
    cy = (pl.col("lat") // cell_deg).cast(pl.Int64)
    cx = (pl.col("lon") // (3 * cell_deg)).cast(pl.Int64)
    return pairs.filter(cell_group(cy, cx, groups) == group)


def merged_coverage(spans: list[tuple[int, int]], hole_h: float) -> tuple[tuple[int, int], ...]:
    """Coverage spans of the union of several sets of fixes from the spans of each (spans
    closer than `hole_h` joined)."""
    hole_ms = hole_h * 3_600_000
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start - merged[-1][1] <= hole_ms:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)
