"""Declared column schemas of the workspace tables written by ingest (the stage contract).

Later stages read these columns by name. Times are UTC, millisecond precision; numbers carry
their unit in the column name. Not-available AIS values are stored as nulls.
"""

from __future__ import annotations

import pyarrow as pa

TS = pa.timestamp("ms", tz="UTC")

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

SCHEMAS: dict[str, pa.Schema] = {
    "positions": POSITIONS,
    "static_reports": STATIC_REPORTS,
    "quarantine": QUARANTINE,
}
