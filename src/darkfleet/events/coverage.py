"""Evidence of whether the receivers would have heard a silent vessel.

Two streaming aggregates, fed one chunk of tracks at a time and kept small:

- `HeardBefore`: how often each vessel was heard before a moment (positions in the 12 h and 48 h
  before, satellite positions in the 12 h before), from the fixes of the last 48 h it carries
  between chunks.
- `CoverageGrid`: which vessels were heard in which cell (`CELL_DEG` degrees) in which time bin
  (`bin_h` hours). A silence was *covered* in a bin when some other vessel was heard in a cell
  whose centre lies within `radius_nm` of where the silent vessel would have been in the middle of
  that bin had it sailed straight from one end of the gap to the other at an even speed (at its
  last fix, for an open gap); the covered share is covered bins over the whole bins of the
  silence. Asking about the expected position, not anywhere near the path, keeps a coastal
  station that hears the ends of a crossing from vouching for its middle, out of its range.

Global Fishing Watch judges reception with a satellite reception-quality map built from all
vessels' positions per one-degree cell and month; the grid here is the same idea, local in time:
it asks whether anybody was heard *during this silence* near *this path*.
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from darkfleet.tracks.geo import EARTH_RADIUS_M, METRES_PER_NM, MS_PER_HOUR

CELL_DEG = 0.25
#: The grid's rows: time bin, cell row and column, MMSI (32 bits hold them all: a bin of at
#: least 0.1 h since 1970, a quarter-degree cell, a 30-bit MMSI; half the memory and transfers).
#: A fix whose values do not fit (impossible for what ingest stores) is not counted as heard.
HEARD_SCHEMA = {"bin": pl.Int32, "cy": pl.Int32, "cx": pl.Int32, "mmsi": pl.Int32}
LOOKBACK_H = 48.0
#: Columns of the lookback counts joined onto gaps.
COUNT_COLUMNS = ("positions_12h", "positions_48h", "satellite_positions_12h")


class HeardBefore:
    """Counts of a vessel's fixes before given moments, across chunks (see the module doc)."""

    def __init__(self) -> None:
        self.recent = pl.DataFrame(schema={"mmsi": pl.Int64, "ts": pl.Datetime("ms", "UTC"),
                                           "receiver": pl.String})

    def counts(self, at: pl.DataFrame, fresh: pl.DataFrame) -> pl.DataFrame:
        """`at` (mmsi, `start`, ...) with `COUNT_COLUMNS`: fixes of the MMSI in the 12 h and 48 h
        up to and including `start`, among those carried and `fresh` (mmsi, ts, receiver)."""
        fixes = pl.concat([self.recent, fresh.select(self.recent.columns)], how="vertical")
        keyed = at.with_row_index("_at")
        pairs = keyed.select("_at", "mmsi", "start").join(fixes, on="mmsi").with_columns(
            ((pl.col("start") - pl.col("ts")).dt.total_milliseconds() / MS_PER_HOUR)
            .alias("_age_h")).filter((pl.col("_age_h") >= 0) & (pl.col("_age_h") < LOOKBACK_H))
        within12 = pl.col("_age_h") < 12
        counted = pairs.group_by("_at").agg(
            within12.sum().cast(pl.Int64).alias("positions_12h"),
            pl.len().cast(pl.Int64).alias("positions_48h"),
            (within12 & (pl.col("receiver") == "satellite")).sum().cast(pl.Int64)
            .alias("satellite_positions_12h"))
        joined = keyed.join(counted, on="_at", how="left").sort("_at").drop("_at")
        return joined.with_columns([pl.col(c).fill_null(0) for c in COUNT_COLUMNS])

    def keep(self, fresh: pl.DataFrame) -> None:
        """Remember each vessel's last `LOOKBACK_H` hours of fixes (before its latest one) for
        later: a gap of the next chunk starts at or after the vessel's latest fix, so its counts
        are whole, whatever other vessels were heard (and the same for any split by vessel)."""
        fixes = pl.concat([self.recent, fresh.select(self.recent.columns)], how="vertical")
        cut = pl.col("ts").max().over("mmsi") - pl.duration(hours=LOOKBACK_H)
        self.recent = fixes.filter(pl.col("ts") >= cut)


class CoverageGrid:
    """Which vessels were heard where and when (see the module doc)."""

    def __init__(self, bin_h: float, radius_nm: float) -> None:
        self.bin_ms = max(round(bin_h * MS_PER_HOUR), 1)
        self.radius_m = radius_nm * METRES_PER_NM
        self.parts: list[pl.DataFrame] = []

    def add(self, fresh: pl.DataFrame) -> None:
        """Record the fixes of one chunk (mmsi, ts, lat, lon)."""
        heard = fresh.select(
            (pl.col("ts").dt.epoch("ms") // self.bin_ms).cast(pl.Int32, strict=False)
            .alias("bin"),
            (pl.col("lat") // CELL_DEG).cast(pl.Int32, strict=False).alias("cy"),
            (pl.col("lon") // CELL_DEG).cast(pl.Int32, strict=False).alias("cx"),
            pl.col("mmsi").cast(pl.Int32, strict=False)).drop_nulls().unique()
        if heard.height:
            self.parts.append(heard)

    def coverage(self, gaps: pl.DataFrame) -> pl.DataFrame:
        """Per gap (mmsi, start, end, lat0, lon0, lat1, lon1; in order): `bins` (whole bins of
        the silence), `covered_bins`, `covered_share` (null without whole bins) and
        `other_vessels` (distinct MMSIs heard near the expected positions in them)."""
        rows: list[tuple[int, int, int, int, int]] = []
        whole: list[int] = []
        for index, gap in enumerate(gaps.iter_rows(named=True)):
            first = -(-int(gap["start"].timestamp() * 1000) // self.bin_ms)
            last = int(gap["end"].timestamp() * 1000) // self.bin_ms  # exclusive
            whole.append(max(last - first, 0))
            start_ms, span_ms = gap["start"].timestamp() * 1000, (
                gap["end"] - gap["start"]).total_seconds() * 1000
            for b in range(first, last):
                share = ((b + 0.5) * self.bin_ms - start_ms) / max(span_ms, 1.0)
                lat = gap["lat0"] + (gap["lat1"] - gap["lat0"]) * share
                lon = gap["lon0"] + (gap["lon1"] - gap["lon0"]) * share
                rows += [(index, b, cy, cx, gap["mmsi"])
                         for cy, cx in self._cells_near(lat, lon, lat, lon)]
        wanted = pl.DataFrame(rows, schema={"_gap": pl.Int64, "bin": pl.Int32, "cy": pl.Int32,
                                            "cx": pl.Int32, "self": pl.Int64}, orient="row")
        heard = pl.concat(self.parts).unique() if self.parts else pl.DataFrame(
            schema=HEARD_SCHEMA)
        hits = wanted.join(heard, on=["bin", "cy", "cx"]).filter(
            pl.col("mmsi") != pl.col("self"))
        per_gap = hits.group_by("_gap").agg(pl.col("bin").n_unique().alias("covered_bins"),
                                            pl.col("mmsi").n_unique().alias("other_vessels"))
        out = pl.DataFrame({"_gap": range(gaps.height), "bins": whole},
                           schema={"_gap": pl.Int64, "bins": pl.Int64})
        out = out.join(per_gap, on="_gap", how="left").sort("_gap").with_columns(
            pl.col("covered_bins").fill_null(0).cast(pl.Int64),
            pl.col("other_vessels").fill_null(0).cast(pl.Int64))
        share = pl.when(pl.col("bins") > 0).then(
            (pl.col("covered_bins") / pl.col("bins")).round(3)).otherwise(None)
        return out.with_columns(share.alias("covered_share")).drop("_gap")

    def _cells_near(self, lat0: float, lon0: float, lat1: float, lon1: float
                    ) -> list[tuple[int, int]]:
        """Cells whose centre lies within the radius of the segment (lat0, lon0)-(lat1, lon1)."""
        dlat = math.degrees(self.radius_m / EARTH_RADIUS_M)
        mid = math.radians((lat0 + lat1) / 2)
        dlon = dlat / max(math.cos(mid), 0.05)
        rows = np.arange(math.floor((min(lat0, lat1) - dlat) / CELL_DEG),
                         math.floor((max(lat0, lat1) + dlat) / CELL_DEG) + 1)
        cols = np.arange(math.floor((min(lon0, lon1) - dlon) / CELL_DEG),
                         math.floor((max(lon0, lon1) + dlon) / CELL_DEG) + 1)
        cy, cx = (g.ravel() for g in np.meshgrid(rows, cols, indexing="ij"))
        clat, clon = (cy + 0.5) * CELL_DEG, (cx + 0.5) * CELL_DEG
        near = segment_distance_m(clat, clon, lat0, lon0, lat1, lon1) <= self.radius_m
        return [(int(a), int(b)) for a, b in zip(cy[near], cx[near], strict=True)]


def segment_distance_m(lat: np.ndarray, lon: np.ndarray, lat0: float, lon0: float,
                       lat1: float, lon1: float) -> np.ndarray:
    """Distance in metres from each point to the segment between two points, in a local
    equirectangular projection (exact enough over a few hundred kilometres)."""
    scale_y = math.radians(1.0) * EARTH_RADIUS_M
    scale_x = scale_y * math.cos(math.radians((lat0 + lat1) / 2))
    ax, ay = (lon0 - lon) * scale_x, (lat0 - lat) * scale_y
    dx, dy = (lon1 - lon0) * scale_x, (lat1 - lat0) * scale_y
    length2 = max(dx * dx + dy * dy, 1e-9)
    t = np.clip(-(ax * dx + ay * dy) / length2, 0.0, 1.0)
    return np.asarray(np.hypot(ax + t * dx, ay + t * dy))
