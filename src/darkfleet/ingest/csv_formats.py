"""AIS CSV exports: recognising the format, and one row to a position and static values.

Layouts are recognised from the header by `csv_layouts`: the Danish Maritime Authority's
exports (`# Timestamp,Type of mobile,MMSI,...`, times `dd/mm/yyyy HH:MM:SS`), NOAA
MarineCadastre (`MMSI,BaseDateTime,LAT,LON,...`, IMO as `IMO9179842`), any header naming its
columns by common synonyms, or a mapping (field -> column). Values follow the AIS
not-available rules (docs/ingest.md). Pure functions; no I/O.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from darkfleet.ingest.plausible import IMPLAUSIBLE, TimeBounds
from darkfleet.ingest.sentence import MAX_EPOCH_MS, MS_THRESHOLD
from darkfleet.timefmt import parse_utc

#: Fields a generic CSV mapping may name.
FIELDS = ("ts", "mmsi", "lat", "lon", "speed_kn", "course_deg", "heading_deg", "nav_status",
          "imo", "callsign", "shipname", "ship_type", "draught_m", "destination")
STATIC_FIELDS = ("imo", "callsign", "shipname", "ship_type", "draught_m", "destination",
                 "to_bow_m", "to_stern_m", "to_port_m", "to_starboard_m")

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
#: Time formats tried (besides ISO 8601 and epoch seconds or milliseconds), all UTC.
TIME_FORMATS = ("%Y%m%d_%H%M%S", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M:%S")
_MISSING = {"", "unknown", "undefined", "na", "n/a", "null", "none"}


@dataclass(frozen=True, slots=True)
class CsvFormat:
    """A CSV format: its name and which column holds each field."""

    name: str
    columns: Mapping[str, str]
    time_format: str | None  # strptime format, or None for any of TIME_FORMATS / epoch
    delimiter: str = ","


class BadValue(ValueError):
    """A field of a row cannot be read; `reason` is the quarantine reason code."""

    def __init__(self, reason: str, field: str) -> None:
        super().__init__(f"{reason} in {field}")
        self.reason = reason
        self.field = field


def split_row(text: str, delimiter: str) -> list[str] | None:
    """The fields of one CSV line; None when the CSV reader cannot read it."""
    try:
        return next(csv.reader([text], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return None


def parse_csv_map(text: str) -> dict[str, str]:
    """`ts=time,mmsi=id,...` to a mapping; raises ValueError naming a bad or unknown field.

    A field may be named by a synonym (`timestamp=...`, `latitude=...`; see csv_layouts).
    """
    from darkfleet.ingest.csv_layouts import field_of

    mapping: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, column = item.partition("=")
        if not sep or not column.strip():
            raise ValueError(f"expected FIELD=COLUMN, got {item!r}")
        field = name.strip() if name.strip() in FIELDS else field_of(name)
        if field not in FIELDS:
            raise ValueError(f"unknown field {name.strip()!r} (known: {', '.join(FIELDS)})")
        mapping[field] = column.strip()
    if not {"ts", "mmsi"} <= set(mapping):
        raise ValueError("the mapping must name at least ts and mmsi")
    return mapping


#: Field -> (lowest, highest) decodable value, and the not-available code (null, not counted).
RANGES: dict[str, tuple[float, float, float | None]] = {
    "lat": (-90.0, 90.0, 91.0), "lon": (-180.0, 180.0, 181.0),
    "speed_kn": (0.0, 102.2, 102.3), "course_deg": (0.0, 359.999, 360.0),
    "heading_deg": (0.0, 359.999, 511.0), "draught_m": (0.0, 25.5, 0.0),
    "imo": (0, 2**30 - 1, 0), "to_bow_m": (0, 511, 0), "to_stern_m": (0, 511, 0),
    "to_port_m": (0, 63, 0), "to_starboard_m": (0, 63, 0),
}


def read_row(values: Mapping[str, str], fmt: CsvFormat, bounds: TimeBounds | None = None
             ) -> dict[str, Any]:
    """One row (field -> text) as darkfleet values: ts_ms, mmsi, position and static fields.

    `row["nulled"]` lists the fields whose value the decoded-value rules turned to null
    (out of range; a not-available code is not counted).

    Raises:
        BadValue: the time, the MMSI or a number cannot be read, or the time is implausible.
    """
    ts_ms = _time(values.get("ts", ""), fmt)
    if bounds is not None and not bounds.plausible(ts_ms):
        raise BadValue(IMPLAUSIBLE, "ts")
    nulled: list[str] = []
    row: dict[str, Any] = {"ts_ms": ts_ms, "mmsi": _mmsi(values), "nulled": nulled}
    row["msg_type"], row["kind"] = _MOBILE.get(values.get("mobile", "").strip().lower(),
                                               (None, "vessel"))
    for field in ("lat", "lon", "speed_kn", "course_deg", "heading_deg", "draught_m"):
        row[field] = _ranged(_number(values, field), field, nulled)
    row["nav_status"] = _coded(values, "nav_status", _NAV_STATUS, range(16), nulled)
    row["ship_type"] = _coded(values, "ship_type", _SHIP_TYPE, range(256), nulled) or None
    imo = values.get("imo", "").strip().upper().removeprefix("IMO")
    row["imo"] = _ranged(_integer(imo, "imo"), "imo", nulled)
    for field in ("callsign", "shipname", "destination"):
        text = values.get(field, "").strip()
        row[field] = None if text.lower() in _MISSING else text
    for field in ("to_bow_m", "to_stern_m", "to_port_m", "to_starboard_m"):
        row[field] = _ranged(_integer(values.get(field, ""), field), field, nulled)
    return row


def _ranged(value: Any, field: str, nulled: list[str]) -> Any:
    """The value if it is in the field's range; else None (counted unless not-available)."""
    low, high, not_available = RANGES[field]
    if value is None or value == not_available:
        return None
    if low <= value <= high:
        return value
    if value != not_available:
        nulled.append(field)
    return None


def _time(text: str, fmt: CsvFormat) -> int:
    text = text.strip()
    try:
        if text.isdigit():
            number = int(text[:20])
            epoch_ms = number if number > MS_THRESHOLD else number * 1000
            if epoch_ms >= MAX_EPOCH_MS:
                raise BadValue("bad_time", "ts")
            return epoch_ms
        when = _parse_time(text, fmt.time_format)
    except (ValueError, OverflowError) as error:
        raise BadValue("bad_time", "ts") from error
    return round(when.timestamp() * 1000)


def _parse_time(text: str, time_format: str | None) -> datetime:
    """The layout's format, else ISO 8601 (a space for the T too; tried first, as most files
    use it and `strptime` failing costs more than parsing), else another of TIME_FORMATS."""
    if time_format:
        try:
            return datetime.strptime(text, time_format).replace(tzinfo=UTC)
        except ValueError:
            return parse_utc(text)
    try:
        return parse_utc(text)
    except ValueError:
        pass
    for pattern in TIME_FORMATS:
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise ValueError(f"not a time: {text[:40]!r}")


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
           valid: range, nulled: list[str]) -> int | None:
    text = values.get(field, "").strip().lower()
    if text in words:
        return words[text]
    if text in _MISSING:
        return None
    try:
        code = int(text)
    except ValueError:
        code = -1  # a word this table does not know
    if code in valid:
        return code
    nulled.append(field)
    return None
