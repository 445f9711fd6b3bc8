"""The app's read-only view of a workspace, opened per request behind a context manager.

A DuckDB connection must not be shared between threads, and holding the workspace open would
lock other darkfleet commands out of it: so each request opens its own `Workspace` (its own
connection) and closes it when the answer is ready. Rows come back as plain records in the
CLI's JSON shape (times as UTC ISO 8601 with `Z`).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from darkfleet.config import Config
from darkfleet.errors import StoreError
from darkfleet.events.query import Filters, read_table
from darkfleet.screening.model import Identity, Match
from darkfleet.store import Workspace
from darkfleet.timefmt import iso_utc

Record = dict[str, Any]

#: Held while a workspace is opened or closed. DuckDB shares one database instance between the
#: connections of a process; a thread attaching the file while another closes the last
#: connection fails ("Unique file handle conflict"), so opening and closing take turns.
#: Queries on the open connections still run side by side.
_OPENING = threading.Lock()


@contextmanager
def opened(path: Path) -> Iterator[Workspace]:
    """The workspace at `path`, open for the block, opened and closed under `_OPENING`.

    Raises:
        StoreError: the directory is not a darkfleet workspace.
    """
    with _OPENING:
        ws = Workspace.open(path)
    try:
        yield ws
    finally:
        with _OPENING:
            ws.close()


def plain(row: Record) -> Record:
    """A row with its times as UTC ISO 8601 strings with `Z`."""
    return {k: iso_utc(v) if isinstance(v, datetime) else v for k, v in row.items()}


@dataclass(frozen=True, slots=True)
class WorkspaceStore:
    """Opens the configured workspace for one request at a time (`with store.open() as r`)."""

    config: Config

    @contextmanager
    def open(self) -> Iterator[WorkspaceReader]:
        """The workspace, open for the duration of the block.

        Raises:
            StoreError: the directory is not a darkfleet workspace.
        """
        with opened(self.config.workspace) as ws:
            yield WorkspaceReader(ws, self.config)

    def check(self) -> None:
        """Open and close the workspace once, to fail early when it is not one.

        Raises:
            StoreError: the directory is not a darkfleet workspace.
        """
        with opened(self.config.workspace):
            pass

    def tables(self) -> list[str]:
        """The workspace's tables with data (none when it does not exist)."""
        if not (Path(self.config.workspace) / "darkfleet.duckdb").exists():
            return []
        with opened(self.config.workspace) as ws:
            return ws.tables()


@dataclass(frozen=True, slots=True)
class WorkspaceReader:
    """Read-only queries of an open workspace for the routes."""

    ws: Workspace
    config: Config

    def rows(self, table: str, filters: Filters) -> list[Record]:
        """Rows of `vessels`, `events` or `voyages`, filtered.

        Raises:
            StoreError: `darkfleet detect` has not run in the workspace.
        """
        return [plain(row) for row in read_table(self.ws, table, filters)]

    def matches(self, mmsi: int | None = None, *, required: bool = True) -> list[Record]:
        """Stored screening matches (of one vessel), strongest first.

        Raises:
            StoreError: the workspace was never screened and `required` is set.
        """
        if not self.ws.batches("screen"):
            if required:
                raise StoreError("no screening yet (run `darkfleet lists load --bundled` and "
                                 "`darkfleet screen` first)", path=self.ws.path)
            return []
        if not self.ws.has_table("matches"):
            return []
        where, params = (" WHERE mmsi = ?", [mmsi]) if mmsi is not None else ("", [])
        sql = ("SELECT vessel, entry, evidence, score, list_date, notes FROM {matches}"
               f"{where} ORDER BY score DESC, mmsi, list, entry_id")
        return [_stored_match(row) for row in self.ws.query(sql, params).to_pylist()]

    def screen(self, identity: Identity) -> tuple[list[Record], list[Match]]:
        """The loaded list versions and the matches of `identity` against them.

        Raises:
            StoreError: no sanctions lists are loaded in the workspace.
        """
        from darkfleet.screening import Screener, required_lists

        lists = required_lists(self.ws)
        versions = [{"list": s.list, "version": s.version} for s in lists]
        return versions, Screener(lists, self.config.screening).screen(identity)

    def brief_html(self, case: str | None) -> str:
        """The cited brief of the workspace (and of the bundled case named `case`) as HTML.

        `case` is looked up by name in the registry of bundled cases, never read as a path.

        Raises:
            EvidenceError: the case is not a bundled case, or is invalid.
            ReportError: the brief could not be rendered.
        """
        from darkfleet.evidence import bundled_case_path
        from darkfleet.report import collect_brief, load_case, render_html

        case_data = (load_case(bundled_case_path(case), self.config.estimation)
                     if case else None)
        brief = collect_brief(self.ws, case_data, self.config)
        return str(render_html(brief, self.config.report))


def _stored_match(row: Record) -> Record:
    return {"vessel": json.loads(row["vessel"]), "entry": json.loads(row["entry"]),
            "score": round(row["score"], 3), "above_threshold": True,
            "evidence": json.loads(row["evidence"]), "list_date": row["list_date"],
            "notes": list(row["notes"] or [])}
