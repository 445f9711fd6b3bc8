"""Decoded messages to Arrow tables (the workspace schemas), and the duplicate filter."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from darkfleet.ingest.identity import KnownRows, content_hashes
from darkfleet.ingest.message import KIND, POSITION_TYPES, STATIC_TYPES, AisMessage
from darkfleet.ingest.recent import recent_hashes
from darkfleet.ingest.report import Counts
from darkfleet.store.schema import POSITIONS, QUARANTINE, STATIC_REPORTS

if TYPE_CHECKING:
    from darkfleet.store.workspace import Workspace

RAW_CHARS = 1000

_POSITION_FIELDS = ("mmsi", "ts", "msg_type", "kind", "lat", "lon", "speed_kn", "course_deg",
                    "heading_deg", "nav_status", "source", "file", "line")
_STATIC_FIELDS = ("mmsi", "ts", "msg_type", "part", "imo", "callsign", "shipname", "ship_type",
                  "draught_m", "destination", "to_bow_m", "to_stern_m", "to_port_m",
                  "to_starboard_m", "file", "line")


def _column(messages: Sequence[AisMessage], name: str, file: str | None) -> list[object]:
    if name == "file":
        return [file] * len(messages)
    if name == "kind":
        return [KIND.get(m.msg_type) for m in messages]
    attribute = "ts_ms" if name == "ts" else name
    return [getattr(m, attribute) for m in messages]


def _table(messages: Sequence[AisMessage], names: tuple[str, ...], schema: pa.Schema,
           file: str | None) -> pa.Table:
    columns = {name: _column(messages, name, file) for name in names}
    return pa.Table.from_pydict(columns, schema=schema)


def positions_table(messages: Iterable[AisMessage], file: str | None) -> pa.Table:
    """POSITIONS rows of the position types among `messages`."""
    chosen = [m for m in messages if m.msg_type in POSITION_TYPES]
    return _table(chosen, _POSITION_FIELDS, POSITIONS, file)


def static_table(messages: Iterable[AisMessage], file: str | None) -> pa.Table:
    """STATIC_REPORTS rows of the static types among `messages`."""
    chosen = [m for m in messages if m.msg_type in STATIC_TYPES]
    return _table(chosen, _STATIC_FIELDS, STATIC_REPORTS, file)


def quarantine_table(rows: Sequence[tuple[int, str, bytes]], file: str | None) -> pa.Table:
    """QUARANTINE rows from (line, reason, raw bytes); raw cut, bad bytes escaped."""
    raw = [r[2][: RAW_CHARS * 4].decode("utf-8", "backslashreplace")[:RAW_CHARS] for r in rows]
    return pa.Table.from_pydict(
        {"file": [file] * len(rows), "line": [r[0] for r in rows],
         "reason": [r[1] for r in rows], "raw": raw},
        schema=QUARANTINE,
    )


@dataclass(frozen=True, slots=True)
class TimedRows:
    """The rows of a table that have a time: their indices, content hashes and times (ms)."""

    rows: np.ndarray
    hashes: np.ndarray
    ts_ms: np.ndarray


def timed_rows(table: pa.Table) -> TimedRows:
    """`table`'s timed rows (the only ones that can be duplicates)."""
    if table.num_rows == 0:
        empty = np.empty(0, dtype=np.int64)
        return TimedRows(empty, empty.astype(np.uint64), empty)
    valid = table["ts"].is_valid().to_numpy(zero_copy_only=False)
    rows = np.flatnonzero(valid)
    ts_ms = table["ts"].cast(pa.int64()).fill_null(0).to_numpy()[rows]
    return TimedRows(rows, content_hashes(table)[rows], ts_ms)


class DuplicateFilter:
    """Drops timed rows equal (provenance aside) to one of the last `window` timed rows, or to
    a row another batch stored (`known`).

    Rows without a time are never duplicates: a moored ship repeats the same report, and
    without times repeats cannot be told from copies of one transmission. Vectorised: the row
    hashes of a chunk are screened and compared with the last `window` hashes before them
    (`darkfleet.ingest.recent`), without a per-row Python loop.
    """

    def __init__(self, window: int, known: KnownRows | None = None) -> None:
        self._window = window
        self._known = known
        self._recent = recent_hashes(window)

    def filter(self, table: pa.Table) -> tuple[pa.Table, int]:
        """The rows of `table` that are not duplicates, in order, and how many were dropped."""
        if table.num_rows == 0 or (self._window == 0 and self._known is None):
            return table, 0
        timed = timed_rows(table)
        repeated = self.dropped(timed.hashes, timed.ts_ms)
        dropped = int(repeated.sum())
        if dropped == 0:
            return table, 0
        return without_rows(table, timed.rows[repeated]), dropped

    def dropped(self, hashes: np.ndarray, ts_ms: np.ndarray) -> np.ndarray:
        """Which of the next timed rows (their content `hashes` and times, in order) are
        duplicates; they then join the window."""
        if self._window == 0 and self._known is None:
            return np.zeros(len(hashes), dtype=bool)
        repeated = self._repeated(hashes) if self._window else np.zeros(len(hashes), bool)
        if self._known is not None:
            repeated |= self._known.seen(ts_ms, hashes)
        return repeated

    def _repeated(self, hashes: np.ndarray) -> np.ndarray:
        """Which of `hashes` equal one of the `window` hashes before them."""
        return self._recent.repeated(hashes)


#: Up to this many dropped rows, a table is cut into slices around them (no copy).
_SLICED_DROPS = 256


def without_rows(table: pa.Table, rows: np.ndarray) -> pa.Table:
    """`table` without `rows` (sorted indices): slices around a few, a filter for many."""
    if len(rows) > _SLICED_DROPS:
        keep = np.ones(table.num_rows, dtype=bool)
        keep[rows] = False
        return table.filter(pa.array(keep))
    starts = [0, *(rows + 1).tolist()]
    ends = [*rows.tolist(), table.num_rows]
    return pa.concat_tables([table.slice(start, end - start)
                             for start, end in zip(starts, ends, strict=True) if end > start]
                            or [table.slice(0, 0)])


class RowSink:
    """Drops duplicates from the rows of each table and counts what is kept."""

    def __init__(self, counts: Counts, window: int, workspace: Workspace | None = None) -> None:
        self.counts = counts
        self._filters = {
            "positions": DuplicateFilter(window, KnownRows(workspace, "positions", POSITIONS)),
            "static_reports": DuplicateFilter(
                window, KnownRows(workspace, "static_reports", STATIC_REPORTS)),
        }

    def store(self, name: str, table: pa.Table) -> pa.Table:
        """The rows of `table` (of table `name`) to write, duplicates dropped and counted."""
        table, dropped = self._filters[name].filter(table)
        self.counts.duplicates += dropped
        if name == "positions":
            self.counts.positions += table.num_rows
        else:
            self.counts.static_reports += table.num_rows
        self.counts.add_times(table)
        return table
