"""Arrow columns from the fast path's NumPy columns, built without per-row Python objects."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from darkfleet.ingest import _fast_swar as swar
from darkfleet.store.schema import TS

U8 = npt.NDArray[np.uint8]
I64 = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]

_NUMPY_TYPES = {pa.int8(): np.int8, pa.int16(): np.int16, pa.int64(): np.int64,
                pa.float32(): np.float32, pa.float64(): np.float64, TS: np.int64}
_PREFIX_WORDS = swar.prefix_masks(16)


def numbers(values: np.ndarray, valid: Bool | None, type_: pa.DataType) -> pa.Array:
    """A numeric (or timestamp) array over the values, null where not `valid`."""
    data = np.ascontiguousarray(values, dtype=_NUMPY_TYPES[type_])
    bitmap = None
    if valid is not None and not valid.all():
        bitmap = pa.py_buffer(np.packbits(valid, bitorder="little"))
    return pa.Array.from_buffers(type_, len(data), [bitmap, pa.py_buffer(data)])


def floats(values: np.ndarray, type_: pa.DataType) -> pa.Array:
    """NaN becomes null."""
    return numbers(values, ~np.isnan(values), type_)


def integers(values: np.ndarray, null: int, type_: pa.DataType) -> pa.Array:
    """`null` becomes null."""
    return numbers(values, values != null, type_)


def timestamps(ts_ms: I64) -> pa.Array:
    """Milliseconds since the epoch; negative means unknown."""
    return numbers(ts_ms, ts_ms >= 0, TS)


def strings(data: U8, lengths: I64) -> pa.Array:
    """A string array of `lengths` consecutive bytes from `data` each; empty becomes null."""
    offsets = np.zeros(len(lengths) + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:])
    valid = np.packbits(lengths > 0, bitorder="little")
    buffers = [pa.py_buffer(valid), pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(data))]
    return pa.Array.from_buffers(pa.string(), len(lengths), buffers)


def text_strings(chars: U8) -> pa.Array:
    """Rows of 6-bit ASCII text ended at the first `@`, spaces stripped; empty becomes null.

    The same rule as the scalar decoder (`BitReader.text`).
    """
    if ((chars == ord("@")) | (chars == ord(" "))).all():
        return pa.nulls(len(chars), pa.string())
    width = chars.shape[1]
    columns = np.arange(width)
    at = chars == ord("@")
    end = np.where(at.any(axis=1), np.argmax(at, axis=1), width)
    inside = columns < end[:, None]
    kept = inside & (chars != ord(" "))
    has_text = kept.any(axis=1)
    start = np.where(has_text, np.argmax(kept, axis=1), 0)
    stop = np.where(has_text, width - np.argmax(kept[:, ::-1], axis=1), 0)
    window = (columns >= start[:, None]) & (columns < stop[:, None])
    return strings(chars[window], (stop - start).astype(np.int64))


def byte_ranges(buf: U8, starts: I64, lengths: I64) -> pa.Array:
    """A string array of the byte ranges `buf[start:start + length]`; empty becomes null.

    Built as Arrow string views over `buf` (up to 12 bytes inline, longer ones by offset), which
    Arrow then copies into a plain string array.
    """
    lengths = np.where(starts >= 0, lengths, 0)
    if not lengths.any():  # no source at all (recordings without tag blocks, say)
        return pa.nulls(len(starts), pa.string())
    if len(buf) >= 2**31 or ((lengths > 0) & (starts < 4)).any():
        return _gathered_ranges(buf, np.maximum(starts, 0), lengths)
    starts = np.maximum(starts, 4)
    views = swar.window(buf, starts - 4, 16)  # 4 bytes for the length, then 12 inline
    views.view(np.uint64)[:] &= _PREFIX_WORDS.take(np.minimum(lengths, 12) + 4, axis=0)  # end
    words = views.view(np.int32)
    words[:, 0] = lengths
    long = lengths > 12
    words[long, 2] = 0
    words[long, 3] = starts[long]
    valid = np.packbits(lengths > 0, bitorder="little")
    buffers = [pa.py_buffer(valid), pa.py_buffer(views), pa.py_buffer(buf)]
    return pa.Array.from_buffers(pa.string_view(), len(starts), buffers).cast(pa.string())


def _gathered_ranges(buf: U8, starts: I64, lengths: I64) -> pa.Array:
    """`byte_ranges` for buffers beyond 32-bit offsets (each range copied out)."""
    width = int(lengths.max(initial=0))
    if width == 0:
        return pa.nulls(len(starts), pa.string())
    win = swar.window(buf, starts, width)
    data = win[np.arange(width) < lengths[:, None]]
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    valid = np.packbits(lengths > 0, bitorder="little")
    buffers = [pa.py_buffer(valid), pa.py_buffer(offsets), pa.py_buffer(data)]
    return pa.Array.from_buffers(pa.large_string(), len(lengths), buffers).cast(pa.string())
