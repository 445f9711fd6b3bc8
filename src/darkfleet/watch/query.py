"""The watch's reads of the workspace (all its SQL): recent AIS to restore the detection
window, the alerts kept, and the `dark_port_presence` events of imagery detections."""

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
