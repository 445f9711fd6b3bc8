"""Reading the stage's tables back from a workspace, filtered (for `darkfleet events` & co).

`read_events`, `read_voyages` and `read_vessels` return the stage's typed records
(`darkfleet.events.records`); `read_table` returns plain dicts with times as aware UTC
datetimes and `details` as an object (the CLI's JSON lines); `read_page` is the web app's paged
read (`PageQuery`).
Voyages follow the current screening: the workspace's stored sanctions matches (after
`darkfleet lists load` and `screen`) replace the screening reasons and the sanctions component
of their risk that detection stored, without running `detect` again.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from darkfleet.errors import StoreError
from darkfleet.events.records import (
    Event,
    Vessel,
    Voyage,
    event_from_row,
    vessel_from_row,
    voyage_from_row,
)
from darkfleet.events.selection import NOT_ALNUM, IdentityFilters, name_matches
from darkfleet.events.selection import Filters as Filters
from darkfleet.events.selection import PageQuery as PageQuery
from darkfleet.row_values import decoded
from darkfleet.store.workspace import Workspace

DETECT_KIND = "detect"
SCREEN_KIND = "screen"  # the batch kind of `darkfleet screen`'s matches and reasons


def read_table(workspace: Workspace, name: str, filters: Filters) -> list[dict[str, Any]]:
    """Rows of `events`, `voyages` or `vessels`, filtered and in a stable order.

    Raises:
        StoreError: `darkfleet detect` has not run in this workspace.
    """
    rows: list[dict[str, Any]] = query_table(workspace, name, filters).to_pylist()
    for row in rows:
        if "details" in row:
            row["details"] = decoded(row["details"])
    if name == "voyages" and rows:
        _follow_screening(workspace, rows)
    return rows


def read_events(workspace: Workspace, filters: Filters | None = None) -> list[Event]:
    """The events matching `filters`, in time order.

    Raises:
        StoreError: `darkfleet detect` has not run in this workspace.
    """
    rows = read_table(workspace, "events", filters or Filters())
    return [event_from_row(row, i) for i, row in enumerate(rows)]


def read_voyages(workspace: Workspace, filters: Filters | None = None) -> list[Voyage]:
    """The voyages matching `filters`, by departure, following the current screening.

    Raises:
        StoreError: `darkfleet detect` has not run in this workspace.
    """
    rows = read_table(workspace, "voyages", filters or Filters())
    return [voyage_from_row(row, i) for i, row in enumerate(rows)]


def read_vessels(workspace: Workspace, filters: Filters | None = None) -> list[Vessel]:
    """The vessels matching `filters`, by MMSI.

    Raises:
        StoreError: `darkfleet detect` has not run in this workspace.
    """
    rows = read_table(workspace, "vessels", filters or Filters())
    return [vessel_from_row(row, i) for i, row in enumerate(rows)]


def read_page(workspace: Workspace, table: str, query: PageQuery) -> tuple[list[Any], int]:
    """A page of `vessels`, `events` or `voyages` (as `Vessel`, `Event` or `Voyage` records)
    filtered by `query`, and how many match in all.

    Raises:
        StoreError: `darkfleet detect` has not run in this workspace.
    """
    if not has_detected(workspace):
        raise StoreError("no events yet (run `darkfleet detect` first)", path=workspace.path)
    if not workspace.has_table(table):
        return [], 0
    rows_sql, count_sql, params = select(table, query,
                                         has_voyages=workspace.has_table("voyages"))
    rows = workspace.query(rows_sql, params).to_pylist()
    total = workspace.query(count_sql, params).column("n")[0].as_py()
    parse = {"events": event_from_row, "voyages": voyage_from_row,
             "vessels": vessel_from_row}[table]
    return [parse(row, i) for i, row in enumerate(rows)], int(total)


def stored_events(workspace: Workspace) -> list[Event]:
    """Every event as stored, in storage order, whether or not detection wrote the table (none
    when it is absent): for readers of any table that keeps the contract (the brief)."""
    return [event_from_row(r, i) for i, r in enumerate(_stored(workspace, "events"))]


def stored_voyages(workspace: Workspace) -> list[Voyage]:
    """Every voyage as stored, in storage order (see `stored_events`)."""
    return [voyage_from_row(r, i) for i, r in enumerate(_stored(workspace, "voyages"))]


def stored_vessels(workspace: Workspace) -> list[Vessel]:
    """Every vessel as stored, in storage order (see `stored_events`)."""
    return [vessel_from_row(r, i) for i, r in enumerate(_stored(workspace, "vessels"))]


def flagged_simulated(workspace: Workspace) -> frozenset[int]:
    """The vessels a `vessels` table flags as simulated (a `simulated` column some writers
    add beside the contract's)."""
    return frozenset(int(r["mmsi"]) for r in _stored(workspace, "vessels")
                     if r.get("simulated"))


def _stored(workspace: Workspace, table: str) -> list[dict[str, Any]]:
    if not workspace.has_table(table):
        return []
    rows: list[dict[str, Any]] = workspace.read(table).to_pylist()
    return rows


def counts(workspace: Workspace) -> dict[str, Any]:
    """What detection wrote: vessels, voyages (watched) and events by type (0 when absent)."""
    def rows(sql: str, table: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = (workspace.query(sql).to_pylist()
                                       if workspace.has_table(table) else [])
        return found

    vessels = rows("SELECT count(*) AS n FROM {vessels}", "vessels")
    voyages = rows("SELECT count(*) AS n, count(*) FILTER (WHERE watched) AS watched "
                   "FROM {voyages}", "voyages")
    events = rows("SELECT type, count(*) AS n FROM {events} GROUP BY type ORDER BY type",
                  "events")
    return {"vessels": vessels[0]["n"] if vessels else 0,
            "voyages": voyages[0]["n"] if voyages else 0,
            "watched_voyages": voyages[0]["watched"] if voyages else 0,
            "events": {row["type"]: row["n"] for row in events}}


def query_table(workspace: Workspace, name: str, filters: Filters) -> pa.Table:
    """`read_table` as an Arrow table (`details` left as JSON text)."""
    if not has_detected(workspace):
        raise StoreError("no events yet (run `darkfleet detect` first)", path=workspace.path)
    if not workspace.has_table(name):  # detected, none found: no rows, the declared columns
        return _empty(name)
    where, params = _where(name, filters)
    more, more_params = selection_clauses(workspace, name, filters)
    if more:
        where = (where or " WHERE ") + (" AND " if where else "") + " AND ".join(more)
    order = {"events": "start, type, mmsi", "voyages": "depart, mmsi", "vessels": "mmsi"}[name]
    return workspace.query(f"SELECT * FROM {{{name}}} t{where} ORDER BY {order}",
                           params + more_params)


def _empty(name: str) -> pa.Table:
    import polars as pl

    from darkfleet.events.model import EVENT_SCHEMA
    from darkfleet.events.vessels import VESSEL_SCHEMA
    from darkfleet.events.voyages import VOYAGE_SCHEMA

    schema = {"events": EVENT_SCHEMA, "voyages": VOYAGE_SCHEMA, "vessels": VESSEL_SCHEMA}[name]
    return pl.DataFrame(schema=schema).to_arrow()


def _follow_screening(workspace: Workspace, rows: list[dict[str, Any]]) -> None:
    """The latest screening's reasons (the `screening_reasons` that `darkfleet screen` writes
    with its matches) in place of those detection stored; nothing when never screened."""
    from darkfleet.events.voyages import follow_screening

    stored = workspace.has_table("screening_reasons")  # absent after a screen: no reasons
    if not workspace.has_batch_kind(SCREEN_KIND) or (not stored
                                                     and workspace.has_table("matches")):
        return  # never screened, or screened by a version that kept no reasons
    current: dict[int, list[tuple[str, float]]] = {}
    found = workspace.query("SELECT mmsi, reason, weight FROM {screening_reasons} ORDER BY "
                            "mmsi, weight DESC, reason").to_pylist() if stored else []
    for row in found:
        current.setdefault(row["mmsi"], []).append((row["reason"], row["weight"]))
    for row in rows:
        follow_screening(row, current.get(row["mmsi"], ()))


def has_detected(workspace: Workspace) -> bool:
    """Whether `darkfleet detect` has run in this workspace (even if it found nothing)."""
    return workspace.has_batch_kind(DETECT_KIND)


def _where(name: str, f: Filters) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    time_col = {"events": ("start", "\"end\""), "voyages": ("depart", "arrive"),
                "vessels": ("first_ts", "last_ts")}[name]
    if f.types and name == "events":
        clauses.append(f"type IN ({', '.join('?' for _ in f.types)})")
        params += list(f.types)
    if f.mmsi is not None:
        other = " OR other_mmsi = ?" if name == "events" else ""
        clauses.append(f"(mmsi = ?{other})")
        params += [f.mmsi] * (2 if other else 1)
    if f.port and name == "events":
        clauses.append("port = ?")
        params.append(f.port)
    if f.port and name == "voyages":
        clauses.append("(origin = ? OR destination = ?)")
        params += [f.port, f.port]
    if f.since is not None:
        clauses.append(f"{time_col[1]} >= ?")
        params.append(f.since)
    if f.until is not None:
        clauses.append(f"{time_col[0]} <= ?")
        params.append(f.until)
    if f.area is not None and name == "events":
        clauses.append("lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?")
        params += [f.area[0], f.area[2], f.area[1], f.area[3]]
    if f.watched and name == "voyages":
        clauses.append("watched")
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


#: The time columns of each table: (start, end).
_TIMES = {"events": ("start", '"end"'), "voyages": ("depart", "arrive"),
          "vessels": ("first_ts", "last_ts")}
#: AIS gaps that detection did not explain away (`details.suspected`, true when not stated).
SUSPECTED = ("(type = 'ais_gap' AND coalesce(TRY_CAST(json_extract_string(details, "
             "'$.suspected') AS BOOLEAN), TRUE))")
_ORDER = {"events": "start, type, mmsi, id", "voyages": "depart, mmsi, id", "vessels": "mmsi"}


def select(table: str, query: PageQuery, *, has_voyages: bool) -> tuple[str, str, list[Any]]:
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


def _clauses(table: str, f: PageQuery, has_voyages: bool) -> list[tuple[str, list[Any]]]:
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
    from darkfleet.transliterate import latin_forms

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


def _voyage_filter(table: str, f: PageQuery, has_voyages: bool) -> tuple[str, list[Any]]:
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


def matching_mmsis(workspace: Workspace, filters: IdentityFilters) -> list[int] | None:
    """The MMSIs whose identity passes the filters, or None when no identity filter is set."""
    if filters.imo is None and not filters.name and not filters.callsign:
        return None
    if not workspace.has_table("vessels"):
        return []
    rows = workspace.query("SELECT mmsi, imo, callsign, name, names FROM {vessels}").to_pylist()
    callsign = NOT_ALNUM.sub("", (filters.callsign or "").upper())
    return sorted(
        row["mmsi"] for row in rows
        if (filters.imo is None or row["imo"] == filters.imo)
        and (not callsign or NOT_ALNUM.sub("", (row["callsign"] or "").upper()) == callsign)
        and (not filters.name or name_matches(filters.name, [row["name"], *(row["names"] or [])]))
    )


def selection_clauses(workspace: Workspace, table: str, filters: IdentityFilters
                      ) -> tuple[list[str], list[Any]]:
    """SQL conditions (and their parameters) for the identity filters and, on voyages and
    vessels (rows without a position of their own, aliased `t`), the area filter."""
    clauses: list[str] = []
    params: list[Any] = []
    mmsis = matching_mmsis(workspace, filters)
    if mmsis is not None:
        listed = f"IN ({', '.join(str(m) for m in mmsis) or 'NULL'})"
        clauses.append(f"(mmsi {listed} OR other_mmsi {listed})" if table == "events"
                       else f"mmsi {listed}")
    if (filters.area is not None and table in ("voyages", "vessels")
            and workspace.has_table("track_points")):
        min_lat, min_lon, max_lat, max_lon = filters.area
        within = " AND p.ts BETWEEN t.depart AND t.arrive" if table == "voyages" else ""
        clauses.append(
            "EXISTS (SELECT 1 FROM {track_points} p WHERE p.mmsi = t.mmsi" + within
            + " AND p.lat BETWEEN ? AND ? AND p.lon BETWEEN ? AND ?)")
        params += [min_lat, max_lat, min_lon, max_lon]
    return clauses, params
