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

from darkfleet.errors import StoreError
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


def read_table(workspace: Workspace, name: str, filters: Filters) -> list[dict[str, Any]]:
    """Rows of `events`, `voyages` or `vessels`, filtered and in a stable order.

    Raises:
        StoreError: `darkfleet detect` has not run in this workspace.
    """
    if not has_detected(workspace):
        raise StoreError("no events yet (run `darkfleet detect` first)", path=workspace.path)
    if not workspace.has_table(name):
        return []
    where, params = _where(name, filters)
    order = {"events": "start, type, mmsi", "voyages": "depart, mmsi", "vessels": "mmsi"}[name]
    sql = f"SELECT * FROM {{{name}}}{where} ORDER BY {order}"
    rows: list[dict[str, Any]] = workspace.query(sql, params).to_pylist()
    for row in rows:
        if "details" in row and isinstance(row["details"], str):
            row["details"] = json.loads(row["details"])
    if name == "voyages" and rows:
        _follow_screening(workspace, rows)
    return rows


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


def events_geojson(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of events (Points at the event's position)."""
    features = []
    for row in rows:
        props = {k: v for k, v in row.items() if k not in ("lat", "lon")}
        geometry = None if row["lat"] is None else {
            "type": "Point", "coordinates": [round(row["lon"], 6), round(row["lat"], 6)]}
        features.append({"type": "Feature", "id": row["id"], "geometry": geometry,
                         "properties": props})
    return {"type": "FeatureCollection", "features": features}
