"""One NMEA input, chunk by chunk: the fast path first, the scalar path for every other line.

`NmeaPipeline.process(chunk)` returns the chunk's rows as Arrow tables (positions, static
reports, quarantine), in line order, with duplicates dropped, and keeps the counts. Results do
not depend on which path decoded a line: both follow the same rules (docs/ingest.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from darkfleet.ingest import fastpath
from darkfleet.ingest._fast_pairs import settle_pairs
from darkfleet.ingest.lines import joined
from darkfleet.ingest.message import POSITION_TYPES, STATIC_TYPES, AisMessage
from darkfleet.ingest.plausible import TimeBounds
from darkfleet.ingest.reader import Chunk
from darkfleet.ingest.report import Counts
from darkfleet.ingest.scalar import (
    Decoded,
    DecoderState,
    Event,
    Quarantined,
    ScalarDecoder,
    strict_error,
)
from darkfleet.ingest.sentence import GatehouseTime, frame_line
from darkfleet.ingest.settings import IngestSettings
from darkfleet.ingest.tables import (
    RowSink,
    positions_table,
    quarantine_table,
    static_table,
)

if TYPE_CHECKING:
    from darkfleet.store.workspace import Workspace


@dataclass(frozen=True, slots=True)
class ChunkRows:
    """Rows ready for the workspace."""

    positions: pa.Table
    static_reports: pa.Table
    quarantine: pa.Table


class Pipeline(Protocol):
    """What reads one input: chunks in, rows out, counts kept."""

    counts: Counts
    format_name: str

    def process(self, chunk: Chunk) -> ChunkRows: ...

    def finish(self) -> ChunkRows: ...


class NmeaPipeline:
    """Decodes one NMEA input; feed its chunks in order, then call `finish`."""

    format_name = "nmea"

    def __init__(self, file: str, settings: IngestSettings, *, strict: bool = False,
                 bounds: TimeBounds | None = None, workspace: Workspace | None = None,
                 raw: bool = False) -> None:
        """`workspace`: rows it already holds (from other batches) count as duplicates.
        `raw`: no duplicate filter; rows are given as decoded (for a `RowSink` elsewhere)."""
        self.file = file
        self.settings = settings
        self.strict = strict
        self.counts = Counts()
        self.bounds = bounds or TimeBounds.of(settings)
        self._decoder = ScalarDecoder(settings.max_open_messages, settings.max_line_bytes,
                                      self.bounds)
        self._sink = None if raw else RowSink(self.counts, settings.duplicate_window, workspace)

    def process(self, chunk: Chunk) -> ChunkRows:
        """Rows of one chunk.

        Raises:
            DecodeError: in strict mode, at the first line that would be quarantined.
        """
        lines = chunk.lines
        self.counts.lines += len(lines)
        context = self._context(lines, chunk.first_line, chunk.gatehouse)
        fast = fastpath.decode_lines(lines, context)
        handled = np.asarray(fast.handled, dtype=bool).copy()
        handled &= fast.line_bytes <= self.settings.max_line_bytes
        for table in (fast.positions, fast.static_reports):  # the scalar path quarantines them
            handled[table["line"].to_numpy()[self.bounds.implausible_rows(table["ts"])]] = False
        pairs = settle_pairs(handled, fast.pair_seconds, fast.pair_keys, lines,
                             self._decoder.pending_keys(), self.settings.max_open_messages)
        for name, rows in fast.nulled.items():
            if count := int(handled[rows].sum()):
                self.counts.nulled[name] += count
        fast_positions = self._fast_rows(fast.positions, handled, chunk.first_line)
        fast_static = self._fast_rows(fast.static_reports, handled, chunk.first_line)
        n_fast = int(handled.sum())
        self.counts.sentences += n_fast
        self.counts.messages += n_fast - pairs
        self.counts.in_both_tables += _count_type(fast_positions, 19)
        events: list[Event] = []
        for index in np.flatnonzero(~handled).tolist():
            events += self._feed(lines[index], chunk.first_line + index)
        return self._rows(events, fast_positions, fast_static)

    def state(self, next_line: int) -> DecoderState:
        """What the decoding carries to line `next_line` (see `ScalarDecoder.state`)."""
        return self._decoder.state(next_line)

    def restore(self, state: DecoderState, next_line: int) -> None:
        """Continue from `state` at line `next_line`, with counts from zero."""
        self._decoder.restore(state, next_line)
        self.counts = Counts()

    def finish(self) -> ChunkRows:
        """Rows settled at the end of the input (fragments that never completed)."""
        events = self._decoder.finish()
        for event in events:
            self._check_strict(event)
        return self._rows(events, None, None)

    def _feed(self, raw: bytes, line: int) -> list[Event]:
        events = self._decoder.feed(raw, line)
        for event in events:
            self._check_strict(event)
        return events

    def _check_strict(self, event: Event) -> None:
        if self.strict and isinstance(event, Quarantined):
            raise strict_error(event, self.file)

    def _context(self, lines: Sequence[bytes], first_line: int, gatehouse: bool
                 ) -> np.ndarray | None:
        """Time each line gets from a `$PGHP` line just before it (-1 where none);
        `gatehouse`: whether such a line may be among `lines`."""
        carried = self._decoder.context_for(first_line)
        if carried is None and not (gatehouse and b"PGHP" in joined(lines)):
            return None
        context = np.full(len(lines), -1, dtype=np.int64)
        if carried is not None:
            context[0] = carried
        for index, line in enumerate(lines[:-1]):
            if b"PGHP" in line and len(line) <= self.settings.max_line_bytes:
                framed = frame_line(line)
                if isinstance(framed, GatehouseTime):
                    context[index + 1] = framed.ts_ms
        return context

    def _fast_rows(self, table: pa.Table, handled: np.ndarray, first_line: int) -> pa.Table:
        if table.num_rows == 0:
            return table
        keep = handled[table["line"].cast(pa.int64()).to_numpy()]
        if not keep.all():  # usually all: no copy
            table = table.filter(pa.array(keep))
        lines = pc.add(table["line"].cast(pa.int64()), first_line)
        table = table.set_column(table.schema.get_field_index("line"), "line", lines)
        files = pa.repeat(pa.scalar(self.file, pa.string()), table.num_rows)
        return table.set_column(table.schema.get_field_index("file"), "file", files)

    def _rows(self, events: list[Event], fast_positions: pa.Table | None,
              fast_static: pa.Table | None) -> ChunkRows:
        messages: list[AisMessage] = []
        quarantine: list[tuple[int, str, bytes]] = []
        for event in events:
            if isinstance(event, Decoded):
                messages.append(event.message)
                self.counts.sentences += len(event.lines)
            elif isinstance(event, Quarantined):
                quarantine.append((event.line, event.reason, event.raw))
                self.counts.quarantined[event.reason] += 1
            else:
                self.counts.ignored[event.reason] += 1
        self._count_messages(messages)
        positions = self._store("positions", positions_table(messages, self.file), fast_positions)
        static = self._store("static_reports", static_table(messages, self.file), fast_static)
        return ChunkRows(positions, static, quarantine_table(quarantine, self.file))

    def _count_messages(self, messages: list[AisMessage]) -> None:
        self.counts.messages += len(messages)
        for message in messages:
            self.counts.nulled.update(message.nulled)
            if message.msg_type == 19:
                self.counts.in_both_tables += 1
            elif message.msg_type not in POSITION_TYPES | STATIC_TYPES:
                self.counts.header_only += 1

    def _store(self, name: str, scalar: pa.Table, fast: pa.Table | None) -> pa.Table:
        table = scalar if fast is None or fast.num_rows == 0 else pa.concat_tables([fast, scalar])
        if fast is not None and fast.num_rows and scalar.num_rows:
            table = table.sort_by("line")
        return table if self._sink is None else self._sink.store(name, table)


def _count_type(table: pa.Table, msg_type: int) -> int:
    if table.num_rows == 0:
        return 0
    return int(pc.sum(pc.equal(table["msg_type"], msg_type)).as_py() or 0)
