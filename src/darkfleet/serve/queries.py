"""The API's filtered, paged reads of `vessels`, `events` and `voyages`, as SQL.

A `Query` holds every filter the API lists; `select` turns it into one SQL statement with
parameters (values are always bound, never pasted), run with a count of all matching rows so
that a page can say how many there are in all.

Filter meanings: `q` matches a vessel's names (any name it reported, and Latin forms of a
Cyrillic or Hangul query), its IMO, MMSI or call sign; `since`/`until` keep rows overlapping the
time range; `bbox` keeps events inside the box; `suspected` keeps the AIS gaps that detection
did not explain away (`details.suspected`, true when not stated); `watched` keeps voyages
touching a watched port group, and events and vessels of vessels with such a voyage;
`min_risk` keeps voyages with at least that risk, and events and vessels of vessels with such a
voyage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from darkfleet.screening.transliterate import latin_forms

#: The time columns of each table: (start, end).
_TIMES = {"events": ("start", '"end"'), "voyages": ("depart", "arrive"),
          "vessels": ("first_ts", "last_ts")}
#: AIS gaps that detection did not explain away (`details.suspected`, true when not stated).
SUSPECTED = ("(type = 'ais_gap' AND coalesce(TRY_CAST(json_extract_string(details, "
             "'$.suspected') AS BOOLEAN), TRUE))")
_ORDER = {"events": "start, type, mmsi, id", "voyages": "depart, mmsi, id", "vessels": "mmsi"}


@dataclass(frozen=True, slots=True)
class Query:
    """Filters of one list request (None or empty: no filter) and its page."""

    q: str | None = None
    mmsi: int | None = None
    imo: int | None = None
    types: Sequence[str] = ()
    since: datetime | None = None
    until: datetime | None = None
    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat
    watched: bool = False
    min_risk: float | None = None
    suspected: bool = False
    ids: Sequence[str] = ()
    limit: int | None = None
    offset: int = 0


def select(table: str, query: Query, *, has_voyages: bool) -> tuple[str, str, list[Any]]:
    """The page's SQL, the count's SQL and their shared parameters, for `table`."""
    clauses: list[str] = []
    params: list[Any] = []
    for clause, values in _clauses(table, query, has_voyages):
        clauses.append(clause)
        params += values
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    page = f" LIMIT {int(query.limit)}" if query.limit is not None else ""
    page += f" OFFSET {int(query.offset)}" if query.offset else ""
    rows_sql = f"SELECT * FROM {{{table}}} AS t{where} ORDER BY {_ORDER[table]}{page}"
    count_sql = f"SELECT count(*) AS n FROM {{{table}}} AS t{where}"
    return rows_sql, count_sql, params


def _clauses(table: str, f: Query, has_voyages: bool) -> list[tuple[str, list[Any]]]:
    out: list[tuple[str, list[Any]]] = []
    start, end = _TIMES[table]
    if f.ids:
        out.append((f"id IN ({', '.join('?' for _ in f.ids)})", list(f.ids)))
    if f.types and table == "events":
        out.append((f"type IN ({', '.join('?' for _ in f.types)})", list(f.types)))
    if f.mmsi is not None:
        out.append(("(mmsi = ? OR other_mmsi = ?)", [f.mmsi] * 2) if table == "events"
                   else ("mmsi = ?", [f.mmsi]))
    if f.imo is not None:
        out.append(_imo(table, f.imo))
    if f.q:
        out.append(_text(table, f.q))
    if f.since is not None:
        out.append((f"{end} >= ?", [f.since]))
    if f.until is not None:
        out.append((f"{start} <= ?", [f.until]))
    if f.bbox is not None and table == "events":
        west, south, east, north = f.bbox
        out.append(("lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?", [west, east, south, north]))
    if f.suspected and table == "events":
        out.append((SUSPECTED, []))
    if f.watched or f.min_risk is not None:
        out.append(_voyage_filter(table, f, has_voyages))
    return out


def _imo(table: str, imo: int) -> tuple[str, list[Any]]:
    if table == "events":
        return ("(mmsi IN (SELECT mmsi FROM {vessels} WHERE imo = ?) OR other_mmsi IN "
                "(SELECT mmsi FROM {vessels} WHERE imo = ?))", [imo, imo])
    return ("imo = ?", [imo])


def _text(table: str, text: str) -> tuple[str, list[Any]]:
    """Vessels whose name, former names, IMO, MMSI or call sign match `text`."""
    forms = sorted({form.upper().strip() for form in (text, *latin_forms(text)) if form.strip()})
    likes = " OR ".join("upper(array_to_string(v.names, '|') || '|' || coalesce(v.name, ''))"
                        " LIKE ? ESCAPE '\\'" for _ in forms)
    params: list[Any] = ["%" + _escape_like(form) + "%" for form in forms]
    digits = text.strip()
    exact = " OR CAST(v.imo AS VARCHAR) = ? OR CAST(v.mmsi AS VARCHAR) = ? OR upper(v.callsign) = ?"
    params += [digits, digits, digits.upper()]
    vessels = f"SELECT v.mmsi FROM {{vessels}} AS v WHERE {likes}{exact}"
    if table == "events":
        return (f"(mmsi IN ({vessels}) OR other_mmsi IN ({vessels}))", params * 2)
    return (f"mmsi IN ({vessels})", params)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _voyage_filter(table: str, f: Query, has_voyages: bool) -> tuple[str, list[Any]]:
    conditions: list[str] = []
    params: list[Any] = []
    if f.watched:
        conditions.append("watched")
    if f.min_risk is not None:
        conditions.append("risk >= ?")
        params.append(f.min_risk)
    where = " AND ".join(conditions)
    if table == "voyages":
        return (where, params)
    if not has_voyages:
        return ("FALSE", [])
    inner = f"SELECT mmsi FROM {{voyages}} WHERE {where}"
    if table == "events":
        return (f"(mmsi IN ({inner}) OR other_mmsi IN ({inner}))", params * 2)
    return (f"mmsi IN ({inner})", params)
