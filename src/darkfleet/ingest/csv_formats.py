"""AIS CSV exports: recognising the format, and one row to a position and static values.

Three formats: the Danish Maritime Authority's exports (`# Timestamp,Type of mobile,MMSI,...`,
times `dd/mm/yyyy HH:MM:SS`), NOAA MarineCadastre (`MMSI,BaseDateTime,LAT,LON,...`, IMO as
`IMO9179842`), and a generic CSV whose columns are named by a mapping (field -> column). Values
follow the AIS not-available rules (docs/ingest.md). Pure functions; no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from darkfleet.ingest.sentence import MAX_EPOCH_MS, MS_THRESHOLD
from darkfleet.timefmt import parse_utc

#: Fields a generic CSV mapping may name.
FIELDS = ("ts", "mmsi", "lat", "lon", "speed_kn", "course_deg", "heading_deg", "nav_status",
          "imo", "callsign", "shipname", "ship_type", "draught_m", "destination")
STATIC_FIELDS = ("imo", "callsign", "shipname", "ship_type", "draught_m", "destination",
                 "to_bow_m", "to_stern_m", "to_port_m", "to_starboard_m")

DMA_COLUMNS = {
    "ts": "# Timestamp", "mobile": "Type of mobile", "mmsi": "MMSI", "lat": "Latitude",
    "lon": "Longitude", "nav_status": "Navigational status", "speed_kn": "SOG",
    "course_deg": "COG", "heading_deg": "Heading", "imo": "IMO", "callsign": "Callsign",
    "shipname": "Name", "ship_type": "Ship type", "draught_m": "Draught",
    "destination": "Destination", "to_bow_m": "A", "to_stern_m": "B", "to_port_m": "C",
    "to_starboard_m": "D",
}
NOAA_COLUMNS = {
    "mmsi": "MMSI", "ts": "BaseDateTime", "lat": "LAT", "lon": "LON", "speed_kn": "SOG",
    "course_deg": "COG", "heading_deg": "Heading", "shipname": "VesselName", "imo": "IMO",
    "callsign": "CallSign", "ship_type": "VesselType", "nav_status": "Status",
    "draught_m": "Draft", "mobile": "TransceiverClass",
}
_MOBILE = {"class a": (1, "vessel"), "a": (1, "vessel"), "class b": (18, "vessel"),
           "b": (18, "vessel"), "base station": (4, "base_station"),
           "aton": (21, "aid_to_navigation")}
_NAV_STATUS = {
    "under way using engine": 0, "at anchor": 1, "not under command": 2,
    "restricted maneuverability": 3, "restricted manoeuvrability": 3,
    "constrained by her draught": 4, "moored": 5, "aground": 6, "engaged in fishing": 7,
    "under way sailing": 8, "reserved for future amendment [hsc]": 9,
    "reserved for future amendment [wig]": 10, "power-driven vessel towing astern": 11,
    "power-driven vessel pushing ahead or towing alongside": 12,
    "reserved for future use": 13, "ais-sart": 14, "unknown value": 15,
}
#: DMA writes ship types as words; the AIS code of each (first code of its range).
_SHIP_TYPE = {
    "wig": 20, "fishing": 30, "towing": 31, "towing long/wide": 32, "dredging": 33,
    "diving": 34, "military": 35, "sailing": 36, "pleasure": 37, "hsc": 40, "pilot": 50,
    "sar": 51, "tug": 52, "port tender": 53, "anti-pollution": 54, "law enforcement": 55,
    "medical": 58, "not party to conflict": 59, "passenger": 60, "cargo": 70, "tanker": 80,
    "other": 90,
}
_MISSING = {"", "unknown", "undefined", "na", "n/a", "null", "none"}


@dataclass(frozen=True, slots=True)
class CsvFormat:
    """A CSV format: its name and which column holds each field."""

    name: str
    columns: Mapping[str, str]
    time_format: str | None  # strptime format, or None for ISO 8601 / epoch


class BadValue(ValueError):
    """A field of a row cannot be read; `reason` is the quarantine reason code."""

    def __init__(self, reason: str, field: str) -> None:
        super().__init__(f"{reason} in {field}")
        self.reason = reason
        self.field = field


def detect(header: list[str], mapping: Mapping[str, str] | None) -> CsvFormat | None:
    """The format of a CSV file from its header row; None if it is not a known CSV."""
    names = {name.strip() for name in header}
    if {"# Timestamp", "MMSI", "Latitude", "Longitude"} <= names:
        return CsvFormat("dma", DMA_COLUMNS, "%d/%m/%Y %H:%M:%S")
    if {"MMSI", "BaseDateTime", "LAT", "LON"} <= names:
        return CsvFormat("marinecadastre", NOAA_COLUMNS, "%Y-%m-%dT%H:%M:%S")
    if mapping and set(mapping.values()) <= names:
        return CsvFormat("generic", dict(mapping), None)
    return None


def parse_csv_map(text: str) -> dict[str, str]:
    """`ts=time,mmsi=id,...` to a mapping; raises ValueError naming a bad or unknown field."""
    mapping: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        field, sep, column = item.partition("=")
        if not sep or not column.strip():
            raise ValueError(f"expected FIELD=COLUMN, got {item!r}")
        if field.strip() not in FIELDS:
            raise ValueError(f"unknown field {field.strip()!r} (known: {', '.join(FIELDS)})")
        mapping[field.strip()] = column.strip()
    if not {"ts", "mmsi"} <= set(mapping):
        raise ValueError("the mapping must name at least ts and mmsi")
    return mapping


def read_row(values: Mapping[str, str], fmt: CsvFormat) -> dict[str, Any]:
    """One row (field -> text) as darkfleet values: ts_ms, mmsi, position and static fields.

    Raises:
        BadValue: the time, the MMSI or a number cannot be read.
    """
    row: dict[str, Any] = {"ts_ms": _time(values.get("ts", ""), fmt), "mmsi": _mmsi(values)}
    row["msg_type"], row["kind"] = _MOBILE.get(values.get("mobile", "").strip().lower(),
                                               (None, "vessel"))
    lat, lon = _number(values, "lat"), _number(values, "lon")
    row["lat"] = None if lat is None or abs(lat) > 90 else lat
    row["lon"] = None if lon is None or abs(lon) > 180 else lon
    speed, course, heading = (_number(values, f)
                              for f in ("speed_kn", "course_deg", "heading_deg"))
    row["speed_kn"] = None if speed is None or speed >= 102.3 or speed < 0 else speed
    row["course_deg"] = None if course is None or not 0 <= course < 360 else course
    row["heading_deg"] = None if heading is None or not 0 <= heading < 360 else heading
    row["nav_status"] = _coded(values, "nav_status", _NAV_STATUS, range(16))
    row["ship_type"] = _coded(values, "ship_type", _SHIP_TYPE, range(1, 100))
    imo = values.get("imo", "").strip().upper().removeprefix("IMO")
    row["imo"] = _positive(_integer(imo, "imo"))
    for field in ("callsign", "shipname", "destination"):
        text = values.get(field, "").strip()
        row[field] = None if text.lower() in _MISSING else text
    row["draught_m"] = _positive(_number(values, "draught_m"))
    for field in ("to_bow_m", "to_stern_m", "to_port_m", "to_starboard_m"):
        row[field] = _positive(_integer(values.get(field, ""), field))
    return row


def _time(text: str, fmt: CsvFormat) -> int:
    text = text.strip()
    try:
        if fmt.time_format is not None:
            when = datetime.strptime(text, fmt.time_format).replace(tzinfo=UTC)
        elif text.isdigit():
            number = int(text[:20])
            epoch_ms = number if number > MS_THRESHOLD else number * 1000
            if epoch_ms >= MAX_EPOCH_MS:
                raise BadValue("bad_time", "ts")
            return epoch_ms
        else:
            when = parse_utc(text)
    except (ValueError, OverflowError) as error:
        raise BadValue("bad_time", "ts") from error
    return round(when.timestamp() * 1000)


def _mmsi(values: Mapping[str, str]) -> int:
    text = values.get("mmsi", "").strip()
    if not text.isdigit() or len(text) > 10 or not 0 < int(text) < 2**30:
        raise BadValue("bad_mmsi", "mmsi")
    return int(text)


def _number(values: Mapping[str, str], field: str) -> float | None:
    text = values.get(field, "").strip()
    if text.lower() in _MISSING:
        return None
    try:
        number = float(text)
    except ValueError as error:
        raise BadValue("bad_number", field) from error
    if number != number or number in (float("inf"), float("-inf")):
        raise BadValue("bad_number", field)
    return number


def _integer(text: str, field: str) -> int | None:
    text = text.strip()
    if text.lower() in _MISSING:
        return None
    try:
        return int(float(text))
    except (ValueError, OverflowError) as error:
        raise BadValue("bad_number", field) from error


def _coded(values: Mapping[str, str], field: str, words: Mapping[str, int],
           valid: range) -> int | None:
    text = values.get(field, "").strip().lower()
    if text in words:
        return words[text]
    try:
        code = int(text)
    except ValueError:
        return None  # a word this table does not know
    return code if code in valid else None


def _positive(value: float | None) -> Any:
    return value if value is not None and value > 0 else None
