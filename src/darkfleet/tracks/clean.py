"""Cleaning of raw positions into track points: valid, de-duplicated and time-ordered.

A fix is dropped when it is not from a vessel (base stations and aids to navigation), has no time,
lies out of range (|lat| > 90, |lon| > 180) or on "null island" (within 0.01 degrees of 0, 0).
The same message heard by several receivers is kept once: consecutive fixes of one MMSI (in time
order) in the same second at the same position (to 1e-5 degrees) are duplicates. Reported
speeds above 102.2 kn (AIS "not available" and beyond) become null. `receiver` is the kind of
receiver that heard the fix, from the recorded source (`receiver_kind`).
"""

from __future__ import annotations

import polars as pl
import pyarrow as pa

#: Columns of a cleaned track point (before segmenting and port annotation).
POINT_COLUMNS = ("mmsi", "ts", "lat", "lon", "speed_kn", "course_deg", "receiver")
TS_DTYPE = pl.Datetime("ms", "UTC")
#: Words in a source name that mark a satellite receiver (exactEarth, ORBCOMM, Spire, S-AIS).
SATELLITE_MARKS = ("sat", "exactearth", "orbcomm", "spire", "s-ais")


def receiver_kind(source: pl.Expr) -> pl.Expr:
    """`satellite` when the source names a satellite receiver (`SATELLITE_MARKS`),
    `terrestrial` for any other named source, null when no source was recorded."""
    lower = source.cast(pl.String).str.to_lowercase()
    satellite = pl.any_horizontal([lower.str.contains(mark, literal=True)
                                   for mark in SATELLITE_MARKS])
    return (pl.when(lower.is_null() | (lower == "")).then(None)
            .when(satellite).then(pl.lit("satellite")).otherwise(pl.lit("terrestrial")))


def clean_positions(raw: pa.Table | pl.DataFrame) -> pl.DataFrame:
    """Valid, de-duplicated vessel fixes sorted by MMSI and time (columns `POINT_COLUMNS`)."""
    frame = raw if isinstance(raw, pl.DataFrame) else pl.from_arrow(raw)
    assert isinstance(frame, pl.DataFrame)
    if "kind" in frame.columns:
        frame = frame.filter(pl.col("kind").is_null() | (pl.col("kind") == "vessel"))
    valid = (
        pl.col("ts").is_not_null() & pl.col("mmsi").is_not_null()
        & pl.col("lat").is_between(-90, 90) & pl.col("lon").is_between(-180, 180)
        & ~((pl.col("lat").abs() < 0.01) & (pl.col("lon").abs() < 0.01))
    )
    speed = pl.col("speed_kn").cast(pl.Float64)
    cleaned = frame.filter(valid).select(
        pl.col("mmsi").cast(pl.Int64),
        pl.col("ts").cast(TS_DTYPE),
        pl.col("lat").cast(pl.Float64),
        pl.col("lon").cast(pl.Float64),
        pl.when(speed <= 102.2).then(speed).otherwise(None).alias("speed_kn"),
        pl.col("course_deg").cast(pl.Float64),
        receiver_kind(pl.col("source") if "source" in frame.columns else pl.lit(None))
        .alias("receiver"),
    )
    cleaned = cleaned.sort(["mmsi", "ts", "lat", "lon"])
    key = {"mmsi": pl.col("mmsi"), "second": pl.col("ts").dt.epoch("ms") // 1000,
           "lat5": (pl.col("lat") * 1e5).round(0), "lon5": (pl.col("lon") * 1e5).round(0)}
    same = pl.all_horizontal([expr == expr.shift(1) for expr in key.values()]).fill_null(False)
    return cleaned.filter(~same)
