"""Reading the screening stage's tables (and the AIS identities it screens) from a workspace.

`read_matches` returns the stored screening matches as `Match` records, their JSON-in-text
columns (`vessel`, `entry`, `evidence`) decoded once, here; `match_from_row` reads one row, of
the flat columns alone when the contract's objects are absent. The other readers return the
rows the stage's modules assemble: list entries, AIS identities per MMSI and per IMO.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from darkfleet.errors import StoreError
from darkfleet.row_values import decoded as _decoded
from darkfleet.row_values import json_object as _object
from darkfleet.screening.identity_input import identity_from_json, make_identity
from darkfleet.screening.model import Evidence, Identity, ListEntry, Match
from darkfleet.store import Workspace

__all__ = [
    "entry_rows",
    "hull_rows",
    "identity_from_json",
    "identity_rows",
    "listed_vessels",
    "make_identity",
    "match_from_row",
    "read_matches",
    "seen_name_rows",
    "stored_matches",
    "vessel_identity_rows",
]

_ENTRY_FIELDS = [f.name for f in fields(ListEntry)]
_IDENTITY_FIELDS = [f.name for f in fields(Identity)]


def read_matches(ws: Workspace, mmsi: int | None = None, *,
                 required: bool = True) -> list[Match]:
    """The stored screening matches (of vessel `mmsi`), strongest first.

    Raises:
        StoreError: the workspace was never screened and `required` is set.
    """
    if not ws.batches("screen"):
        if required:
            raise StoreError("no screening yet (run `darkfleet lists load --bundled` and "
                             "`darkfleet screen` first)", path=ws.path)
        return []
    if not ws.has_table("matches"):
        return []
    where, params = (" WHERE mmsi = ?", [mmsi]) if mmsi is not None else ("", [])
    sql = f"SELECT * FROM {{matches}}{where} ORDER BY score DESC, mmsi, list, entry_id"
    return [match_from_row(row, i) for i, row in enumerate(ws.query(sql, params).to_pylist())]


def stored_matches(ws: Workspace) -> list[Match]:
    """Every match as stored, in storage order, whether or not `darkfleet screen` wrote the
    table (none when it is absent)."""
    if not ws.has_table("matches"):
        return []
    return [match_from_row(row, i) for i, row in enumerate(ws.read("matches").to_pylist())]


def match_from_row(row: Mapping[str, Any], index: int) -> Match:
    """A Match from a `matches` row: the contract's `vessel`, `entry` and `evidence` objects
    (as JSON text or objects), else the flat columns (mmsi, imo, name, list, entry_id,
    entry_name, entry_imo, programs, listed_on, list_date) with `evidence` a list of objects
    naming their `field`. A row that states no `basis` reads with basis `""` (not stated).

    Raises:
        StoreError: the entry has no list or id, or the score is missing.
    """
    where = f"matches row {index + 1}"
    if row.get("entry") is not None:
        vessel, entry = _object(row.get("vessel")), _object(row.get("entry"))
    else:
        vessel = {"mmsi": row.get("mmsi"), "imo": row.get("imo"), "name": row.get("name")}
        entry = {"list": row.get("list"), "id": row.get("entry_id"), "kind": "vessel",
                 "names": [row["entry_name"]] if row.get("entry_name") else [],
                 "imo": row.get("entry_imo"), "programs": row.get("programs"),
                 "listed_on": row.get("listed_on")}
    for key in ("list", "id"):
        if entry.get(key) in (None, ""):
            raise StoreError(f"{where} entry: {key} is required")
    if row.get("score") is None:
        raise StoreError(f"{where}: score is required")
    list_date = str(row.get("list_date") or entry.get("list_date") or "")
    return Match(
        vessel=_identity(vessel, row.get("seen_at")), entry=_entry(entry),
        score=float(row["score"]), list_date=list_date,
        evidence=_evidence(_decoded(row.get("evidence")), str(entry["list"]), list_date),
        notes=tuple(str(n) for n in row.get("notes") or ()),
        basis=str(row.get("basis") or ""),
        via=tuple(str(v) for v in _decoded(row.get("via")) or ()))


def _identity(record: Mapping[str, Any], seen_at: Any) -> Identity:
    values = {k: record[k] for k in _IDENTITY_FIELDS if record.get(k) is not None}
    values["former_names"] = tuple(values.get("former_names") or ())
    if seen_at and "seen_at" not in values:
        values["seen_at"] = str(seen_at)
    for key in ("mmsi", "imo"):
        if key in values:
            values[key] = int(values[key])
    return Identity(**values)


def _entry(record: Mapping[str, Any]) -> ListEntry:
    values = {k: record[k] for k in _ENTRY_FIELDS if record.get(k) is not None}
    for key in ("names", "name_kinds", "programs", "linked_to", "link_kinds", "former_flags"):
        values[key] = tuple(str(x) for x in values.get(key) or ())
    values["list"], values["id"] = str(values["list"]), str(values["id"])
    values.setdefault("kind", "vessel")
    return ListEntry(**values)


def _evidence(raw: Any, list_name: str, list_date: str) -> tuple[Evidence, ...]:
    """Evidence by field (an object of field -> record, or a list of records with `field`)."""
    items: list[Mapping[str, Any]]
    if isinstance(raw, Mapping):
        items = [{**value, "field": key} for key, value in raw.items()
                 if isinstance(value, Mapping)]
    else:
        items = [item for item in raw or () if isinstance(item, Mapping)]
    return tuple(Evidence(
        field=str(item.get("field", "")), how=str(item.get("how", "")),
        query=str(item.get("query", "")), listed=str(item.get("listed", "")),
        score=float(item.get("score") or 0.0), list=str(item.get("list") or list_name),
        list_date=str(item.get("list_date") or list_date)) for item in items)


def entry_rows(ws: Workspace, *, vessels_only: bool = False) -> list[dict[str, Any]]:
    """The `list_entries` rows (of vessels only, with `vessels_only`); none when absent."""
    if not ws.has_table("list_entries"):
        return []
    where = " WHERE kind IN ('vessel', 'vessel_ref')" if vessels_only else ""
    rows: list[dict[str, Any]] = ws.query("SELECT * FROM {list_entries}" + where).to_pylist()
    return rows


_IDENTITIES_SQL = """
WITH named AS (
    SELECT mmsi, trim(shipname) AS shipname, max(ts) AS last_ts
    FROM {static_reports} WHERE shipname IS NOT NULL AND trim(shipname) <> ''
    GROUP BY mmsi, trim(shipname))
SELECT s.mmsi,
       arg_max(s.imo, s.ts) FILTER (WHERE s.imo IS NOT NULL AND s.imo > 0) AS last_imo,
       arg_max(trim(s.callsign), s.ts) FILTER (WHERE trim(s.callsign) <> '') AS callsign,
       arg_max(s.ship_type, s.ts) FILTER (WHERE s.ship_type > 0) AS ship_type,
       arg_max(s.to_bow_m + s.to_stern_m, s.ts)
           FILTER (WHERE s.to_bow_m > 0 AND s.to_stern_m > 0) AS length_m,
       strftime(max(s.ts), '%Y-%m-%dT%H:%M:%SZ') AS seen_at,
       (SELECT list(n.shipname ORDER BY n.last_ts DESC, n.shipname) FROM named n
        WHERE n.mmsi = s.mmsi) AS names
FROM {static_reports} s GROUP BY s.mmsi ORDER BY s.mmsi
"""


def identity_rows(ws: Workspace) -> list[dict[str, Any]]:
    """Per MMSI of the static reports: the latest valid IMO (`last_imo`), call sign, ship type
    and length, the last report's time (`seen_at`) and every name, latest first."""
    if not ws.has_table("static_reports"):
        return []
    rows: list[dict[str, Any]] = ws.query(_IDENTITIES_SQL).to_pylist()
    return rows


def seen_name_rows(ws: Workspace) -> list[str]:
    """The latest name of every MMSI of the static reports (as reported, trimmed)."""
    if not ws.has_table("static_reports"):
        return []
    sql = ("SELECT arg_max(trim(shipname), ts) AS name FROM {static_reports} "
           "WHERE shipname IS NOT NULL AND trim(shipname) <> '' GROUP BY mmsi")
    return [str(r["name"]) for r in ws.query(sql).to_pylist()]


_HULL_SQL = """
SELECT imo, mmsi, trim(shipname) AS name, trim(callsign) AS callsign,
       strftime(min(ts), '%Y-%m-%dT%H:%M:%SZ') AS first_seen,
       strftime(max(ts), '%Y-%m-%dT%H:%M:%SZ') AS last_seen
FROM {static_reports} WHERE imo IS NOT NULL AND imo > 0 AND ts IS NOT NULL {where}
GROUP BY imo, mmsi, trim(shipname), trim(callsign) ORDER BY imo, first_seen, mmsi
"""


def hull_rows(ws: Workspace, imo: int | None = None) -> list[dict[str, Any]]:
    """The spans of each IMO (or of `imo`) in the static reports: imo, mmsi, name, call sign,
    first and last seen, by IMO and first seen."""
    if not ws.has_table("static_reports"):
        return []
    where = "AND imo = ?" if imo is not None else ""
    rows: list[dict[str, Any]] = ws.query(_HULL_SQL.replace("{where}", where),
                                          [int(imo)] if imo is not None else []).to_pylist()
    return rows


def vessel_identity_rows(ws: Workspace, mmsi: int) -> list[dict[str, Any]]:
    """The distinct identities of vessel `mmsi` in its static reports (name, imo, callsign,
    ship_type, first_ts, last_ts, reports), first seen first."""
    if not ws.has_table("static_reports"):
        return []
    sql = ("SELECT shipname AS name, imo, callsign, ship_type, min(ts) AS first_ts, "
           "max(ts) AS last_ts, count(*) AS reports FROM {static_reports} WHERE mmsi = ? "
           "GROUP BY ALL ORDER BY first_ts")
    rows: list[dict[str, Any]] = ws.query(sql, [mmsi]).to_pylist()
    return rows


def listed_vessels(ws: Workspace) -> int:
    """How many vessels (MMSIs) the stored screening matched (0 when never screened)."""
    if not ws.has_table("matches"):
        return 0
    return int(ws.query("SELECT count(DISTINCT mmsi) AS n FROM {matches}").column("n")[0]
               .as_py())
