"""Workspace rows (plain dicts, as DuckDB/Arrow give them) to the brief's typed records.

Each function takes one row and its index (for error messages) and tolerates the optional
columns of the record contracts being absent. Nested objects may be real objects or JSON strings.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from darkfleet.errors import ReportError
from darkfleet.report.brief import Event, Match, Vessel, Voyage
from darkfleet.timefmt import parse_utc

__all__ = ["decoded", "event", "match", "required", "vessel", "voyage"]


def event(row: Mapping[str, Any], index: int) -> Event:
    """An Event record from an `events` row.

    Raises:
        ReportError: a required field (id, type, mmsi, start, end) is missing or malformed.
    """
    where = f"events row {index + 1}"
    start, end = _time(row.get("start"), where), _time(row.get("end"), where)
    if start is None or end is None:
        raise ReportError(f"{where}: start and end are required")
    duration_h = _float(row.get("duration_h"))
    return Event(
        id=required(row, "id", where),
        type=required(row, "type", where),
        mmsi=_int_required(row, "mmsi", where),
        other_mmsi=_int(row.get("other_mmsi")),
        start=start,
        end=end,
        lat=_float(row.get("lat")),
        lon=_float(row.get("lon")),
        port=_str(row.get("port")),
        duration_h=duration_h if duration_h is not None else (end - start).total_seconds() / 3600,
        details=_object(row.get("details")),
    )


def voyage(row: Mapping[str, Any], index: int) -> Voyage:
    """A Voyage record from a `voyages` row.

    Raises:
        ReportError: id or mmsi is missing.
    """
    where = f"voyages row {index + 1}"
    reasons = decoded(row.get("reasons")) or []
    return Voyage(
        id=required(row, "id", where),
        mmsi=_int_required(row, "mmsi", where),
        imo=_int(row.get("imo")),
        name=_str(row.get("name")),
        origin=_str(row.get("origin")),
        destination=_str(row.get("destination")),
        depart=_time(row.get("depart"), where),
        arrive=_time(row.get("arrive"), where),
        duration_h=_float(row.get("duration_h")),
        dark_h=_float(row.get("dark_h")),
        draught_depart_m=_float(row.get("draught_depart_m")),
        draught_arrive_m=_float(row.get("draught_arrive_m")),
        watched=bool(row.get("watched")),
        risk=_float(row.get("risk")),
        reasons=tuple(str(r) for r in reasons),
    )


def match(row: Mapping[str, Any], index: int) -> Match:
    """A screening Match from a `matches` row: the screening stage's flat columns (mmsi, imo,
    name, list, entry_id, entry_name, entry_imo, programs, listed_on, list_date, score,
    evidence), or the contract's nested `vessel` and `entry` objects.

    Raises:
        ReportError: the entry has no list or id, or the score is missing.
    """
    where = f"matches row {index + 1}"
    if "entry" in row:
        screened, entry = _object(row.get("vessel")), _object(row.get("entry"))
    else:
        screened = {"mmsi": row.get("mmsi"), "imo": row.get("imo"), "name": row.get("name")}
        entry = {"list": row.get("list"), "id": row.get("entry_id"),
                 "names": [row["entry_name"]] if row.get("entry_name") else [],
                 "imo": row.get("entry_imo"), "programs": row.get("programs"),
                 "listed_on": row.get("listed_on"), "list_date": row.get("list_date")}
    score = _float(row.get("score"))
    if score is None:
        raise ReportError(f"{where}: score is required")
    evidence = decoded(row.get("evidence"))
    return Match(
        mmsi=_int(screened.get("mmsi")),
        imo=_int(screened.get("imo")),
        vessel_name=_str(screened.get("name")),
        list_name=required(entry, "list", f"{where} entry"),
        entry_id=required(entry, "id", f"{where} entry"),
        entry_names=tuple(str(n) for n in entry.get("names") or ()),
        entry_imo=_int(entry.get("imo")),
        programs=tuple(str(p) for p in entry.get("programs") or ()),
        listed_on=_str(entry.get("listed_on")),
        list_date=_str(entry.get("list_date")),
        score=score,
        evidence=evidence,
        basis=_str(row.get("basis")),
        link=_link(evidence),
        sighting_age_d=_float(row.get("sighting_age_d")),
    )


def _link(evidence: Any) -> str | None:
    """A link match's path (`linked to listed X ... via Y`), from its `link` evidence."""
    found = evidence.get("link") if isinstance(evidence, Mapping) else None
    how = found.get("how") if isinstance(found, Mapping) else None
    return str(how) if how else None


def vessel(row: Mapping[str, Any], index: int, simulated: frozenset[int]) -> Vessel:
    """A Vessel from a `vessels` row (or a positions summary with mmsi, times and a count).

    Raises:
        ReportError: mmsi is missing.
    """
    where = f"vessels row {index + 1}"
    mmsi = _int_required(row, "mmsi", where)
    names = decoded(row.get("names")) or []
    return Vessel(
        mmsi=mmsi,
        imo=_int(row.get("imo")),
        name=_str(row.get("name")),
        callsign=_str(row.get("callsign")),
        ship_type=_int(row.get("ship_type")),
        flag=_str(row.get("flag")),
        names=tuple(_name(n) for n in names),
        first_ts=_time(row.get("first_ts"), where),
        last_ts=_time(row.get("last_ts"), where),
        positions=_int(row.get("positions")),
        simulated=mmsi in simulated or bool(row.get("simulated")),
    )


def _name(item: Any) -> str:
    """A reported name: text, or an object with `name` and optionally when it was seen."""
    if not isinstance(item, Mapping):
        return str(item)
    seen = [str(item[k])[:10] for k in ("first_ts", "last_ts") if item.get(k)]
    return f"{item.get('name', '?')} ({' to '.join(seen)})" if seen else str(item.get("name"))


def _time(value: Any, where: str) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    try:
        return parse_utc(str(value))
    except ValueError as error:
        raise ReportError(f"{where}: not an ISO 8601 time: {value!r}") from error


def decoded(value: Any) -> Any:
    """A JSON string holding an object or a list, parsed; anything else unchanged."""
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _object(value: Any) -> dict[str, Any]:
    value = decoded(value)
    return dict(value) if isinstance(value, Mapping) else {}


def required(row: Mapping[str, Any], key: str, where: str) -> str:
    """The text of field `key`; `where` names the row in the error.

    Raises:
        ReportError: the field is missing or empty.
    """
    value = row.get(key)
    if value is None or value == "":
        raise ReportError(f"{where}: {key} is required")
    return str(value)


def _int_required(row: Mapping[str, Any], key: str, where: str) -> int:
    value = _int(row.get(key))
    if value is None:
        raise ReportError(f"{where}: {key} is required")
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
