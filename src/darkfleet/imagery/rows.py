"""One row of a detections file to a detection record, or a quarantine reason.

Values arrive as text (CSV), JSON values (GeoJSON) or typed values (Parquet). Times are ISO 8601
(`Z`, an offset or none, taken as UTC), datetimes, or Unix epoch seconds (milliseconds above
10^11). A row without its id gets a deterministic one: the first 16 hex digits of the SHA-1 of
`source|ts|lat|lon` (ts in ISO 8601 with `Z`, lat and lon to 6 decimals). Pure; no I/O.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from darkfleet.imagery.layouts import Layout
from darkfleet.store.stage_tables import DETECTION_ROWS
from darkfleet.timefmt import iso_utc, parse_utc

#: The `detection_rows` workspace table: one row per detection loaded (declared in the store).
DETECTIONS = DETECTION_ROWS
SOURCES = ("sar", "optical", "viirs", "rf")
_MISSING = {"", "na", "n/a", "nan", "null", "none"}
_EPOCH_MS_ABOVE = 100_000_000_000
_BOUNDS = {"length_m": (0.0, 600.0), "width_m": (0.0, 100.0), "heading_deg": (0.0, 360.0),
           "speed_kn": (0.0, 60.0), "score": (0.0, 1.0)}


class BadRow(ValueError):
    """A row that cannot be stored; `reason` is a short code (`bad_ts`, `missing_lat`...)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_row(raw: Mapping[str, Any], layout: Layout, source: str | None) -> dict[str, Any]:
    """A `DETECTIONS` row (without file and line) from `raw` (column -> value).

    Raises:
        BadRow: a required value is missing or any value is malformed or out of range.
    """
    def value(field: str) -> Any:
        column = layout.columns.get(field)
        got = raw.get(column) if column is not None else None
        return None if _missing(got) else got

    ts = _time(value("ts"))
    lat = _number(value("lat"), "lat", required=True)
    lon = _number(value("lon"), "lon", required=True)
    if lat is None or not -90 <= lat <= 90:
        raise BadRow("lat_out_of_range")
    if lon is None or not -180 <= lon <= 180:
        raise BadRow("lon_out_of_range")
    row: dict[str, Any] = {"ts": ts, "lat": lat, "lon": lon}
    for field, (low, high) in _BOUNDS.items():
        number = _number(value(field), field)
        if number is not None and not low <= number <= high:
            raise BadRow(f"{field}_out_of_range")
        row[field] = number
    if row["heading_deg"] is not None:
        row["heading_deg"] %= 360.0
    row["source"] = str(value("source") or source or "unknown").strip().lower()
    for field in ("scene_id", "image_url"):
        text = value(field)
        row[field] = None if text is None else str(text).strip()
    given = value("detection_id")
    row["detection_id"] = str(given).strip() if given is not None else detection_id(
        row["source"], ts, lat, lon)
    return row


def detection_id(source: str, ts: datetime, lat: float, lon: float) -> str:
    """The deterministic id of a detection that came without one."""
    text = f"{source}|{iso_utc(ts)}|{lat:.6f}|{lon:.6f}"
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def scene_key(scene_id: str | None, source: str, ts: datetime) -> str:
    """The scene a detection belongs to: its `scene_id`, else its source and exact time."""
    return scene_id if scene_id else f"{source}@{iso_utc(ts)}"


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip().lower() in _MISSING


def _number(value: Any, field: str, required: bool = False) -> float | None:
    if value is None:
        if required:
            raise BadRow(f"missing_{field}")
        return None
    if isinstance(value, bool):
        raise BadRow(f"bad_{field}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise BadRow(f"bad_{field}") from None
    if not math.isfinite(number):
        raise BadRow(f"bad_{field}")
    return number


def _time(value: Any) -> datetime:
    if value is None:
        raise BadRow("missing_ts")
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _epoch(float(value))
    text = str(value).strip()
    try:
        return _epoch(float(text))
    except ValueError:
        pass
    try:
        return parse_utc(text.replace(" UTC", "Z"))
    except ValueError:
        raise BadRow("bad_ts") from None


def _epoch(number: float) -> datetime:
    if not math.isfinite(number) or number < 0:
        raise BadRow("bad_ts")
    seconds = number / 1000 if number > _EPOCH_MS_ABOVE else number
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise BadRow("bad_ts") from None
