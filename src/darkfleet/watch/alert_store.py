"""Alerts kept in the workspace: the `alerts` table, written with the watch's commits, and read
back by `darkfleet alerts`, a restarted watch (so nothing is raised twice) and the web app.

The watch opens the workspace only to commit (then closes it), so other commands can read the
workspace while it runs; an open that finds the file locked for that moment is retried.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from darkfleet.errors import StoreError
from darkfleet.store import Workspace
from darkfleet.watch.alert import Alert
from darkfleet.watch.query import ALERTS, alert_ids, alert_rows

TABLE = ALERTS
_OPEN_ATTEMPTS = 50
_OPEN_WAIT_S = 0.05


@contextmanager
def opened(path: Path, *, create: bool = False, attempts: int = _OPEN_ATTEMPTS
           ) -> Iterator[Workspace]:
    """The workspace at `path`, open for the block; an open that finds the catalogue locked by
    another darkfleet process is tried `attempts` times, 0.05 s apart (about 2.5 s).

    Raises:
        StoreError: not a workspace, or still locked after the retries.
    """
    for attempt in range(attempts):
        try:
            ws = Workspace.open(path, create=create, wait_s=0)  # this loop does the waiting
            break
        except StoreError as error:
            if "lock" not in str(error).lower() or attempt == attempts - 1:
                raise
            time.sleep(_OPEN_WAIT_S)
    try:
        yield ws
    finally:
        ws.close()


def read_alerts(workspace: Path | Workspace, *, since: datetime | None = None,
                after_id: str | None = None, limit: int | None = None) -> list[Alert]:
    """Alerts kept in the workspace, in the order they were raised (`raised_at`, then id).

    `since`: only those raised at or after this time; `after_id`: only those raised after the
    alert of this id (as a live stream resumes from the last id it sent; an unknown id gives
    every alert); `limit`: at most this many (the first ones). `workspace` is an open
    `Workspace` or a directory (opened and closed here).

    Raises:
        StoreError: the directory is not a workspace, or the table is unreadable.
    """
    if not isinstance(workspace, Workspace):
        with opened(workspace) as ws:
            return read_alerts(ws, since=since, after_id=after_id, limit=limit)
    if not workspace.has_table(TABLE):
        return []
    return [Alert.from_record(row) for row in alert_rows(workspace, since, after_id, limit)]


def raised_ids(workspace: Workspace) -> set[str]:
    """The ids of every alert kept in the workspace."""
    if not workspace.has_table(TABLE):
        return set()
    return alert_ids(workspace)
