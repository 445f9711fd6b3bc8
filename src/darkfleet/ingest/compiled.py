"""The compiled fast path: a block of lines framed and decoded in one pass (`_cdecode`).

`_cdecode.decode_block` follows the NumPy fast path rule for rule (`_fast_frame`, `_fast_tags`,
`_fast_trailing`, `_fast_fields`, `_fast_pairs`) and writes its rows, in line order, into
arrays allocated here; this module turns them into the fast path's Arrow tables. The extension
is optional: without it (`AVAILABLE` false) the fast path decodes with NumPy, with the same
rows (tests/ingest/test_compiled.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from darkfleet.ingest import _fast_arrow as arrow
from darkfleet.ingest._fast_block import BlockRows
from darkfleet.ingest._fast_frame import I64, join_lines
from darkfleet.store.schema import POSITIONS, STATIC_REPORTS

try:
    from darkfleet.ingest import _cdecode  # type: ignore[attr-defined]
except ImportError:  # not built (no C compiler where darkfleet was installed)
    _cdecode = None

AVAILABLE = _cdecode is not None

TEXT_ROOM = 64  # bytes a row of a text column may take (a source: at most 64)
# Rows of the output matrices, in the order of the enums in _cdecode.c.
(P_LINE, P_MMSI, P_TS, P_TYPE, P_KIND, P_NAV, P_NULLED) = range(7)
POSITION_INTS = 7
POSITION_FLOATS = ("lat", "lon", "speed_kn", "course_deg", "heading_deg")
(S_LINE, S_MMSI, S_TS, S_TYPE, S_PART) = range(5)
STATIC_INTS = ("imo", "ship_type", "to_bow_m", "to_stern_m", "to_port_m", "to_starboard_m")
TEXTS = ("callsign", "shipname", "destination")
KIND_TEXT, SOURCE_TEXT = 3, 4  # the text columns of the positions' kind and source
#: Bits of P_NULLED, by field.
NULLED_BITS = {"lon": 1, "lat": 2, "course_deg": 4, "heading_deg": 8}


def _string_array(values: tuple[str, ...]) -> pa.Array:
    """A string array of `values` (built from buffers: `pa.array` would import pandas)."""
    data = np.frombuffer("".join(values).encode(), dtype=np.uint8)
    return arrow.strings(data, np.array([len(value) for value in values], dtype=np.int64))


_PARTS = _string_array(("A", "B"))


def decode_block(lines: Sequence[bytes], context_ts_ms: I64 | None) -> BlockRows:
    """Frame and decode one block of lines with the compiled pass."""
    assert _cdecode is not None
    buf, starts, ends, line_bytes = join_lines(lines)
    count = len(lines)
    handled = np.empty(count, dtype=np.uint8)
    pos_ints = np.empty((POSITION_INTS, count), dtype=np.int64)
    pos_floats = np.empty((len(POSITION_FLOATS), count), dtype=np.float64)
    stat_ints = np.empty((S_PART + 1 + len(STATIC_INTS), count), dtype=np.int64)
    draught = np.empty(count, dtype=np.float64)
    text = np.empty((len(TEXTS) + 2, count * TEXT_ROOM), dtype=np.uint8)
    offsets = np.empty((len(TEXTS) + 2, count + 1), dtype=np.int32)
    seconds, keys = np.empty(count, dtype=np.int64), np.empty(count, dtype=np.int64)
    context = None if context_ts_ms is None else np.ascontiguousarray(context_ts_ms, np.int64)
    positions, statics, pairs = _cdecode.decode_block(
        buf, np.ascontiguousarray(starts), np.ascontiguousarray(ends), context, handled,
        pos_ints, pos_floats, stat_ints, draught, text, offsets, seconds, keys)
    pos_ints, pos_floats = pos_ints[:, :positions], pos_floats[:, :positions]
    nulled = {name: pos_ints[P_LINE][(pos_ints[P_NULLED] & bit) != 0]
              for name, bit in NULLED_BITS.items()}
    return BlockRows(
        handled.view(bool),
        _positions(pos_ints, pos_floats,
                   *(_texts(text[at], offsets[at, : positions + 1])
                     for at in (KIND_TEXT, SOURCE_TEXT))),
        _static_reports(stat_ints[:, :statics], draught[:statics], text, offsets, statics),
        line_bytes, {name: rows for name, rows in nulled.items() if len(rows)},
        seconds[:pairs], keys[:pairs])


def _positions(ints: np.ndarray, floats: np.ndarray, kind: pa.Array, source: pa.Array
               ) -> pa.Table:
    count = ints.shape[1]
    nav = ints[P_NAV]
    arrays = {
        "mmsi": arrow.numbers(ints[P_MMSI], None, pa.int64()),
        "ts": arrow.timestamps(ints[P_TS]),
        "msg_type": arrow.numbers(ints[P_TYPE], None, pa.int8()),
        "kind": kind,
        "nav_status": arrow.integers(nav, -1, pa.int8()),
        "source": source,
        "file": pa.nulls(count, pa.string()),
        "line": arrow.numbers(ints[P_LINE], None, pa.int64()),
    }
    for index, name in enumerate(POSITION_FLOATS):
        arrays[name] = arrow.floats(floats[index], POSITIONS.field(name).type)
    return pa.Table.from_arrays([arrays[name] for name in POSITIONS.names], schema=POSITIONS)


def _static_reports(ints: np.ndarray, draught: np.ndarray, text: np.ndarray,
                    offsets: np.ndarray, count: int) -> pa.Table:
    part = ints[S_PART]
    arrays = {
        "mmsi": arrow.numbers(ints[S_MMSI], None, pa.int64()),
        "ts": arrow.timestamps(ints[S_TS]),
        "msg_type": arrow.numbers(ints[S_TYPE], None, pa.int8()),
        "part": pc.take(_PARTS, arrow.numbers(np.maximum(part, 0), part >= 0, pa.int8())),
        "draught_m": arrow.floats(draught, pa.float32()),
        "file": pa.nulls(count, pa.string()),
        "line": arrow.numbers(ints[S_LINE], None, pa.int64()),
    }
    for index, name in enumerate(STATIC_INTS):
        values = ints[S_PART + 1 + index]
        arrays[name] = arrow.integers(values, 0, STATIC_REPORTS.field(name).type)
    for index, name in enumerate(TEXTS):
        arrays[name] = _texts(text[index], offsets[index, : count + 1])
    return pa.Table.from_arrays([arrays[n] for n in STATIC_REPORTS.names], schema=STATIC_REPORTS)


def _texts(data: np.ndarray, offsets: np.ndarray) -> pa.Array:
    """A string array from the pass's packed text (empty becomes null)."""
    count = len(offsets) - 1
    valid = np.packbits(np.diff(offsets) > 0, bitorder="little")
    buffers = [pa.py_buffer(valid), pa.py_buffer(np.ascontiguousarray(offsets)),
               pa.py_buffer(data)]
    return pa.Array.from_buffers(pa.string(), count, buffers)
