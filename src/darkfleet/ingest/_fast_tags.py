"""Time and source of each line for the fast path: tag block fields and trailing receiver fields.

Tag block (`\\c:1565218798,s:rORBCOMM008*hh\\`): `c:` is the receiver time in seconds, or in
milliseconds when it exceeds 10**11; `s:` is the source. A line whose tag block has a `g:` group
(part of a multi-sentence group), a repeated `c:`/`s:`, a `c:` that is not 1-13 digits, a field
that is not `k:value` with a one-character key, or a byte that is not printable ASCII is left to
the scalar path. The two common forms (`c:` alone, or
`s:` then `c:`) are read at fixed offsets from the closing backslash; others field by field.
The tag block's own checksum is not checked (some recorders write a dummy `*00`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from darkfleet.ingest import _fast_swar as swar

I64 = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]
U8 = npt.NDArray[np.uint8]

COMMA, STAR, COLON, BACKSLASH = (ord(c) for c in (",", "*", ":", "\\"))
MS_THRESHOLD = 10**11
MAX_VALUE_LEN = 64
SHORT_VALUE_LEN = 16
_MASK16 = np.uint64(0xFFFF)
_C_COLON = np.uint64(ord("c") | COLON << 8)
_POW10 = 10.0 ** np.arange(12, -1, -1)
_PREFIX_WORDS = swar.prefix_masks(SHORT_VALUE_LEN)


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
    win = swar.window(buf, positions, MAX_VALUE_LEN + 1)
    stop = (win == COMMA) | (win == STAR)
    return np.where(stop.any(axis=1), stop.argmax(axis=1), -1).astype(np.int64)


def digits_value(buf: U8, positions: I64, lengths: I64) -> I64:
    """The decimal value of `lengths` digits at each position (-1 where not 1-13 digits)."""
    win = swar.window(buf, positions, 13).astype(np.int64) - 48
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
    tagged = np.flatnonzero(ok & (closes >= 0))
    if len(tagged) == 0:
        return fields
    simple = _simple_tags(buf, starts[tagged], closes[tagged])
    if len(tagged) == len(starts) and simple.valid.all():
        return replace(simple, valid=fields.valid)
    found = tagged[simple.ts_ms >= 0]
    fields.ts_ms[found] = simple.ts_ms[simple.ts_ms >= 0]
    fields.source_start[found] = simple.source_start[simple.ts_ms >= 0]
    fields.source_len[found] = simple.source_len[simple.ts_ms >= 0]
    others = tagged[simple.ts_ms < 0]
    if len(others):
        fields.valid[others] = printable_between(buf, starts[others], closes[others])
        lines = np.zeros(len(starts), dtype=bool)
        lines[others] = True
        _general_tags(buf, starts, closes, lines, fields)
    return fields


def printable_between(buf: U8, begins: I64, ends: I64) -> Bool:
    """Whether each range begins..ends (in order, non-empty) is printable ASCII only."""
    bad = (buf - np.uint8(32)) > 94
    bounds = np.empty(2 * len(begins), dtype=np.int64)
    bounds[0::2], bounds[1::2] = begins, ends
    found: Bool = np.logical_or.reduceat(bad, bounds)[0::2]
    return ~found


def _plain_values(buf: U8, starts: I64, lengths: I64) -> Bool:
    """Whether each value (1-16 bytes) is printable and free of `,`, `:` and `*`."""
    win = swar.window(buf, starts, SHORT_VALUE_LEN)
    bad = ((win - np.uint8(32)) > 94) | (win == COMMA) | (win == COLON) | (win == STAR)
    words = bad.view(np.uint64)  # two words of 8 flags per value
    inside = _PREFIX_WORDS.take(np.clip(lengths, 0, SHORT_VALUE_LEN), axis=0)
    clean: Bool = ((words[:, 0] & inside[:, 0]) | (words[:, 1] & inside[:, 1])) == 0
    return clean & (lengths >= 1) & (lengths <= SHORT_VALUE_LEN)


def _simple_tags(buf: U8, starts: I64, closes: I64) -> TagFields:
    """The common tag blocks `\\c:<10|13 digits>*hh\\` and `\\s:<source>,c:<digits>*hh\\`.

    Reads the 16 bytes before `*hh\\` as two words: `?c:ddddd` + 8 digits (milliseconds) or
    `???,c:dd` + 8 digits (seconds). Lines of another form get ts_ms -1, for the general parser.
    """
    words = swar.window(buf, closes - 19, 16).view(np.uint64)
    head, last = words[:, 0], words[:, 1]
    head_ms, head_s = swar.keep_high_bytes(head, 3), swar.keep_high_bytes(head, 6)
    last_ok = swar.all_digits(last)
    millis = last_ok & swar.all_digits(head_ms) & ((head >> np.uint64(8)) & _MASK16 == _C_COLON)
    seconds = last_ok & swar.all_digits(head_s) & ((head >> np.uint64(32)) & _MASK16 == _C_COLON)
    high = swar.digits_value(np.where(millis, head_ms, head_s))
    epoch = (high * np.uint64(10**8) + swar.digits_value(last)).astype(np.int64)
    field = closes - 19 + np.where(millis, 1, 4)  # where the `c` is
    alone = field == starts + 1
    pair = (buf[starts + 1] == ord("s")) & (buf[starts + 2] == COLON) & (buf[field - 1] == COMMA)
    rows = np.flatnonzero(pair)
    pair[rows] = _plain_values(buf, starts[rows] + 3, field[rows] - starts[rows] - 4)
    good = (seconds | millis) & (alone | pair)
    ts_ms = np.where(good, _epoch_ms(epoch), -1)
    source_len = np.where(pair, field - starts - 4, 0)
    return TagFields(good, ts_ms, np.where(pair, starts + 3, -1), source_len)


def _general_tags(buf: U8, starts: I64, closes: I64, lines: Bool, fields: TagFields) -> None:
    """Parse the tag blocks of `lines` field by field into `fields` (any order, other fields)."""
    colons = np.flatnonzero(buf == COLON)
    line = np.searchsorted(starts, colons, side="right") - 1
    keep = lines[line] & (colons < closes[line] - 3)
    colons, line = colons[keep], line[keep]
    before = buf[colons - 2]
    keep = ((before == COMMA) | (before == BACKSLASH)) & (colons - 2 >= starts[line])
    colons, line = colons[keep], line[keep]
    letter = buf[colons - 1]
    keep = (letter != COMMA) & (letter != BACKSLASH)
    colons, line, letter = colons[keep], line[keep], letter[keep]
    valid = fields.valid
    # every field must be `k:value` with a one-character key, as the scalar parser requires
    rows = np.flatnonzero(lines)
    is_comma = (buf == COMMA).view(np.uint8)
    bounds = np.empty(2 * len(rows), dtype=np.int64)
    bounds[0::2], bounds[1::2] = starts[rows] + 1, closes[rows] - 3
    commas = np.add.reduceat(is_comma, bounds, dtype=np.int64)[0::2]
    keys = np.bincount(line, minlength=len(starts))[rows]
    valid[rows[keys != commas + 1]] = False
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
