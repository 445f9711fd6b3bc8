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
        wanted, whole = self._wanted(gaps)
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

    def _wanted(self, gaps: pl.DataFrame) -> tuple[pl.DataFrame, np.ndarray]:
        """The cells near each gap's expected position in each whole bin of its silence
        (`_gap`, `bin`, `cy`, `cx`, `self`: the gap's MMSI), and each gap's whole bins.

        All gaps at once, with the arithmetic of one gap at a time (times as
        `datetime.timestamp()` gives them, cosines from `math`), so the same cells come out."""
        start_us = gaps.get_column("start").dt.epoch("us").to_numpy()
        span_us = gaps.get_column("end").dt.epoch("us").to_numpy() - start_us
        start_ms = start_us / 1e6 * 1000
        end_ms = (start_us + span_us) / 1e6 * 1000
        first = -(-np.trunc(start_ms).astype(np.int64) // self.bin_ms)
        whole = np.maximum(np.trunc(end_ms).astype(np.int64) // self.bin_ms - first, 0)
        gap = np.repeat(np.arange(gaps.height), whole)
        offsets = np.cumsum(whole) - whole
        bins = first[gap] + np.arange(len(gap)) - offsets[gap]
        share = ((bins + 0.5) * self.bin_ms - start_ms[gap]) / np.maximum(
            span_us[gap] / 1e6 * 1000, 1.0)
        lat0, lat1, lon0, lon1 = (gaps.get_column(c).to_numpy()[gap]
                                  for c in ("lat0", "lat1", "lon0", "lon1"))
        lat, lon = lat0 + (lat1 - lat0) * share, lon0 + (lon1 - lon0) * share
        pair, cy, cx = self._cells_near_points(lat, lon)
        mmsi = gaps.get_column("mmsi").to_numpy()
        wanted = pl.DataFrame({"_gap": gap[pair], "bin": bins[pair], "cy": cy, "cx": cx,
                               "self": mmsi[gap[pair]]},
                              schema={"_gap": pl.Int64, "bin": pl.Int32, "cy": pl.Int32,
                                      "cx": pl.Int32, "self": pl.Int64})
        return wanted, whole

    def _cells_near_points(self, lat: np.ndarray, lon: np.ndarray
                           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Cells whose centre lies within the radius of each point: (point, cy, cx) rows.
        Distances in a local equirectangular projection (exact enough over a few hundred
        kilometres)."""
        dlat = math.degrees(self.radius_m / EARTH_RADIUS_M)
        cosine = np.array([math.cos(math.radians(x)) for x in lat.tolist()])
        dlon = dlat / np.maximum(cosine, 0.05)
        row0, col0 = np.floor((lat - dlat) / CELL_DEG), np.floor((lon - dlon) / CELL_DEG)
        rows = np.floor((lat + dlat) / CELL_DEG) - row0 + 1
        cols = np.floor((lon + dlon) / CELL_DEG) - col0 + 1
        cells = (rows * cols).astype(np.int64)
        point = np.repeat(np.arange(len(lat)), cells)
        local = np.arange(len(point)) - (np.cumsum(cells) - cells)[point]
        width = cols.astype(np.int64)[point]
        cy = row0.astype(np.int64)[point] + local // width
        cx = col0.astype(np.int64)[point] + local % width
        scale_y = math.radians(1.0) * EARTH_RADIUS_M
        scale_x = (scale_y * cosine)[point]
        east = (lon[point] - (cx + 0.5) * CELL_DEG) * scale_x
        north = (lat[point] - (cy + 0.5) * CELL_DEG) * scale_y
        near = np.hypot(east, north) <= self.radius_m
        return point[near], cy[near], cx[near]
