"""The registry of workspace tables: `TABLES`, every table a stage writes, with its schema.

Later stages read these columns by name; a batch checks what it writes against them (see
`darkfleet.store.table_spec.conform`). Times are UTC, millisecond precision; numbers carry
their unit in the column name. Not-available AIS values are stored as nulls. The tables of
ingest are declared here; those of the later stages in `darkfleet.store.stage_tables`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

import pyarrow as pa

from darkfleet.store.stage_tables import STAGE_TABLES
from darkfleet.store.table_spec import TS, TableSpec

if TYPE_CHECKING:
    import polars as pl

__all__ = ["POSITIONS", "QUARANTINE", "SCHEMAS", "STATIC_REPORTS", "TABLES", "TS", "TableSpec"]

#: One row per position report: AIS types 1, 2, 3 (class A), 18, 19 (class B), 27 (long range),
#: and 4 (base station) and 21 (aid to navigation) with `kind` saying which.
POSITIONS = pa.schema(
    [
        ("mmsi", pa.int64()),
        ("ts", TS),
        ("msg_type", pa.int8()),
        ("kind", pa.string()),  # "vessel", "base_station" or "aid_to_navigation"
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("speed_kn", pa.float32()),
        ("course_deg", pa.float32()),
        ("heading_deg", pa.float32()),
        ("nav_status", pa.int8()),
        ("source", pa.string()),  # tag block `s:` or receiver name, when known
        ("file", pa.string()),
        ("line", pa.int64()),
    ]
)

#: One row per static/voyage report: AIS types 5, 19 and 24 (part A or B).
STATIC_REPORTS = pa.schema(
    [
        ("mmsi", pa.int64()),
        ("ts", TS),
        ("msg_type", pa.int8()),
        ("part", pa.string()),  # "A"/"B" for type 24, else null
        ("imo", pa.int64()),
        ("callsign", pa.string()),
        ("shipname", pa.string()),
        ("ship_type", pa.int16()),
        ("draught_m", pa.float32()),
        ("destination", pa.string()),
        ("to_bow_m", pa.int16()),
        ("to_stern_m", pa.int16()),
        ("to_port_m", pa.int16()),
        ("to_starboard_m", pa.int16()),
        ("file", pa.string()),
        ("line", pa.int64()),
    ]
)

#: Lines that could not be stored, kept with where they came from and why.
QUARANTINE = pa.schema(
    [
        ("file", pa.string()),
        ("line", pa.int64()),
        ("reason", pa.string()),
        ("raw", pa.string()),  # the line, cut to 1,000 characters, undecodable bytes escaped
    ]
)

_INGEST = (
    TableSpec("positions", "ingest", POSITIONS,
              "One row per AIS position report (types 1-3, 18, 19, 27; 4 and 21 by `kind`), "
              "partitioned by day of `ts`."),
    TableSpec("static_reports", "ingest", STATIC_REPORTS,
              "One row per AIS static and voyage report (types 5, 19, 24), by day of `ts`."),
    TableSpec("quarantine", "ingest", QUARANTINE,
              "Input lines or rows that could not be stored, with why (also written by "
              "`detections load` and `watch`)."),
)

#: Every workspace table, by name.
TABLES: Mapping[str, TableSpec] = MappingProxyType(
    {spec.name: spec for spec in (*_INGEST, *STAGE_TABLES)})

#: The schema of every workspace table, by name (`TABLES` without the rest of each spec).
SCHEMAS: Mapping[str, pa.Schema] = MappingProxyType(
    {name: spec.schema for name, spec in TABLES.items()})


def declared_schema(name: str) -> dict[str, pl.DataType]:
    """Table `name`'s declared columns as Polars dtypes, for the stage that builds it in Polars
    (so that the columns and types are written once, here)."""
    import polars as pl  # not at import: ingest's decoding workers never load Polars

    return dict(pl.DataFrame(TABLES[name].schema.empty_table()).schema)
