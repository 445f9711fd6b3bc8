"""Recognising a CSV export's layout from its header: delimiter, column synonyms, known layouts.

The delimiter is the one of `,`, `;` and tab the header holds most of. Column names are
compared without case, spaces, `_`, `-`, `#` or other punctuation, so `BaseDateTime`,
`base_date_time` and `Base Date Time` are one name, and each field has synonyms (`SYNONYMS`). A
header naming at least the time, MMSI, latitude and longitude is recognised: as
`marinecadastre` when its time column is `BaseDateTime`, as `dma` when it is DMA's
`# Timestamp` with `Type of mobile`, else as `generic`. A `--csv-map` (field -> column, the
fields by any synonym) names the columns itself.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping

from darkfleet.ingest.csv_formats import FIELDS, CsvFormat

DELIMITERS = (",", ";", "\t")
REQUIRED = ("ts", "mmsi", "lat", "lon")
DMA_TIME = "%d/%m/%Y %H:%M:%S"

#: Field -> the normalised column names that mean it.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "ts": ("timestamp", "time", "basedatetime", "datetime", "timestamputc", "date", "utc",
           "epoch", "ts"),
    "mmsi": ("mmsi", "userid", "mmsinumber"),
    "lat": ("lat", "latitude", "y"),
    "lon": ("lon", "long", "longitude", "lng", "x"),
    "speed_kn": ("sog", "speed", "speedoverground", "speedkn", "speedknots"),
    "course_deg": ("cog", "course", "courseoverground", "coursedeg"),
    "heading_deg": ("heading", "trueheading", "hdg", "headingdeg"),
    "nav_status": ("status", "navstatus", "navigationalstatus", "navigationstatus"),
    "imo": ("imo", "imonumber", "imono"),
    "callsign": ("callsign", "call"),
    "shipname": ("name", "shipname", "vesselname", "vessel"),
    "ship_type": ("shiptype", "vesseltype", "type"),
    "draught_m": ("draught", "draft", "draughtm", "draftm"),
    "destination": ("destination", "dest"),
    "to_bow_m": ("a", "tobow", "dimensiona"),
    "to_stern_m": ("b", "tostern", "dimensionb"),
    "to_port_m": ("c", "toport", "dimensionc"),
    "to_starboard_m": ("d", "tostarboard", "dimensiond"),
    "mobile": ("typeofmobile", "transceiverclass", "transceiver", "class", "aisclass"),
}
_FIELD_OF = {name: field for field, names in SYNONYMS.items() for name in names}
_FIELD_OF.update({field.replace("_", ""): field for field in FIELDS})

#: What `--csv-map` and the error for an unknown header show.
MAP_EXAMPLE = "--csv-map ts=time,mmsi=id,lat=y,lon=x,speed_kn=sog,shipname=vessel"
LAYOUTS_HELP = (
    "recognised CSV layouts: Danish Maritime Authority (# Timestamp,Type of mobile,MMSI,"
    "Latitude,Longitude,...), NOAA MarineCadastre (MMSI,BaseDateTime,LAT,LON,... or "
    "mmsi,base_date_time,latitude,longitude,...), or any header with a time, MMSI, latitude "
    "and longitude column by a common name (timestamp/time/datetime, mmsi, lat/latitude, "
    "lon/long/longitude), separated by commas, semicolons or tabs; name other columns with "
    f"{MAP_EXAMPLE}"
)


def normalise(name: str) -> str:
    """A column name without case, spaces or punctuation."""
    return re.sub(r"[^0-9a-z]", "", name.lower())


def field_of(name: str) -> str | None:
    """The field a column name (or a `--csv-map` field name) means, by synonym."""
    return _FIELD_OF.get(normalise(name))


def delimiter_of(header: str) -> str:
    """The delimiter the header line holds most of (`,` when it holds none)."""
    return max(DELIMITERS, key=lambda d: (header.count(d), d == ","))


def split_header(text: str) -> tuple[list[str], str] | None:
    """The column names of a header line and its delimiter; None if it is no CSV."""
    delimiter = delimiter_of(text)
    if text.count(delimiter) == 0:
        return None
    try:
        names = next(csv.reader([text], delimiter=delimiter))
    except csv.Error:
        return None
    return [name.strip() for name in names], delimiter


def recognise(text: str, mapping: Mapping[str, str] | None) -> CsvFormat | None:
    """The layout of a CSV file from its header line; None if it is not recognised."""
    split = split_header(text)
    if split is None:
        return None
    names, delimiter = split
    if mapping:
        if set(mapping.values()) <= set(names):
            return CsvFormat("generic", dict(mapping), None, delimiter)
        return None
    columns: dict[str, str] = {}
    for name in names:
        field = field_of(name)
        if field is not None and field not in columns:
            columns[field] = name
    if not set(REQUIRED) <= set(columns):
        return None
    time_column = normalise(columns["ts"])
    kind = "marinecadastre" if time_column == "basedatetime" else "generic"
    if time_column == "timestamp" and "mobile" in columns and columns["ts"].startswith("#"):
        kind = "dma"
    return CsvFormat(kind, columns, DMA_TIME if kind == "dma" else None, delimiter)
