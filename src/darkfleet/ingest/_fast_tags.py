"""Time and source of each line for the fast path: tag block fields and trailing receiver fields.

Tag block (`\\c:1565218798,s:rORBCOMM008*hh\\`): `c:` is the receiver time in seconds, or in
milliseconds when it exceeds 10**11; `s:` is the source. A line whose tag block has a `g:` group
(part of a multi-sentence group), a repeated `c:`/`s:` or a `c:` that is not 1-13 digits is left
to the scalar path. Trailing fields after the checksum must end with an epoch: 10 digits are
seconds (USCG: `...,rSTATION,1241544035`), 13 digits milliseconds; a `r`/`b` field is the
station, used as source when the tag block has none.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

I64 = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]
U8 = npt.NDArray[np.uint8]

COMMA, STAR, COLON, BACKSLASH = (ord(c) for c in (",", "*", ":", "\\"))
MS_THRESHOLD = 10**11
MAX_VALUE_LEN = 64
_POW10 = 10.0 ** np.arange(12, -1, -1)


@dataclass(frozen=True, slots=True)
class TagFields:
    """Per line: whether its tags are usable, its time (ms, -1 unknown) and source bytes."""

    valid: Bool
    ts_ms: I64
    source_start: I64
    source_len: I64  # 0: no source

    @classmethod
    def empty(cls, count: int) -> TagFields:
        none = np.full(count, -1, dtype=np.int64)
        return cls(np.ones(count, dtype=bool), none, none.copy(), np.zeros(count, dtype=np.int64))

    def with_context(self, context_ts_ms: I64 | None) -> TagFields:
        """Fill unknown times from the stream context (values < 0 there mean none)."""
        if context_ts_ms is None:
            return self
        context = np.asarray(context_ts_ms, dtype=np.int64)
        return replace(self, ts_ms=np.where(self.ts_ms >= 0, self.ts_ms, np.maximum(context, -1)))


def value_lengths(buf: U8, positions: I64) -> I64:
    """Length of the field value starting at each position (up to `,` or `*`; -1: too long)."""
    win = np.lib.stride_tricks.sliding_window_view(buf, MAX_VALUE_LEN + 1)[positions]
    stop = (win == COMMA) | (win == STAR)
    return np.where(stop.any(axis=1), stop.argmax(axis=1), -1).astype(np.int64)


def digits_value(buf: U8, positions: I64, lengths: I64) -> I64:
    """The decimal value of `lengths` digits at each position (-1 where not 1-13 digits)."""
    win = np.lib.stride_tricks.sliding_window_view(buf, 13)[positions].astype(np.int64) - 48
    inside = np.arange(13) < lengths[:, None]
    good = np.all(~inside | ((win >= 0) & (win <= 9)), axis=1) & (lengths >= 1) & (lengths <= 13)
    scaled = np.where(inside, win, 0).astype(np.float64) @ _POW10
    value = np.rint(scaled / 10.0 ** (13 - np.clip(lengths, 0, 13))).astype(np.int64)
    return np.where(good, value, -1)


def _epoch_ms(seconds_or_ms: I64) -> I64:
    return np.where(seconds_or_ms > MS_THRESHOLD, seconds_or_ms, seconds_or_ms * 1000)


def parse_tag_fields(buf: U8, starts: I64, closes: I64, ok: Bool) -> TagFields:
    """Tag block `c:`/`s:` of each line whose closing backslash is at `closes` (-1: none)."""
    fields = TagFields.empty(len(starts))
    tagged = ok & (closes >= 0)
    if not tagged.any():
        return fields
    colons = np.flatnonzero(buf == COLON)
    line = np.searchsorted(starts, colons, side="right") - 1
    keep = tagged[line] & (colons < closes[line] - 3)
    colons, line = colons[keep], line[keep]
    before = buf[colons - 2]
    keep = ((before == COMMA) | (before == BACKSLASH)) & (colons - 2 >= starts[line])
    colons, line = colons[keep], line[keep]
    letter = buf[colons - 1]
    valid = fields.valid
    valid[line[letter == ord("g")]] = False
    for code in (ord("c"), ord("s")):
        valid[np.bincount(line[letter == code], minlength=len(starts)) > 1] = False
    times, sources = letter == ord("c"), letter == ord("s")
    lengths = value_lengths(buf, colons + 1)
    seconds = digits_value(buf, colons[times] + 1, lengths[times])
    valid[line[times][seconds < 0]] = False
    fields.ts_ms[line[times]] = _epoch_ms(seconds)
    valid[line[sources][lengths[sources] < 0]] = False
    fields.source_start[line[sources]] = colons[sources] + 1
    fields.source_len[line[sources]] = np.maximum(lengths[sources], 0)
    return fields


def trailing_fields(buf: U8, begins: I64, ends: I64, ok: Bool, fields: TagFields) -> TagFields:
    """Add the epoch and station of trailing fields `begins..ends` (begins at their comma)."""
    rows = np.flatnonzero(ok & (begins < ends))
    if len(rows) == 0:
        return fields
    tail = np.lib.stride_tricks.sliding_window_view(buf, 14)[ends[rows] - 14]
    digits = (tail >= ord("0")) & (tail <= ord("9"))
    millis = (tail[:, 0] == COMMA) & digits[:, 1:].all(axis=1)
    seconds = (tail[:, 3] == COMMA) & digits[:, 4:].all(axis=1)
    width = np.where(millis, 13, 10)
    epoch = digits_value(buf, ends[rows] - width, np.where(millis | seconds, width, 0))
    valid, ts_ms = fields.valid.copy(), fields.ts_ms.copy()
    valid[rows] &= epoch >= 0
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
