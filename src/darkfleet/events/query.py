"""Reading the stage's tables back from a workspace, filtered (for `darkfleet events` & co).

Rows come back as plain dicts with times as aware UTC datetimes and `details` as an object.
Voyages follow the current screening: the workspace's stored sanctions matches (after
`darkfleet lists load` and `screen`) replace the screening reasons and the sanctions component
of their risk that detection stored, without running `detect` again.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pyarrow as pa

from darkfleet.errors import StoreError
from darkfleet.events.selection import selection_clauses
from darkfleet.store.workspace import Workspace

DETECT_KIND = "detect"
SCREEN_KIND = "screen"  # the batch kind of `darkfleet screen`'s matches table


@dataclass(frozen=True, slots=True)
class Filters:
    """Filters of the `events`, `voyages` and `vessels` commands (None: no filter)."""

    types: Sequence[str] = ()
    mmsi: int | None = None
    port: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    area: tuple[float, float, float, float] | None = None  # min lat, min lon, max lat, max lon
    watched: bool = False
    imo: int | None = None
    name: str | None = None  # any script; see darkfleet.events.selection
    callsign: str | None = None


def read_table(workspace: Workspace, name: str, filters: Filters) -> list[dict[str, Any]]:
    """Rows of `events`, `voyages` or `vessels`, filtered and in a stable order.

    Raises:
        StoreError: `darkfleet detect` has not run in this workspace.
    """
    rows: list[dict[str, Any]] = query_table(workspace, name, filters).to_pylist()
    for row in rows:
        if "details" in row and isinstance(row["details"], str):
            row["details"] = json.loads(row["details"])
    if name == "voyages" and rows:
        _follow_screening(workspace, rows)
    return rows


def query_table(workspace: Workspace, name: str, filters: Filters) -> pa.Table:
    """`read_table` as an Arrow table (`details` left as JSON text)."""
    if not has_detected(workspace):
        raise StoreError("no events yet (run `darkfleet detect` first)", path=workspace.path)
    if not workspace.has_table(name):
        return pa.table({})
    where, params = _where(name, filters)
    more, more_params = selection_clauses(workspace, name, filters)
    if more:
        where = (where or " WHERE ") + (" AND " if where else "") + " AND ".join(more)
    order = {"events": "start, type, mmsi", "voyages": "depart, mmsi", "vessels": "mmsi"}[name]
    return workspace.query(f"SELECT * FROM {{{name}}} t{where} ORDER BY {order}",
                           params + more_params)
def _follow_screening(workspace: Workspace, rows: list[dict[str, Any]]) -> None:
    from darkfleet.events.voyages import follow_screening
    from darkfleet.screening import workspace_screening_reasons

    screened = workspace.con.execute(
        "SELECT count(*) FROM batches WHERE kind = ?", [SCREEN_KIND]).fetchone()
    if not (screened and screened[0]):  # never screened: keep what detection stored
        return
    current = workspace_screening_reasons(workspace)
    for row in rows:
        follow_screening(row, current.get(row["mmsi"], ()))


def has_detected(workspace: Workspace) -> bool:
    """Whether `darkfleet detect` has run in this workspace (even if it found nothing)."""
    row = workspace.con.execute("SELECT count(*) FROM batches WHERE kind = ?",
                                [DETECT_KIND]).fetchone()
    return bool(row and row[0])


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

