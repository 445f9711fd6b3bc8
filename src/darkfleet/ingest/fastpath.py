"""Vectorised decoding of the common AIS lines (the fast path of ingest).

Contract with the ingest pipeline: `decode_lines(lines, context_ts_ms)` takes a chunk of raw
lines (bytes, without line ends) and returns a `FastBatch`. A line is *handled* when it is one
complete single-sentence AIS message (optionally behind a tag block, optionally followed by
trailing receiver fields) with a valid checksum, of a type the fast path decodes; its row is then
in `positions` or `static_reports` (type 19 in both) with `line` set to the 0-based index of the
line in `lines` and `file` null. Every other line is left for the scalar path, which classifies it.
Decoded values follow the same rules as the scalar decoder (docs/ingest.md).

Handled: types 1, 2, 3, 18, 19, 27 (positions), 4 and 21 (station and aid records, fixed part)
and 24 part A/B (static), each of its standard length. Method and figures: docs/ingest-fastpath.md.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from darkfleet.ingest import _fast_arrow as arrow
from darkfleet.ingest._fast_fields import (
    KINDS,
    LAYOUT_OF_TYPE,
    LAYOUTS,
    PAYLOAD_LENGTHS,
    Columns,
    Layout,
    sixbit,
)
from darkfleet.ingest._fast_frame import Framed, frame_lines, window
from darkfleet.store.schema import POSITIONS, STATIC_REPORTS


@dataclass(frozen=True, slots=True)
class FastBatch:
    """What the fast path decoded from a chunk of lines."""

    handled: np.ndarray  # bool, one per input line
    positions: pa.Table  # POSITIONS schema, `line` = index in the chunk, `file` null
    static_reports: pa.Table  # STATIC_REPORTS schema, same conventions


def decode_lines(lines: Sequence[bytes], context_ts_ms: np.ndarray | None = None) -> FastBatch:
    """Decode what the fast path can of `lines`.

    `context_ts_ms[i]`, when given and >= 0, is the time (ms since the epoch) the stream's context
    gives line i (a preceding `$PGHP` line, say); a line's own tag block or trailing epoch wins.
    Never raises on bad input: a line it cannot decode is simply not handled.
    """
    handled = np.zeros(len(lines), dtype=bool)
    if len(lines) == 0:
        return FastBatch(handled, POSITIONS.empty_table(), STATIC_REPORTS.empty_table())
    framed = frame_lines(lines, context_ts_ms)
    positions: list[Columns] = []
    statics: list[Columns] = []
    for rows, sixbits, layouts in _payload_groups(framed):
        payload_bits = 6 * framed.payload_len[rows] - framed.fill_bits[rows]
        for layout, span in _by_layout(layouts):
            chosen, picked = _accepted(layout, rows[span], sixbits[:, span], payload_bits[span])
            handled[chosen] = True
            if layout.positions is not None:
                positions.append(_meta(layout.positions(picked), picked, chosen, layout.kind))
            if layout.static is not None:
                statics.append(_meta(layout.static(picked), picked, chosen, 0))
    return FastBatch(handled, _positions(positions, framed), _static_reports(statics, framed))


def _payload_groups(framed: Framed) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Framed lines grouped by payload length, then sorted by layout (-1: not decodable here).

    Yields line indices, 6-bit rows and layout indices per decodable payload length.
    """
    rows = np.flatnonzero(framed.ok)
    lengths = framed.payload_len[rows]
    for length in np.unique(lengths):
        if int(length) not in PAYLOAD_LENGTHS:
            continue
        group = rows[lengths == length]
        chars = window(framed.buf, framed.payload_start[group], int(length))
        sixbits, valid = sixbit(chars)
        layouts = np.where(valid, LAYOUT_OF_TYPE[sixbits[0]], -1)
        order = np.argsort(layouts, kind="stable")
        if (np.diff(order) != 1).any():
            group, sixbits, layouts = group[order], sixbits[:, order], layouts[order]
        yield group, sixbits, layouts


def _by_layout(layouts: np.ndarray) -> Iterator[tuple[Layout, slice]]:
    """Each layout present in the sorted `layouts`, with its span."""
    bounds = np.searchsorted(layouts, np.arange(len(LAYOUTS) + 1))
    for index, layout in enumerate(LAYOUTS):
        if bounds[index + 1] > bounds[index]:
            yield layout, slice(bounds[index], bounds[index + 1])


def _accepted(
    layout: Layout, rows: np.ndarray, sixbits: np.ndarray, payload_bits: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    accept = layout.accepts(sixbits, payload_bits)
    if accept.all():
        return rows, sixbits
    return rows[accept], sixbits[:, accept]


def _meta(columns: Columns, sixbits: np.ndarray, rows: np.ndarray, kind: int) -> Columns:
    columns["msg_type"] = sixbits[0].astype(np.int64)
    columns["line"] = rows
    columns["kind"] = np.full(len(rows), kind, dtype=np.int64)
    return columns


def _ordered(parts: list[Columns]) -> Columns:
    """The parts concatenated, rows in line order."""
    joined = {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}
    order = np.argsort(joined["line"], kind="stable")
    return {name: values[order] for name, values in joined.items()}


def _common(columns: Columns, framed: Framed) -> dict[str, pa.Array]:
    line = columns["line"]
    tags = framed.tags
    return {
        "mmsi": pa.array(columns["mmsi"], type=pa.int64()),
        "ts": arrow.timestamps(tags.ts_ms[line]),
        "msg_type": pa.array(columns["msg_type"].astype(np.int8), type=pa.int8()),
        "source": arrow.byte_ranges(framed.buf, tags.source_start[line], tags.source_len[line]),
        "file": pa.nulls(len(line), pa.string()),
        "line": pa.array(line, type=pa.int64()),
    }


def _positions(parts: list[Columns], framed: Framed) -> pa.Table:
    if not parts:
        return POSITIONS.empty_table()
    columns = _ordered(parts)
    arrays = _common(columns, framed)
    arrays["kind"] = arrow.labels(columns["kind"], KINDS)
    for name in ("lat", "lon", "speed_kn", "course_deg", "heading_deg"):
        arrays[name] = arrow.floats(columns[name], POSITIONS.field(name).type)
    arrays["nav_status"] = arrow.integers(columns["nav_status"], -1, pa.int8())
    return pa.Table.from_arrays([arrays[name] for name in POSITIONS.names], schema=POSITIONS)


def _static_reports(parts: list[Columns], framed: Framed) -> pa.Table:
    if not parts:
        return STATIC_REPORTS.empty_table()
    columns = _ordered(parts)
    arrays = _common(columns, framed)
    part = columns["part"]
    arrays["part"] = pa.array(np.where(part == 1, "B", "A"), mask=part < 0, type=pa.string())
    for name in ("callsign", "shipname", "destination"):
        arrays[name] = arrow.text_strings(columns[name])
    arrays["draught_m"] = arrow.floats(columns["draught_m"], pa.float32())
    for name in ("imo", "ship_type", "to_bow_m", "to_stern_m", "to_port_m", "to_starboard_m"):
        arrays[name] = arrow.integers(columns[name], 0, STATIC_REPORTS.field(name).type)
    return pa.Table.from_arrays([arrays[n] for n in STATIC_REPORTS.names], schema=STATIC_REPORTS)
