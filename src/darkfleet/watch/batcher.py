"""Received lines to workspace rows, committed every few seconds (the store adapter).

One `NmeaPipeline` of the ingest stage decodes the whole session, so multi-sentence messages,
tag-block groups and duplicates across steps are handled exactly as in a file, and the session's
lines are counted the same way. Rows wait in memory until `commit`, which writes them (and the
alerts raised with them) as one workspace batch of kind `watch`: visible all together or not at
all. Each batch's report is the session's ingest report so far (lines, sentences, messages,
positions, quarantined by reason...) with the session id, the batch's number, the feed and, for
a followed file, where the next session resumes reading it.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from darkfleet.errors import StoreError
from darkfleet.ingest.pipeline import ChunkRows, NmeaPipeline
from darkfleet.ingest.reader import Chunk
from darkfleet.ingest.report import FileReport
from darkfleet.ingest.settings import IngestSettings
from darkfleet.store.compact import compact
from darkfleet.store.workspace import Workspace
from darkfleet.timefmt import iso_utc
from darkfleet.watch.alert import Alert, alerts_table
from darkfleet.watch.alert_store import TABLE as ALERTS
from darkfleet.watch.alert_store import opened

BATCH_KIND = "watch"
WRITTEN = ("positions", "static_reports", "quarantine", ALERTS)  # what a watch writes
_OPEN_ATTEMPTS = 4  # a workspace another process holds: try again at the next commit

log = logging.getLogger(__name__)


@dataclass
class _Pending:
    positions: list[pa.Table] = field(default_factory=list)
    statics: list[pa.Table] = field(default_factory=list)
    quarantine: list[pa.Table] = field(default_factory=list)

    def rows(self) -> int:
        return sum(t.num_rows for t in [*self.positions, *self.statics, *self.quarantine])


class Batcher:
    """Decodes a session's lines and commits them (see the module doc)."""

    def __init__(self, workspace: Path, feed_name: str, settings: IngestSettings,
                 compact_every: int = 0) -> None:
        self.workspace = workspace
        self.compact_every = compact_every
        self.session = uuid.uuid4().hex[:12]
        self.file = f"{feed_name}#{iso_utc(datetime.now(UTC))}"
        self.pipeline = NmeaPipeline(self.file, settings)
        self.commits = 0
        self.committed_at: datetime | None = None
        self.feed = feed_name
        self.cursor: dict[str, int] | None = None
        self._lines = 0
        self._pending = _Pending()
        self._alerts: list[Alert] = []

    def name_feed(self, feed_name: str) -> None:
        """Name the feed in the `file` column (a listener's address is known once bound)."""
        self.feed = feed_name
        self.file = f"{feed_name}#{self.file.rsplit('#', 1)[1]}"
        self.pipeline.file = self.file

    @property
    def pending_rows(self) -> int:
        """Rows and alerts waiting for a commit."""
        return self._pending.rows() + len(self._alerts)

    def decode(self, lines: list[bytes], cursor: dict[str, int] | None = None) -> ChunkRows:
        """Decode the next lines of the session; their rows wait for `commit`. `cursor`: where
        the feed resumes after them (stored with the next commit)."""
        rows = self.pipeline.process(Chunk(self._lines + 1, lines))
        self._lines += len(lines)
        self.cursor = cursor or self.cursor
        self._keep(rows)
        return rows

    def finish(self) -> ChunkRows:
        """The rows settled at the end of the session (fragments that never completed)."""
        rows = self.pipeline.finish()
        self._keep(rows)
        return rows

    @staticmethod
    def last_cursor(batches: list[dict[str, object]], feed_name: str) -> dict[str, int] | None:
        """The cursor of the last committed batch of the feed `feed_name` (from
        `Workspace.batches("watch")`), if it has one."""
        for batch in reversed(batches):
            report = batch["report"]
            if isinstance(report, dict) and report.get("feed") == feed_name:
                cursor = report.get("cursor")
                return dict(cursor) if isinstance(cursor, dict) else None
        return None

    def report(self) -> FileReport:
        return self.pipeline.counts.report(self.file)

    def commit(self, alerts: list[Alert]) -> list[Alert]:
        """Write the waiting rows and alerts (`alerts` and those of commits that failed) to the
        workspace as one batch; returns the alerts it committed.

        Raises:
            StoreError: the workspace cannot be opened or written (rows and alerts stay
                waiting for the next commit).
        """
        self._alerts += alerts
        alerts = self._alerts
        pending = self._pending
        with opened(self.workspace, create=True, attempts=_OPEN_ATTEMPTS) as ws:
            with ws.batch(BATCH_KIND, f"watch:{self.session}:{self.commits + 1}") as batch:
                for name, tables in (("positions", pending.positions),
                                     ("static_reports", pending.statics)):
                    if tables:
                        batch.add(name, pa.concat_tables(tables))
                if pending.quarantine:
                    batch.add("quarantine", pa.concat_tables(pending.quarantine),
                              day_column=None)
                if alerts:
                    batch.add(ALERTS, alerts_table(alerts), day_column="raised_at")
                batch.report = {**self.report().to_json(), "session": self.session,
                                "batch": self.commits + 1, "alerts": len(alerts),
                                "feed": self.feed, "cursor": self.cursor}
            self._pending, self._alerts = _Pending(), []
            self.commits += 1
            self.committed_at = datetime.now(UTC)
            if self.compact_every and self.commits % self.compact_every == 0:
                self._compact(ws)
        return alerts

    @staticmethod
    def _compact(ws: Workspace) -> None:
        """Merge the small parts of the tables a watch writes; a failure is logged (what was
        committed stays committed, the next compaction tries again)."""
        try:
            done = compact(ws, WRITTEN)
        except StoreError as error:
            log.warning("cannot merge the workspace's small parts now: %s", error)
            return
        log.info("merged small parts: %d parts fewer", done.parts_removed)

    def _keep(self, rows: ChunkRows) -> None:
        for tables, table in ((self._pending.positions, rows.positions),
                              (self._pending.statics, rows.static_reports),
                              (self._pending.quarantine, rows.quarantine)):
            if table.num_rows:
                tables.append(table)
