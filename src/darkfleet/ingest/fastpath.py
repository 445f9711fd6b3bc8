"""Vectorised decoding of the common AIS lines (the fast path of ingest).

Contract with the ingest pipeline: `decode_lines(lines, context_ts_ms)` takes a chunk of raw
lines (bytes, without line ends) and returns a `FastBatch`. A line is *handled* when it is one
complete single-sentence AIS message (optionally behind a tag block, optionally followed by
trailing receiver fields) with a valid checksum, of a type the fast path decodes; its row is then
in `positions` or `static_reports` (type 19 in both) with `line` set to the 0-based index of the
line in `lines` and `file` null; rows come grouped by message layout (within each block of
`BLOCK_LINES` lines), not in line order. Every other line is left for the scalar path, which
classifies it.
Decoded values follow the same rules as the scalar decoder (docs/ingest.md).

Handled: types 1, 2, 3, 18, 19, 27 (positions), 4 and 21 (station and aid records, fixed part)
and 24 part A/B (static), each of its standard length, and type 5 in two adjacent sentences
(`_fast_pairs`; `pair_seconds` names their second lines, which are handled too). Method and
figures: docs/ingest-fastpath.md.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from darkfleet.ingest import _fast_arrow as arrow
from darkfleet.ingest._fast_block import BlockRows
from darkfleet.ingest._fast_fields import (
    KINDS,
    LAYOUT_OF_CHAR,
    LAYOUTS,
    NULLED,
    PAYLOAD_LENGTHS,
    Columns,
    Layout,
    sixbit,
    static_voyage,
)
from darkfleet.ingest._fast_frame import Framed, frame_lines
from darkfleet.ingest._fast_pairs import pair_context, pair_payloads, pair_rows
from darkfleet.ingest._fast_swar import window
from darkfleet.ingest.compiled import AVAILABLE
from darkfleet.ingest.compiled import decode_block as compiled_decode_block
from darkfleet.store.schema import POSITIONS, STATIC_REPORTS


@dataclass(frozen=True, slots=True)
class FastBatch:
    """What the fast path decoded from a chunk of lines."""

    handled: np.ndarray  # bool, one per input line
    positions: pa.Table  # POSITIONS schema, `line` = index in the chunk, `file` null
    static_reports: pa.Table  # STATIC_REPORTS schema, same conventions
    line_bytes: np.ndarray  # int64, each input line's length in bytes
    #: field -> indices (in the chunk) of lines whose value of it a range rule turned null
    nulled: dict[str, np.ndarray] = field(default_factory=dict)
    #: second lines of the two-sentence messages handled (the first is the line before)
    pair_seconds: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    #: their sequence id and channel (seq byte * 256 + channel byte)
    pair_keys: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))


#: Lines framed and decoded together: few enough that a block's per-line arrays stay in the CPU
#: caches (larger chunks are decoded block by block).
BLOCK_LINES = 50_000


def decode_lines(lines: Sequence[bytes], context_ts_ms: np.ndarray | None = None, *,
                 compiled: bool | None = None) -> FastBatch:
    """Decode what the fast path can of `lines`.

    `context_ts_ms[i]`, when given and >= 0, is the time (ms since the epoch) the stream's context
    gives line i (a preceding `$PGHP` line, say); a line's own tag block or trailing epoch wins.
    `compiled`: decode with the compiled pass (`darkfleet.ingest.compiled`; by default where it
    is built) or with NumPy; both give the same rows, the compiled pass in line order.
    Never raises on bad input: a line it cannot decode is simply not handled.
    """
    decode_block = _compiled_block if (AVAILABLE if compiled is None else compiled) else _block
    blocks = []
    for first in range(0, len(lines), BLOCK_LINES):
        block = slice(first, first + BLOCK_LINES)
        context = None if context_ts_ms is None else context_ts_ms[block]
        blocks.append((first, decode_block(lines[block], context)))
    return _batch(len(lines), blocks)


def _batch(count: int, blocks: list[tuple[int, BlockRows]]) -> FastBatch:
    """The blocks' rows together, with lines numbered in the chunk."""
    handled = np.zeros(count, dtype=bool)
    positions = [POSITIONS.empty_table()]
    statics = [STATIC_REPORTS.empty_table()]
    nulled: dict[str, list[np.ndarray]] = {}
    seconds, keys = [np.empty(0, dtype=np.int64)], [np.empty(0, dtype=np.int64)]
    line_bytes = [np.empty(0, dtype=np.int64)]
    for first, rows in blocks:
        handled[first : first + len(rows.handled)] = rows.handled
        positions.append(_renumbered(rows.positions, first))
        statics.append(_renumbered(rows.static_reports, first))
        for name, lines in rows.nulled.items():
            nulled.setdefault(name, []).append(lines + first)
        seconds.append(rows.pair_seconds + first)
        keys.append(rows.pair_keys)
        line_bytes.append(rows.line_bytes)
    return FastBatch(handled, pa.concat_tables(positions), pa.concat_tables(statics),
                     np.concatenate(line_bytes),
                     {name: np.concatenate(parts) for name, parts in nulled.items()},
                     np.concatenate(seconds), np.concatenate(keys))


def _renumbered(table: pa.Table, first: int) -> pa.Table:
    """`table` with `line` counted from the chunk's first line rather than the block's."""
    if first == 0 or table.num_rows == 0:
        return table
    line = table.schema.get_field_index("line")
    numbers = table.column(line).to_numpy() + first
    return table.set_column(line, "line", arrow.numbers(numbers, None, pa.int64()))


def _compiled_block(lines: Sequence[bytes], context_ts_ms: np.ndarray | None) -> BlockRows:
    return compiled_decode_block(lines, context_ts_ms)


def _block(lines: Sequence[bytes], context_ts_ms: np.ndarray | None) -> BlockRows:
    """One block decoded with NumPy, rows grouped by message layout."""
    handled = np.zeros(len(lines), dtype=bool)
    positions = [POSITIONS.empty_table()]
    statics = [STATIC_REPORTS.empty_table()]
    nulled: dict[str, list[np.ndarray]] = {}
    framed = frame_lines(lines, context_ts_ms)
    for layout, rows, sixbits in _decoded(framed):
        handled[rows] = True
        if layout.positions is not None:
            columns = _meta(layout.positions(sixbits), sixbits, rows)
            positions.append(_positions(columns, KINDS[layout.kind], framed, 0))
            for key in (k for k in columns if k.startswith(NULLED)):
                nulled.setdefault(key[len(NULLED):], []).append(rows[columns[key]])
        if layout.static is not None:
            columns = _meta(layout.static(sixbits), sixbits, rows)
            statics.append(_static_reports(columns, framed, 0))
    pair_first, pair_second, table = _pairs(framed, 0)
    handled[pair_first] = handled[pair_second] = True
    statics.append(table)
    return BlockRows(handled, pa.concat_tables(positions), pa.concat_tables(statics),
                     framed.line_bytes,
                     {name: np.concatenate(parts) for name, parts in nulled.items()},
                     pair_second, framed.key[pair_first])


def _pairs(framed: Framed, first: int) -> tuple[np.ndarray, np.ndarray, pa.Table]:
    """The two-sentence type 5 messages of a block: first and second lines, static rows."""
    pair_first, pair_second = pair_rows(framed)
    if len(pair_first) == 0:
        return pair_first, pair_second, STATIC_REPORTS.empty_table()
    sixbits, valid = pair_payloads(framed, pair_first, pair_second)
    pair_first, pair_second, sixbits = pair_first[valid], pair_second[valid], sixbits[:, valid]
    columns = _meta(static_voyage(sixbits), sixbits, pair_first + first)
    table = _static_reports(columns, pair_context(framed, pair_first, pair_second), first)
    return pair_first, pair_second, table


def _decoded(framed: Framed) -> Iterator[tuple[Layout, np.ndarray, np.ndarray]]:
    """Each layout's accepted lines (indices in the block) and their 6-bit rows."""
    for rows, sixbits, layouts, valid in _payload_groups(framed):
        payload_bits = np.where(valid, 6 * framed.payload_len[rows] - framed.fill_bits[rows], -1)
        for layout, span in _by_layout(layouts):
            chosen, picked = _accepted(layout, rows[span], sixbits[:, span], payload_bits[span])
            if len(chosen):  # none of this length: its fields may lie past the payload's end
                yield layout, chosen, picked


def _payload_groups(framed: Framed) -> Iterator[tuple[np.ndarray, ...]]:
    """Framed lines grouped by payload length, then sorted by layout (-1: not decodable here).

    Yields line indices, 6-bit rows, layout indices and whether every character is valid.
    """
    rows = np.flatnonzero(framed.ok & (framed.total == 1))
    lengths = framed.payload_len[rows]
    for length in np.flatnonzero(np.bincount(lengths)):
        if int(length) not in PAYLOAD_LENGTHS:
            continue
        group = rows[lengths == length]
        starts = framed.payload_start[group]
        layouts = LAYOUT_OF_CHAR.take(framed.buf[starts])
        order = np.argsort(layouts, kind="stable")
        group, starts, layouts = group[order], starts[order], layouts[order]
        sixbits, valid = sixbit(window(framed.buf, starts, int(length)))
        yield group, sixbits, layouts, valid


def _by_layout(layouts: np.ndarray) -> Iterator[tuple[Layout, slice]]:
    """Each layout present in the sorted `layouts`, with its span."""
    bounds = np.searchsorted(layouts, np.arange(len(LAYOUTS) + 1))
    for index, layout in enumerate(LAYOUTS):
        if bounds[index + 1] > bounds[index]:
            yield layout, slice(bounds[index], bounds[index + 1])


def _accepted(
    layout: Layout, rows: np.ndarray, sixbits: np.ndarray, payload_bits: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    accept = layout.accepts(sixbits, payload_bits) & (payload_bits >= 0)
    if accept.all():
        return rows, sixbits
    return rows[accept], sixbits[:, accept]


def _meta(columns: Columns, sixbits: np.ndarray, rows: np.ndarray) -> Columns:
    columns["msg_type"] = sixbits[0]
    columns["line"] = rows
    return columns


def _common(columns: Columns, framed: Framed, first: int) -> dict[str, pa.Array]:
    line = columns["line"]
    tags = framed.tags
    index = line - first  # in the block
    return {
        "mmsi": arrow.numbers(columns["mmsi"], None, pa.int64()),
        "ts": arrow.timestamps(tags.ts_ms[index]),
        "msg_type": arrow.numbers(columns["msg_type"], None, pa.int8()),
        "source": arrow.byte_ranges(framed.buf, tags.source_start[index], tags.source_len[index]),
        "file": pa.nulls(len(line), pa.string()),
        "line": arrow.numbers(line, None, pa.int64()),
    }


def _positions(columns: Columns, kind: str, framed: Framed, first: int) -> pa.Table:
    arrays = _common(columns, framed, first)
    arrays["kind"] = pa.repeat(kind, len(columns["line"]))
    for name in ("lat", "lon", "speed_kn", "course_deg", "heading_deg"):
        arrays[name] = arrow.floats(columns[name], POSITIONS.field(name).type)
    arrays["nav_status"] = arrow.integers(columns["nav_status"], -1, pa.int8())
    return pa.Table.from_arrays([arrays[name] for name in POSITIONS.names], schema=POSITIONS)


def _static_reports(columns: Columns, framed: Framed, first: int) -> pa.Table:
    arrays = _common(columns, framed, first)
    part = columns["part"]
    arrays["part"] = pa.array(np.where(part == 1, "B", "A"), mask=part < 0, type=pa.string())
    for name in ("callsign", "shipname", "destination"):
        arrays[name] = arrow.text_strings(columns[name])
    arrays["draught_m"] = arrow.floats(columns["draught_m"], pa.float32())
    for name in ("imo", "ship_type", "to_bow_m", "to_stern_m", "to_port_m", "to_starboard_m"):
        arrays[name] = arrow.integers(columns[name], 0, STATIC_REPORTS.field(name).type)
    return pa.Table.from_arrays([arrays[n] for n in STATIC_REPORTS.names], schema=STATIC_REPORTS)
