"""The watch's reads of the workspace (all its SQL): recent AIS to restore the detection
window, the alerts kept (and the web app's pages of them), and the `dark_port_presence` events
of imagery detections."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import pyarrow as pa

from darkfleet.store import Workspace

ALERTS = "alerts"

_RECENT_SQL = ("SELECT {columns} FROM {{{table}}} WHERE ts >= (SELECT max(ts) FROM {{positions}})"
               " - INTERVAL '{seconds} seconds' ORDER BY ts")
_AFTER_ID = ("(raised_at, id) > coalesce((SELECT (raised_at, id) FROM {alerts} "
             "WHERE id = ? LIMIT 1), (TIMESTAMPTZ '0001-01-01 00:00:00+00', ''))")
_PRESENCE_SQL = "SELECT id, details FROM {events} WHERE type = ?"


def recent_rows(ws: Workspace, table: str, columns: Sequence[str], days: Sequence[str],
                position_days: Sequence[str], window_s: int) -> pa.Table:
    """`columns` of `table`'s rows on `days` from `window_s` seconds before the last position
    on `position_days` on, by time.

    Raises:
        StoreError: a table has none of those days, or is unreadable.
    """
    sql = _RECENT_SQL.format(columns=", ".join(columns), table=table, seconds=int(window_s))
    return ws.query(sql, days={table: days, "positions": position_days})


def alert_rows(ws: Workspace, since: datetime | None, after_id: str | None,
               limit: int | None) -> list[dict[str, Any]]:
    """Rows of the `alerts` table in the order raised (see `alert_store.read_alerts`)."""
    where: list[str] = ["true"]
    params: list[object] = []
    if since is not None:
        where.append("raised_at >= ?")
        params.append(since)
    if after_id is not None:
        where.append(_AFTER_ID)
        params.append(after_id)
    sql = f"SELECT * FROM {{alerts}} WHERE {' AND '.join(where)} ORDER BY raised_at, id"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return list(ws.query(sql, params).to_pylist())


def alert_ids(ws: Workspace) -> set[str]:
    """The id of every alert kept."""
    return set(ws.read(ALERTS, ["id"]).column("id").to_pylist())


def presence_rows(ws: Workspace, event_type: str) -> list[dict[str, Any]]:
    """`id` and `details` of the events of type `event_type`."""
    return list(ws.query(_PRESENCE_SQL, [event_type]).to_pylist())


def latest_alert_rows(ws: Workspace, limit: int) -> list[dict[str, Any]]:
    """The `limit` latest alerts, newest first."""
    if not ws.has_table(ALERTS):
        return []
    rows: list[dict[str, Any]] = ws.query(
        "SELECT * FROM {alerts} ORDER BY ts DESC LIMIT ?", [limit]).to_pylist()
    return rows


def alert_page_rows(ws: Workspace, since: datetime | None, mmsi: int | None, rule: str | None,
                    limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    """A page of the alerts raised at or after `since`, of vessel `mmsi` and of rule `rule`
    (None: any), in the order they were raised, and how many match in all."""
    if not ws.has_table(ALERTS):
        return [], 0
    clauses, params = ["true"], []
    for clause, value in (("raised_at >= ?", since), ("mmsi = ?", mmsi), ("rule = ?", rule)):
        if value is not None:
            clauses.append(clause)
            params.append(value)
    where = " AND ".join(clauses)
    rows: list[dict[str, Any]] = ws.query(
        f"SELECT * FROM {{alerts}} WHERE {where} ORDER BY raised_at, id LIMIT ? OFFSET ?",
        [*params, limit, offset]).to_pylist()
    total = ws.query(f"SELECT count(*) AS n FROM {{alerts}} WHERE {where}", params)
    return rows, int(total.column("n")[0].as_py())


def last_alert_id(ws: Workspace) -> str | None:
    """The id of the alert raised last (None when there is none)."""
    if not ws.has_table(ALERTS):
        return None
    found = ws.query("SELECT id FROM {alerts} ORDER BY raised_at DESC, id DESC LIMIT 1")
    ids = found.column("id").to_pylist()
    return str(ids[0]) if ids else None
