"""Byte ranges of one large plain NMEA file, decoded apart with exactly the results of one pass.

The file is cut at multiples of the reader's block size, each range holding the lines that start
inside it (`reader.line_start_at`): the ranges tile the file, and each is read in the same chunks
as the whole file in one pass. What crosses a range edge is the decoder's state: the fragments of
multi-sentence messages still open, and the time a `$PGHP` line gives the line after it. A range
is decoded after a lead-in (the last `LEAD_BYTES` before it, decoded and thrown away) that
rebuilds that state; the ingesting process checks, range by range in order, that the state the
lead-in rebuilt equals the one the range before ended with, and when it does not (a fragment
left open since before the lead-in, say) decodes the range again from that state. Rows and counts
then come out as in one pass. Lines are numbered from a range's first line (a message begun
before it gets a line of 0 or less) and shifted when stored.

Used for large files that are neither gzip, CSV nor ingested in strict mode (where the first bad
line must stop everything after it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

import pyarrow as pa
import pyarrow.compute as pc

from darkfleet.errors import InputError
from darkfleet.ingest.pipeline import ChunkRows, NmeaPipeline
from darkfleet.ingest.plausible import TimeBounds
from darkfleet.ingest.reader import BLOCK_BYTES, LineSource, line_start_at
from darkfleet.ingest.report import Counts
from darkfleet.ingest.scalar import DecoderState
from darkfleet.ingest.settings import IngestSettings

#: Bytes before a range decoded to rebuild the decoder's state at its start.
LEAD_BYTES = 1 << 20
#: Ranges per decoding process (smaller ranges let storing begin sooner), of at most
#: `MAX_RANGE_BLOCKS` blocks (the ingesting process maps a range's rows while storing them).
RANGES_PER_WORKER = 4
MAX_RANGE_BLOCKS = 2
_NMEA_STARTS = (b"!", b"$", b"\\", b"\n", b"\r")
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class Ranging:
    """How large plain NMEA files are cut: in whole blocks of `block_bytes`, into ranges of
    about `range_bytes` (0: `RANGES_PER_WORKER` per process), or at the explicit `edges`
    (multiples of `block_bytes`); files under `min_bytes` are not cut; each range decoded after
    a lead-in of the `lead_bytes` before it; `processes`: how many decode (0: the local pool's
    size)."""

    block_bytes: int = BLOCK_BYTES
    range_bytes: int = 0
    edges: tuple[int, ...] = ()
    min_bytes: int = 2 * BLOCK_BYTES
    lead_bytes: int = LEAD_BYTES
    processes: int = 0


@dataclass(frozen=True, slots=True)
class Span:
    """One range: the line starts `lead <= start <= end` (the lead-in is `lead..start`), whether
    it ends the file, and the state to begin from instead of a lead-in."""

    lead: int
    start: int
    end: int
    last: bool
    block_bytes: int
    initial: DecoderState | None = None


@dataclass(frozen=True, slots=True)
class SpanResult:
    """A decoded range: its counts and lines, and the decoder's state at its start and end."""

    counts: Counts
    lines: int
    start_state: DecoderState
    end_state: DecoderState


def spans_of(path: str, size: int, ranging: Ranging, processes: int) -> list[Span] | None:
    """The ranges `path` is decoded in, or None when it is read whole (small, gzip or CSV).

    Raises:
        InputError: the file cannot be read.
    """
    block = ranging.block_bytes
    if not ranging.edges and size < ranging.min_bytes:
        return None
    if not _plain_nmea(path):
        return None
    if ranging.edges:
        cuts = list(ranging.edges)
    else:
        blocks = -(-size // block)
        per = min(MAX_RANGE_BLOCKS, -(-blocks // (RANGES_PER_WORKER * max(processes, 1))))
        if ranging.range_bytes:
            per = max(1, ranging.range_bytes // block)
        cuts = [k * per * block for k in range(1, -(-blocks // per))]
    starts = sorted({0, *(line_start_at(path, cut) for cut in cuts if 0 < cut < size)})
    starts = [start for start in starts if start < size] or [0]
    ends = [*starts[1:], size]
    return [Span(line_start_at(path, max(0, start - ranging.lead_bytes)), start, end,
                 end == size, block) for start, end in zip(starts, ends, strict=True)]


def _plain_nmea(path: str) -> bool:
    """Whether the file is not gzip and its first line starts like NMEA (or is empty).

    Raises:
        InputError: the file cannot be read.
    """
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", path=path) from error
    if head[:2] == _GZIP_MAGIC:
        return False
    return head.removeprefix(b"\xef\xbb\xbf")[:1] in _NMEA_STARTS


def decode_span(path: str, settings: IngestSettings, bounds: TimeBounds, span: Span,
                emit: Callable[[ChunkRows], None]) -> SpanResult:
    """Decode one range, giving each chunk's rows (no duplicate filter) to `emit`.

    Raises:
        InputError: the file cannot be read.
    """
    pipeline = NmeaPipeline(path, settings, bounds=bounds, raw=True)
    state = span.initial
    if state is None:
        lead_lines = 0
        if span.lead < span.start:
            with LineSource(path, settings.max_line_bytes, (span.lead, span.start),
                            span.block_bytes) as source:
                for chunk in source.chunks(settings.chunk_lines):
                    pipeline.process(chunk)
                    lead_lines += len(chunk.lines)
        state = pipeline.state(lead_lines + 1)
    pipeline.restore(state, 1)
    with LineSource(path, settings.max_line_bytes, (span.start, span.end),
                    span.block_bytes) as source:
        for chunk in source.chunks(settings.chunk_lines):
            emit(pipeline.process(chunk))
    lines = pipeline.counts.lines
    end_state = pipeline.state(lines + 1)
    if span.last:
        emit(pipeline.finish())
        end_state = DecoderState()
    return SpanResult(pipeline.counts, lines, state, end_state)


def settled(parts: Iterable[tuple[Span, Callable[[], SpanResult]]],
            redo: Callable[[Span], SpanResult]) -> Iterator[tuple[SpanResult, int]]:
    """Each range's result in order, with the lines of the file before it; a range whose lead-in
    did not rebuild the state the range before ended with is decoded again by `redo` from it."""
    expected, before = DecoderState(), 0
    for span, result in parts:
        got = result()
        if got.start_state != expected:
            got = redo(replace(span, initial=expected))
        yield got, before
        expected, before = got.end_state, before + got.lines


def shifted(rows: ChunkRows, lines_before: int) -> ChunkRows:
    """`rows` with their line numbers counted from the file's first line."""
    if lines_before == 0:
        return rows
    return ChunkRows(*(_shift(table, lines_before)
                       for table in (rows.positions, rows.static_reports, rows.quarantine)))


def shift_lines(table: pa.Table, lines_before: int) -> pa.Table:
    """`table` with its line numbers counted from the file's first line."""
    return table if lines_before == 0 else _shift(table, lines_before)


def _shift(table: pa.Table, lines_before: int) -> pa.Table:
    if table.num_rows == 0:
        return table
    index = table.schema.get_field_index("line")
    return table.set_column(index, "line", pc.add(table["line"], lines_before))
