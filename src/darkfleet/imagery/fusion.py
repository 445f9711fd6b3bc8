"""Detections fused with AIS: the Detection records (DESIGN.md), from frames, without I/O.

`fuse` matches every detection (`matching`), calls the unmatched ones dark when the detector's
score allows (`dark_min_score`) and lists the dark ones' candidates (`candidates`).
"""

from __future__ import annotations

import json

import numpy as np
import polars as pl

from darkfleet.imagery.candidates import candidates, silences
from darkfleet.imagery.matching import match
from darkfleet.imagery.settings import ImagerySettings

TS = pl.Datetime("ms", "UTC")

#: The `detections` table: DESIGN.md's Detection record plus where it came from.
RESULT_SCHEMA: dict[str, pl.DataType] = {
    "detection_id": pl.String(), "ts": TS, "lat": pl.Float64(), "lon": pl.Float64(),
    "length_m": pl.Float64(), "width_m": pl.Float64(), "heading_deg": pl.Float64(),
    "speed_kn": pl.Float64(), "source": pl.String(), "score": pl.Float64(),
    "scene_id": pl.String(), "image_url": pl.String(), "matched_mmsi": pl.Int64(),
    "match_distance_m": pl.Float64(), "match_score": pl.Float64(),
    "match_time_min": pl.Float64(), "dark": pl.Boolean(), "candidates": pl.String(),
    "port": pl.String(),
}


def scene_expr() -> pl.Expr:
    """The scene key of a detection: `scene_id`, else `source@ts` (see `rows.scene_key`)."""
    stamp = pl.col("ts").dt.strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
    return pl.coalesce(pl.col("scene_id"), pl.col("source") + pl.lit("@") + stamp)


def fuse(detections: pl.DataFrame, positions: pl.DataFrame, lengths: dict[int, float],
         settings: ImagerySettings) -> pl.DataFrame:
    """`RESULT_SCHEMA` rows (port left null) for `detections` (the `detections` table's
    columns) against `positions` (mmsi, ts, lat, lon, speed_kn, course_deg)."""
    if detections.is_empty():
        return pl.DataFrame(schema=RESULT_SCHEMA)
    detections = detections.sort("ts", "detection_id").with_columns(scene_expr().alias("scene"))
    matched = match(detections, positions, lengths, settings)
    unmatched = matched.get_column("matched_mmsi").is_null().to_numpy()
    score = detections.get_column("score").fill_null(np.inf).to_numpy()
    dark = unmatched & (score >= settings.dark_min_score)
    listed = candidates(detections, dark, silences(positions, settings), lengths, settings)
    texts = [json.dumps(c) for c in listed]
    out = pl.concat([detections, matched], how="horizontal").with_columns(
        pl.Series("dark", dark), pl.Series("candidates", texts, dtype=pl.String),
        pl.lit(None, pl.String).alias("port"))
    return out.select([pl.col(c).cast(t) for c, t in RESULT_SCHEMA.items()])
