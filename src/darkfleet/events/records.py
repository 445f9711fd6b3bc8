"""The records of the events stage as its readers return them: `Event`, `Voyage`, `Vessel`.

They follow DESIGN.md's Event and Voyage contracts and the `vessels` table. Each is built from
one workspace row by `event_from_row`, `voyage_from_row` and `vessel_from_row`, which decode the
JSON-in-text columns (`details`, and `reasons` or `names` when stored as text) once, here, and
tolerate the optional columns being absent: times may be datetimes or ISO 8601 strings.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from darkfleet import row_values
from darkfleet.errors import StoreError
from darkfleet.row_values import decoded
from darkfleet.row_values import json_object as _object
from darkfleet.timefmt import parse_utc

__all__ = ["Event", "Vessel", "Voyage", "event_from_row", "required", "vessel_from_row",
           "voyage_from_row"]


@dataclass(frozen=True, slots=True)
class Event:
    """One detected event (DESIGN.md's Event contract). `mmsi` is None only for an imagery
    detection no AIS matched (`dark_port_presence`)."""

    id: str
    type: str
    mmsi: int | None
    other_mmsi: int | None
    start: datetime
    end: datetime
    lat: float | None
    lon: float | None
    port: str | None
    duration_h: float
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Voyage:
    """One voyage between port calls (DESIGN.md's Voyage contract plus its `id`)."""

    id: str
    mmsi: int
    imo: int | None
    name: str | None
    origin: str | None
    destination: str | None
    depart: datetime | None
    arrive: datetime | None
    duration_h: float | None
    dark_h: float | None
    draught_depart_m: float | None
    draught_arrive_m: float | None
    watched: bool
    risk: float | None
    reasons: tuple[str, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Vessel:
    """A vessel seen in the workspace: its latest identity, every name it reported (first seen
    first) and when it was seen."""

    mmsi: int
    imo: int | None
    name: str | None
    callsign: str | None
    ship_type: int | None
    flag: str | None
    names: tuple[str, ...]
    first_ts: datetime | None
    last_ts: datetime | None
    positions: int | None


def event_from_row(row: Mapping[str, Any], index: int) -> Event:
    """An Event from an `events` row (`index` names the row in errors).

    Raises:
        StoreError: a required field (id, type, start, end) is missing or malformed.
    """
    where = f"events row {index + 1}"
    start, end = _time(row.get("start"), where), _time(row.get("end"), where)
    if start is None or end is None:
        raise StoreError(f"{where}: start and end are required")
    duration_h = _float(row.get("duration_h"))
    return Event(
        id=required(row, "id", where), type=required(row, "type", where),
        mmsi=_int(row.get("mmsi")), other_mmsi=_int(row.get("other_mmsi")),
        start=start, end=end, lat=_float(row.get("lat")), lon=_float(row.get("lon")),
        port=_str(row.get("port")),
        duration_h=duration_h if duration_h is not None else (end - start).total_seconds() / 3600,
        details=_object(row.get("details")))


def voyage_from_row(row: Mapping[str, Any], index: int) -> Voyage:
    """A Voyage from a `voyages` row.

    Raises:
        StoreError: id or mmsi is missing.
    """
    where = f"voyages row {index + 1}"
    return Voyage(
        id=required(row, "id", where), mmsi=_int_required(row, "mmsi", where),
        imo=_int(row.get("imo")), name=_str(row.get("name")), origin=_str(row.get("origin")),
        destination=_str(row.get("destination")), depart=_time(row.get("depart"), where),
        arrive=_time(row.get("arrive"), where), duration_h=_float(row.get("duration_h")),
        dark_h=_float(row.get("dark_h")), draught_depart_m=_float(row.get("draught_depart_m")),
        draught_arrive_m=_float(row.get("draught_arrive_m")), watched=bool(row.get("watched")),
        risk=_float(row.get("risk")),
        reasons=tuple(str(r) for r in decoded(row.get("reasons")) or ()),
        details=_object(row.get("details")))


def vessel_from_row(row: Mapping[str, Any], index: int) -> Vessel:
    """A Vessel from a `vessels` row (or a positions summary: mmsi, times and a count).

    Raises:
        StoreError: mmsi is missing.
    """
    where = f"vessels row {index + 1}"
    return Vessel(
        mmsi=_int_required(row, "mmsi", where), imo=_int(row.get("imo")),
        name=_str(row.get("name")), callsign=_str(row.get("callsign")),
        ship_type=_int(row.get("ship_type")), flag=_str(row.get("flag")),
        names=tuple(_name(n) for n in decoded(row.get("names")) or ()),
        first_ts=_time(row.get("first_ts"), where), last_ts=_time(row.get("last_ts"), where),
        positions=_int(row.get("positions")))


def _name(item: Any) -> str:
    """A reported name: text, or an object with `name` and optionally when it was seen."""
    if not isinstance(item, Mapping):
        return str(item)
    seen = [str(item[k])[:10] for k in ("first_ts", "last_ts") if item.get(k)]
    return f"{item.get('name', '?')} ({' to '.join(seen)})" if seen else str(item.get("name"))


def required(row: Mapping[str, Any], key: str, where: str) -> str:
    """The text of field `key`; `where` names the row in the error.

    Raises:
        StoreError: the field is missing or empty.
    """
    return row_values.required(row, key, where, StoreError)


def _time(value: Any, where: str) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    try:
        return parse_utc(str(value))
    except ValueError as error:
        raise StoreError(f"{where}: not an ISO 8601 time: {value!r}") from error


def _int_required(row: Mapping[str, Any], key: str, where: str) -> int:
    value = _int(row.get(key))
    if value is None:
        raise StoreError(f"{where}: {key} is required")
    return value


def _int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _float(value: Any) -> float | None:
    """A finite number, or None (missing, not a number, NaN or infinite)."""
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _str(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)
