"""The vessels table: one row per MMSI with its latest identity and when it was seen.

Columns: mmsi, imo, name, callsign, ship_type (latest reported), flag (ISO code from the MMSI's
MID), names (every ship name reported, in order first seen), first_ts, last_ts and positions
(fixes kept after cleaning). Built from per-chunk partial aggregates, so it streams.
"""

from __future__ import annotations

import polars as pl

from darkfleet.events.mid import flag_of
from darkfleet.store.schema import declared_schema
from darkfleet.tracks.model import TS, Tracks

VESSEL_SCHEMA = declared_schema("vessels")


def partial_vessels(tracks: Tracks) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Per-chunk aggregates: (fix counts and times, identity rows) for `vessels_table`."""
    seen = tracks.points.filter(~pl.col("carried")).group_by("mmsi").agg(
        pl.col("ts").min().alias("first_ts"), pl.col("ts").max().alias("last_ts"),
        pl.len().cast(pl.Int64).alias("positions"))
    identity = tracks.statics.filter(~pl.col("carried")).select(
        "mmsi", "ts", "imo", "shipname", "callsign", "ship_type", "draught_m")
    return seen, identity


def vessels_table(seen: list[pl.DataFrame], identity: list[pl.DataFrame]) -> pl.DataFrame:
    """The vessels table from the partial aggregates of every chunk."""
    counts = pl.concat(seen) if seen else pl.DataFrame(schema={
        "mmsi": pl.Int64, "first_ts": TS, "last_ts": TS, "positions": pl.Int64})
    counts = counts.group_by("mmsi").agg(pl.col("first_ts").min(), pl.col("last_ts").max(),
                                         pl.col("positions").sum())
    ids = pl.concat(identity) if identity else pl.DataFrame(schema={
        "mmsi": pl.Int64, "ts": TS, "imo": pl.Int64, "shipname": pl.String,
        "callsign": pl.String, "ship_type": pl.Int16, "draught_m": pl.Float64})
    latest = ids.sort("mmsi", "ts").group_by("mmsi").agg(
        pl.col("imo").drop_nulls().last(), pl.col("shipname").drop_nulls().last().alias("name"),
        pl.col("callsign").drop_nulls().last(), pl.col("ship_type").drop_nulls().last(),
        pl.col("shipname").drop_nulls().unique(maintain_order=True).alias("names"),
        pl.col("ts").min().alias("static_first"), pl.col("ts").max().alias("static_last"))
    table = counts.join(latest, on="mmsi", how="full", coalesce=True).with_columns(
        pl.min_horizontal("first_ts", "static_first").alias("first_ts"),
        pl.max_horizontal("last_ts", "static_last").alias("last_ts"),
        pl.col("positions").fill_null(0),
        pl.col("names").fill_null(pl.lit([], pl.List(pl.String))),
        pl.col("mmsi").map_elements(flag_of, return_dtype=pl.String).alias("flag"))
    return table.select(list(VESSEL_SCHEMA)).cast(pl.Schema(VESSEL_SCHEMA)).sort("mmsi")
