"""The watch loop: feed in, decode, commit, detect, alert; status on the side; clean shutdown.

`Watcher.run(stop)` starts the feed's readers, then loops until `stop` is set (SIGINT/SIGTERM in
the CLI) or a finite feed (a replay) has been read to its end. On the way out it stops reading,
decodes everything already received, settles open multi-sentence messages, detects once more
and commits: nothing received is left uncommitted. On start it reads back the alerts kept in the
workspace (so none is raised twice) and the last `window_h` of committed data (so detection
continues where it stopped).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import polars as pl

from darkfleet.config import Config
from darkfleet.errors import StoreError
from darkfleet.events.ports import PortRegistry
from darkfleet.ingest.report import FileReport
from darkfleet.screening import Screener, load_lists
from darkfleet.store import Workspace
from darkfleet.store.batch import UNDATED
from darkfleet.watch.alert import Alert
from darkfleet.watch.alert_store import opened, raised_ids
from darkfleet.watch.batcher import BATCH_KIND, Batcher
from darkfleet.watch.engine import WatchEngine
from darkfleet.watch.feed import Feed, log
from darkfleet.watch.imagery_source import read_dark_detections
from darkfleet.watch.line_queue import LineQueue, Received
from darkfleet.watch.outputs import AlertSink
from darkfleet.watch.query import recent_rows
from darkfleet.watch.rules import RuleSet
from darkfleet.watch.window import (
    POSITION_COLUMNS,
    POSITION_SCHEMA,
    STATIC_COLUMNS,
    STATIC_SCHEMA,
)

_SHUTDOWN_S = 10.0  # at most this long for the readers to hand over, and for the last commit
_MAX_UNCOMMITTED = 5_000_000  # rows waiting for a workspace that cannot be written


@dataclass(frozen=True, slots=True)
class WatchStatus:
    """The status line: throughput, how far behind the feed the watch is, what it raised."""

    feed: str
    messages_per_s: float
    lag_s: float
    messages: int
    alerts: int
    queued_lines: int
    dropped_lines: int
    connections: int
    committed_at: datetime | None

    def line(self) -> str:
        committed = self.committed_at.strftime("%H:%M:%SZ") if self.committed_at else "never"
        return (f"watch {self.feed}: {self.messages_per_s:,.0f} msg/s, lag {self.lag_s:.1f} s, "
                f"{self.messages:,} messages, {self.alerts} alerts, {self.queued_lines:,} queued, "
                f"{self.dropped_lines:,} dropped, {self.connections} connections, "
                f"committed {committed}")


@dataclass(frozen=True, slots=True)
class WatchSummary:
    """What a watch session did: its ingest report, alerts raised and commits."""

    session: str
    report: FileReport
    alerts: int
    commits: int
    restored_positions: int


class Watcher:
    """One watch session over one feed (see the module doc)."""

    def __init__(self, config: Config, feed: Feed, rules: RuleSet, registry: PortRegistry,
                 sinks: Sequence[AlertSink] = (),
                 status: Callable[[WatchStatus], None] | None = None) -> None:
        self.config = config
        self.feed = feed
        self.sinks = list(sinks)
        self.on_status = status
        self.queue = LineQueue(config.watch.queue_max_lines)
        self.batcher = Batcher(config.workspace, feed.name, config.ingest,
                               config.watch.compact_every)
        self.alerts = 0
        self.restored = 0
        with opened(config.workspace, create=True) as ws:
            lists = load_lists(ws, vessels_only=True)
            self.engine = WatchEngine(config, rules, registry, Screener(lists, config.screening),
                                      raised_ids(ws))
            self.listed_entries = sum(len(x.entries) for x in lists)
            self._restore(ws)
            self._imagery = bool(rules.of_kind("dark_detection_in_port"))
            if self._imagery:
                self.engine.see_detections(read_dark_detections(ws))
            cursor = Batcher.last_cursor(ws.batches(BATCH_KIND), feed.name)
        if cursor is not None:
            feed.resume(cursor)
        self.started = threading.Event()
        self._lag_s = 0.0
        self._rate = (time.monotonic(), 0)

    def run(self, stop: threading.Event) -> WatchSummary:
        """Watch until `stop` is set or a finite feed ends, then shut down cleanly.

        Raises:
            InputError: the feed cannot be opened (an address in use, a missing file).
            StoreError: the workspace cannot be written.
        """
        s = self.config.watch
        reading = threading.Event()
        self.feed.start(self.queue, reading)
        self.batcher.name_feed(self.feed.name)
        self.started.set()
        if self.on_status is not None:
            self.on_status(self.status())
        last = {"commit": time.monotonic(), "detect": 0.0, "status": time.monotonic(),
                "imagery": time.monotonic()}
        try:
            while not stop.is_set():
                items = self.queue.take(s.chunk_max_lines, 0.1)
                self._decode(items)
                if not items and self.feed.done.is_set() and not len(self.queue):
                    break
                self._due(last)
        finally:
            reading.set()
            self._shutdown()
        return WatchSummary(self.batcher.session, self.batcher.report(), self.alerts,
                            self.batcher.commits, self.restored)

    def status(self) -> WatchStatus:
        now, messages = time.monotonic(), self.batcher.pipeline.counts.messages
        then, before = self._rate
        self._rate = (now, messages)
        rate = (messages - before) / (now - then) if now > then else 0.0
        return WatchStatus(self.feed.name, rate, self._lag_s, messages, self.alerts,
                           len(self.queue), self.queue.dropped_lines, self.feed.connections,
                           self.batcher.committed_at)

    def _due(self, last: dict[str, float]) -> None:
        s, now = self.config.watch, time.monotonic()
        if self._imagery and now - last["imagery"] >= s.imagery_poll_s:
            last["imagery"] = now
            self._read_imagery()
        if self.engine.heard_new and now - last["detect"] >= s.detect_interval_s:
            last["detect"] = now
            alerts = self.engine.tick()
            if alerts:
                self._commit(alerts)
                last["commit"] = now
        if now - last["commit"] >= s.commit_interval_s:
            last["commit"] = now
            if self.batcher.pending_rows:
                self._commit([])
        if self.on_status is not None and now - last["status"] >= s.status_interval_s:
            last["status"] = now
            self.on_status(self.status())

    def _read_imagery(self) -> None:
        """Read the workspace's dark detections again (a workspace held by another process
        is logged and read at the next poll)."""
        try:
            with opened(self.config.workspace, attempts=4) as ws:
                self.engine.see_detections(read_dark_detections(ws))
        except StoreError as error:
            log.warning("cannot read imagery detections now (%s)", error)

    def _decode(self, items: list[Received]) -> None:
        if not items:
            return
        lines = [line for item in items for line in item.lines]
        rows = self.batcher.decode(lines, items[-1].cursor)
        self.engine.add(rows.positions, rows.static_reports)
        self._lag_s = max(0.0, time.time() - items[0].at)

    def _commit(self, alerts: list[Alert], *, final: bool = False) -> None:
        """Commit, then emit the alerts committed. A workspace another process holds (or any
        store error) is logged and tried again at the next commit, while what waits stays
        below a bound; the final commit tries for `_SHUTDOWN_S` before it gives up.

        Raises:
            StoreError: the final commit failed, or too much waits uncommitted.
        """
        deadline = time.monotonic() + (_SHUTDOWN_S if final else 0.0)
        while True:
            try:
                done = self.batcher.commit(alerts)
                break
            except StoreError as error:
                alerts = []  # the batcher keeps them for the next try
                waiting = self.batcher.pending_rows
                if time.monotonic() >= deadline and (final or waiting > _MAX_UNCOMMITTED):
                    raise
                log.warning("cannot commit now (%s); %d rows wait", error, waiting)
                if not final:
                    return
                time.sleep(0.5)
        self.alerts += len(done)
        for alert in done:
            for sink in self.sinks:
                sink.emit(alert)

    def _shutdown(self) -> None:
        """Decode what the readers still hand over (they stop at once, taking what their
        sockets hold), settle, detect and commit; then close the sinks."""
        deadline = time.monotonic() + _SHUTDOWN_S
        while self.feed.alive() and time.monotonic() < deadline:
            self._decode(self.queue.take(self.config.watch.chunk_max_lines, 0.05))
        while items := self.queue.take(self.config.watch.chunk_max_lines, 0.0):
            self._decode(items)
        rows = self.batcher.finish()
        self.engine.add(rows.positions, rows.static_reports)
        self._commit(self.engine.tick() if self.engine.heard_new else [], final=True)
        for sink in self.sinks:
            sink.close()

    def _restore(self, ws: Workspace) -> None:
        """Feed the engine the last `window_h` of committed positions and static reports."""
        if not ws.has_table("positions"):
            return
        days = [d for d in ws.days("positions") if d != UNDATED]
        if not days:
            return
        last_day = datetime.fromisoformat(days[-1])
        first = (last_day - timedelta(days=int(self.config.watch.window_h // 24) + 1)).date()
        recent = [d for d in days if d >= first.isoformat()]
        window_s = int(self.config.watch.window_h * 3600)
        positions = _select(ws, "positions", POSITION_COLUMNS, recent, recent, window_s,
                            POSITION_SCHEMA)
        static_days = [d for d in recent if ws.has_table("static_reports")
                       and d in ws.days("static_reports")]
        statics = _select(ws, "static_reports", STATIC_COLUMNS, static_days, recent, window_s,
                          STATIC_SCHEMA)
        self.engine.add(positions, statics)
        self.restored = positions.height


def _select(ws: Workspace, table: str, columns: list[str], days: list[str],
            position_days: list[str], window_s: int,
            schema: dict[str, pl.DataType]) -> pl.DataFrame:
    if not days:
        return pl.DataFrame(schema=schema)
    frame = pl.from_arrow(recent_rows(ws, table, columns, days, position_days, window_s))
    assert isinstance(frame, pl.DataFrame)
    return frame
