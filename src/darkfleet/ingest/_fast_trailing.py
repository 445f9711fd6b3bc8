"""Trailing receiver fields after the sentence checksum, for the fast path.

They must end with an epoch: 10 digits are seconds (USCG: `...,rSTATION,1241544035`), 13 digits
milliseconds. The first `r`/`b` field is the receiving station, used as the source when the tag
block gives none. A tag block's time wins over the trailing epoch.
"""

from __future__ import annotations

import numpy as np

from darkfleet.ingest import _fast_swar as swar
from darkfleet.ingest._fast_tags import (
    COMMA,
    I64,
    MAX_VALUE_LEN,
    U8,
    Bool,
    TagFields,
    digits_value,
    printable_between,
)


def trailing_fields(buf: U8, begins: I64, ends: I64, ok: Bool, fields: TagFields) -> TagFields:
    """Add the epoch and station of trailing fields `begins..ends` (begins at their comma)."""
    rows = np.flatnonzero(ok & (begins < ends))
    if len(rows) == 0:
        return fields
    readable = printable_between(buf, begins[rows], ends[rows])
    tail = swar.window(buf, ends[rows] - 14, 14)
    digits = (tail >= ord("0")) & (tail <= ord("9"))
    millis = (tail[:, 0] == COMMA) & digits[:, 1:].all(axis=1)
    seconds = (tail[:, 3] == COMMA) & digits[:, 4:].all(axis=1)
    width = np.where(millis, 13, 10)
    epoch = digits_value(buf, ends[rows] - width, np.where(millis | seconds, width, 0))
    valid, ts_ms = fields.valid.copy(), fields.ts_ms.copy()
    valid[rows] &= (epoch >= 0) & readable
    ts_ms[rows] = np.where(ts_ms[rows] >= 0, ts_ms[rows], np.where(millis, epoch, epoch * 1000))
    start, length = _stations(buf, begins, ends, rows)
    valid[rows] &= length <= MAX_VALUE_LEN
    use = (fields.source_len[rows] == 0) & (length > 0)
    source_start, source_len = fields.source_start.copy(), fields.source_len.copy()
    source_start[rows[use]], source_len[rows[use]] = start[use], length[use]
    return TagFields(valid, ts_ms, source_start, source_len)


def _stations(buf: U8, begins: I64, ends: I64, rows: I64) -> tuple[I64, I64]:
    """Start and length of the first `r`/`b` trailing field of each row (length 0: none)."""
    commas = np.flatnonzero(buf == COMMA)
    marks = commas[(buf[commas + 1] == ord("r")) | (buf[commas + 1] == ord("b"))]
    owner = np.searchsorted(begins[rows], marks, side="right") - 1
    inside = (owner >= 0) & (marks >= begins[rows][np.maximum(owner, 0)])
    inside &= marks < ends[rows][np.maximum(owner, 0)]
    marks, owner = marks[inside], owner[inside]
    owner, first = np.unique(owner, return_index=True)
    marks = marks[first]
    after = np.searchsorted(commas, marks, side="right")
    stop = np.minimum(commas[np.minimum(after, len(commas) - 1)], ends[rows][owner])
    stop = np.where(after < len(commas), stop, ends[rows][owner])
    start = np.full(len(rows), -1, dtype=np.int64)
    length = np.zeros(len(rows), dtype=np.int64)
    start[owner], length[owner] = marks + 1, stop - marks - 1
    return start, length
