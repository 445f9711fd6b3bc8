"""Arrow columns from the fast path's NumPy columns, built without per-row Python objects."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from darkfleet.store.schema import TS

U8 = npt.NDArray[np.uint8]
I64 = npt.NDArray[np.int64]

def floats(values: np.ndarray, type_: pa.DataType) -> pa.Array:
    """NaN becomes null."""
    return pa.array(values.astype(type_.to_pandas_dtype()), mask=np.isnan(values), type=type_)


def integers(values: np.ndarray, null: int, type_: pa.DataType) -> pa.Array:
    """`null` becomes null."""
    return pa.array(values.astype(type_.to_pandas_dtype()), mask=values == null, type=type_)


def timestamps(ts_ms: I64) -> pa.Array:
    """Milliseconds since the epoch; negative means unknown."""
    return pa.array(ts_ms, mask=ts_ms < 0, type=pa.int64()).cast(TS)


def strings(data: U8, lengths: I64) -> pa.Array:
    """A string array of `lengths` consecutive bytes from `data` each; empty becomes null."""
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    valid = np.packbits(lengths > 0, bitorder="little")
    buffers = [pa.py_buffer(valid), pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(data))]
    return pa.Array.from_buffers(pa.large_string(), len(lengths), buffers).cast(pa.string())


def text_strings(chars: U8) -> pa.Array:
    """Rows of 6-bit ASCII text ended at the first `@`, spaces stripped; empty becomes null.

    The same rule as the scalar decoder (`BitReader.text`).
    """
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
    """A string array of the byte ranges `buf[start:start + length]`; empty becomes null."""
    width = int(lengths.max(initial=0))
    lengths = np.where(starts >= 0, lengths, 0)
    if width == 0:
        return pa.nulls(len(starts), pa.string())
    win = np.lib.stride_tricks.sliding_window_view(buf, width)[np.maximum(starts, 0)]
    return strings(win[np.arange(width) < lengths[:, None]], lengths)


def labels(codes: I64, names: Sequence[str]) -> pa.Array:
    """Strings from codes into `names`."""
    return pa.DictionaryArray.from_arrays(codes.astype(np.int32), pa.array(names)).cast(pa.string())
