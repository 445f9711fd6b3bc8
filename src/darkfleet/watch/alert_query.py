"""The web app's reads of `darkfleet watch`'s alerts table: the latest alerts, a filtered page
in the order they were raised, and the id of the last one. Rows as stored (none when `watch`
never ran)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from darkfleet.store import Workspace

__all__ = ["alert_page_rows", "last_alert_id", "latest_alert_rows"]

TABLE = "alerts"


def latest_alert_rows(ws: Workspace, limit: int) -> list[dict[str, Any]]:
    """The `limit` latest alerts, newest first."""
    if not ws.has_table(TABLE):
        return []
    rows: list[dict[str, Any]] = ws.query(
        "SELECT * FROM {alerts} ORDER BY ts DESC LIMIT ?", [limit]).to_pylist()
    return rows


def alert_page_rows(ws: Workspace, since: datetime | None, mmsi: int | None, rule: str | None,
                    limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    """A page of the alerts raised at or after `since`, of vessel `mmsi` and of rule `rule`
    (None: any), in the order they were raised, and how many match in all."""
    if not ws.has_table(TABLE):
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
    if not ws.has_table(TABLE):
        return None
    found = ws.query("SELECT id FROM {alerts} ORDER BY raised_at DESC, id DESC LIMIT 1")
    ids = found.column("id").to_pylist()
    return str(ids[0]) if ids else None
