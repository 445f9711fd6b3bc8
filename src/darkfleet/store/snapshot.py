"""Read-only snapshots of the catalogue, so that readers never block writers.

DuckDB locks the catalogue file for as long as a connection is open, so a reader that opened it
(the web app, say) would lock `ingest` and `detect` out. Instead every writer leaves a copy of
the catalogue beside it, `snapshot.duckdb`, made when a batch commits and when the workspace is
closed: written to a temporary file and renamed into place, so a reader sees either the old copy
or the new one, never half of one. `open_snapshot` attaches that copy read-only to an in-memory
database: a `Workspace` with the whole read API and no lock on the catalogue.

A reader holding an old snapshot may find a Parquet part gone (a later batch replaced the
table); `snapshot_id` lets it notice that a newer snapshot exists and read again.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import duckdb

from darkfleet.errors import StoreError

if TYPE_CHECKING:
    from darkfleet.store.workspace import Workspace

T = TypeVar("T")

SNAPSHOT = "snapshot.duckdb"

#: How long `Workspace.open` waits for a workspace another process holds, in seconds.
BUSY_WAIT_S = 10.0

_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>\S+) \(PID (?P<pid>\d+)\)")


def write_snapshot(con: duckdb.DuckDBPyConnection, root: Path) -> None:
    """Copy the open catalogue `con` of the workspace at `root` to its snapshot, atomically."""
    target = root / SNAPSHOT
    temporary = root / f".{SNAPSHOT}.{os.getpid()}.tmp"
    temporary.unlink(missing_ok=True)
    literal = "'" + str(temporary).replace("'", "''") + "'"
    database = con.execute("SELECT current_database()").fetchone()
    source = database[0] if database else "memory"
    con.execute(f"ATTACH {literal} AS darkfleet_snapshot")
    try:
        con.execute(f'COPY FROM DATABASE "{source}" TO darkfleet_snapshot')
    finally:
        con.execute("DETACH darkfleet_snapshot")
    os.replace(temporary, target)


def snapshot_id(root: Path) -> tuple[int, int] | None:
    """Which snapshot is current at `root` (inode and mtime), or None when there is none."""
    try:
        stat = (root / SNAPSHOT).stat()
    except FileNotFoundError:
        return None
    return stat.st_ino, stat.st_mtime_ns


def attach_snapshot(root: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory connection with the snapshot at `root` attached read-only and in use.

    Raises:
        StoreError: there is no workspace (or no snapshot of it yet) at `root`.
    """
    path = root / SNAPSHOT
    if not (root / "darkfleet.duckdb").exists():
        raise StoreError("no darkfleet workspace here (run `darkfleet ingest` first)", path=root)
    if not path.exists():
        raise StoreError("the workspace has no snapshot yet (run any darkfleet command on it "
                         "once, say `darkfleet detect`)", path=root)
    con = duckdb.connect(":memory:")
    literal = "'" + str(path).replace("'", "''") + "'"
    try:
        con.execute(f"ATTACH {literal} AS darkfleet_catalogue (READ_ONLY)")
        con.execute("USE darkfleet_catalogue")
    except duckdb.Error as error:
        con.close()
        raise StoreError("cannot read the workspace snapshot", path=root) from error
    return con


def busy_holder(error: duckdb.Error) -> str | None:
    """Who holds the lock that `error` reports (program and PID), or None: not a lock error."""
    text = str(error)
    if "lock" not in text.lower():
        return None
    found = _HOLDER.search(text)
    if not found:
        return "another process"
    return f"{Path(found['program']).name}, PID {found['pid']}"


def connect_waiting(catalogue: Path, wait_s: float) -> duckdb.DuckDBPyConnection:
    """Connect to `catalogue`, retrying for up to `wait_s` seconds while another process holds it.

    Raises:
        StoreError: still held after `wait_s` ("workspace busy (held by ...)"), or not a
            DuckDB catalogue.
    """
    deadline = time.monotonic() + wait_s
    pause = 0.05
    while True:
        try:
            return duckdb.connect(str(catalogue))
        except duckdb.Error as error:
            holder = busy_holder(error)
            if holder is None:
                raise StoreError(f"not a darkfleet workspace: {error}", path=catalogue) from error
            if time.monotonic() >= deadline:
                raise StoreError(f"workspace busy (held by {holder}): its catalogue is locked; "
                                 f"waited {wait_s:g} s", path=catalogue.parent) from error
        time.sleep(pause)
        pause = min(pause * 2, 0.5)


class Snapshots:
    """The latest snapshot of each workspace, attached once and shared: each request reads it
    through its own cursor (DuckDB's connection per thread), so only a new snapshot costs an
    attach."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._attached: dict[Path, tuple[tuple[int, int] | None, duckdb.DuckDBPyConnection]] = {}
        self._memo: dict[Any, tuple[tuple[int, int] | None, Any]] = {}

    def open(self, root: Path) -> tuple[tuple[int, int] | None, Workspace]:
        """The current snapshot of `root` (its id, and a read-only workspace over a cursor).

        Raises:
            StoreError: there is no workspace snapshot at `root`.
        """
        current = snapshot_id(root)
        with self._lock:
            held = self._attached.get(root)
            if held is None or held[0] != current or current is None:
                held = (current, attach_snapshot(root))  # the old one closes when unused
                self._attached[root] = held
            cursor = held[1].cursor()
        cursor.execute("USE darkfleet_catalogue")
        from darkfleet.store.workspace import Workspace

        return held[0], Workspace(root, cursor, read_only=True)

    def remember(self, key: Any, snapshot: tuple[int, int] | None,
                 make: Callable[[], T]) -> T:
        """`make()`, computed once per snapshot of the workspace and `key`."""
        with self._lock:
            found = self._memo.get(key)
        if found is not None and found[0] == snapshot:
            return found[1]  # type: ignore[no-any-return]
        value = make()
        with self._lock:
            self._memo[key] = (snapshot, value)
        return value
