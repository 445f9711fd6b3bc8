"""Sentence framing for the fast path: find, per line, a single-sentence AIS payload.

Works on a whole chunk at once: the lines are joined into one byte buffer and every check is a
NumPy operation over all lines (fixed-offset gathers, windows, `searchsorted` on the positions
of a few special bytes, `bitwise_xor.reduceat` for the checksum). A line is *framed* when it is

    [\\tag block*hh\\]!ttVDM,T,N,[seq],[channel],payload,fill*hh[,trailing fields]

(T 1 or 2, N from 1 to T: a single sentence, or a fragment of a two-sentence message)

with printable ASCII only (checked where the structure does not already fix the bytes), a valid
sentence checksum, a tag block without a `g:` group, and
trailing fields (if any) that end with an epoch (10 digits: seconds, 13 digits: milliseconds).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from darkfleet.ingest._fast_swar import window
from darkfleet.ingest._fast_tags import TagFields, parse_tag_fields
from darkfleet.ingest._fast_trailing import trailing_fields
from darkfleet.ingest.lines import Lines

I64 = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]
U8 = npt.NDArray[np.uint8]

#: Bytes around the lines so that fixed look-aheads and look-backs never leave the buffer.
PAD_BYTES = 128

COMMA, STAR, BACKSLASH, CR, NEWLINE = (ord(c) for c in (",", "*", "\\", "\r", "\n"))

_HEX = np.full(256, -1, dtype=np.int16)
for _digit, _char in enumerate("0123456789ABCDEF"):
    _HEX[ord(_char)] = _digit
    _HEX[ord(_char.lower())] = _digit

_IS_HEX = _HEX >= 0

# "!ttVD?,T,N," with the talker, the M/O byte and the counts masked out, as two uint64 words.
_HEAD = np.frombuffer(b"!\0\0VD\0,\0,\0,\0\0\0\0\0", dtype=np.uint8)
_HEAD_MASK = np.frombuffer(b"\xff\0\0\xff\xff\0\xff\0\xff\0\xff\0\0\0\0\0", dtype=np.uint8)
_UPPER = np.zeros(256, dtype=bool)
_UPPER[ord("A") : ord("Z") + 1] = True
_CHANNELS = np.zeros(256, dtype=bool)
_CHANNELS[[ord(c) for c in "AB12"]] = True


@dataclass(frozen=True, slots=True)
class Framed:
    """Where the payload of each framed line lies in the joined buffer, and its context."""

    buf: U8  # the chunk joined with b"\\n", between PAD_BYTES zero bytes
    ok: Bool  # one per line: framed, checksum valid
    payload_start: I64
    payload_len: I64
    fill_bits: I64
    tags: TagFields  # ts (the stream context filling in) and source per line
    own_ts_ms: I64  # the line's own time (tag block or trailer), -1: none
    total: I64  # sentences in the message (1 or 2)
    number: I64  # this sentence's number (1 or 2)
    key: I64  # sequence id and channel bytes (0: empty), as seq * 256 + channel
    line_bytes: I64  # the line's length in bytes


def join_lines(lines: Sequence[bytes]) -> tuple[U8, I64, I64, I64]:
    """The joined buffer, each line's start and end (end excludes a trailing CR) and its
    length in bytes."""
    count = len(lines)
    pad = b"\0" * PAD_BYTES
    # the reader's lines are joined from their buffers' regions, not one by one
    regions = lines.regions() if isinstance(lines, Lines) and count else None
    buf = np.frombuffer(b"\n".join([pad, *(lines if regions is None else regions), pad]),
                        dtype=np.uint8)
    if regions is not None and isinstance(lines, Lines):  # where each line lies follows from
        starts, ends = lines.joined_bounds(PAD_BYTES + 1)  # where it lay in its buffer
        lengths = ends - starts
        ends -= (lengths > 0) & (buf[ends - 1] == CR)
        return buf, starts, ends, lengths
    newlines = np.flatnonzero(buf == NEWLINE)
    if len(newlines) == count + 1:  # no line holds a newline: they are the separators
        starts, ends = newlines[:-1] + 1, newlines[1:]
    else:
        lengths = np.fromiter(map(len, lines), dtype=np.int64, count=count)
        starts = np.full(count, PAD_BYTES + 1, dtype=np.int64)
        np.cumsum(lengths[:-1] + 1, out=starts[1:])
        starts[1:] += PAD_BYTES + 1
        ends = starts + lengths
    lengths = ends - starts
    ends -= (lengths > 0) & (buf[ends - 1] == CR)
    return buf, starts, ends, lengths


def tag_block_ends(buf: U8, starts: I64, ends: I64, ok: Bool) -> tuple[I64, Bool]:
    """Per line, the index of the closing backslash of its tag block (-1: none) and validity."""
    tagged = np.flatnonzero(ok & (buf[starts] == BACKSLASH))
    if len(tagged) == 0:
        return np.full(len(starts), -1, dtype=np.int64), np.ones(len(starts), dtype=bool)
    every = len(tagged) == len(starts)
    first, last = (starts, ends) if every else (starts[tagged], ends[tagged])
    slashes = np.flatnonzero(buf == BACKSLASH)
    if len(slashes) == 2 * len(tagged) and (slashes[0::2] == first).all():
        close = slashes[1::2]  # the usual case: two backslashes per tagged line, none elsewhere
        good = close < last
    else:
        found = np.searchsorted(slashes, first + 1)
        close = slashes[np.minimum(found, len(slashes) - 1)]
        good = (found < len(slashes)) & (close < last)
    good &= close >= first + 4
    close = np.where(good, close, first + 4)
    good &= (buf[close - 3] == STAR) & _IS_HEX.take(buf[close - 2]) & _IS_HEX.take(buf[close - 1])
    close = np.where(good, close, -1)
    if every:
        return close, good
    closes = np.full(len(starts), -1, dtype=np.int64)
    valid = np.ones(len(starts), dtype=bool)
    closes[tagged], valid[tagged] = close, good
    return closes, valid


def sentence_head(buf: U8, begin: I64) -> tuple[Bool, I64, I64, I64, I64]:
    """Whether `!ttVDM,T,N,[seq],[channel],` starts at each position (T 1 or 2, N 1 to T), the
    payload start, T, N and the key (seq byte * 256 + channel byte, 0 for an empty field)."""
    head = window(buf, begin, 16)
    words = head.view(np.uint64)
    pattern, mask = _HEAD.view(np.uint64), _HEAD_MASK.view(np.uint64)
    ok = ((words[:, 0] ^ pattern[0]) & mask[0]) == 0
    ok &= ((words[:, 1] ^ pattern[1]) & mask[1]) == 0
    ok &= _UPPER.take(head[:, 1]) & _UPPER.take(head[:, 2])
    ok &= (head[:, 5] == ord("M")) | (head[:, 5] == ord("O"))
    total, number = head[:, 7].astype(np.int64) - ord("0"), head[:, 9].astype(np.int64) - ord("0")
    ok &= (total >= 1) & (total <= 2) & (number >= 1) & (number <= total)
    c11, c12, c13, c14 = (head[:, k] for k in (11, 12, 13, 14))
    seq = (c11 >= ord("0")) & (c11 <= ord("9")) & (c12 == COMMA)
    no_seq = c11 == COMMA
    # seq id and channel each 0 or 1 character: ",,", ",A,", "1,,", "1,A,"
    after_seq = np.where(seq, c13, c12)
    chan = _CHANNELS.take(after_seq) & (np.where(seq, c14, c13) == COMMA)
    ok &= (seq | no_seq) & ((after_seq == COMMA) | chan)
    key = np.where(seq, c11, 0).astype(np.int64) * 256 + np.where(chan, after_seq, 0)
    return ok, begin + 13 + seq + chan, total, number, key


def sentence_tail(buf: U8, payload_start: I64, ends: I64, ok: Bool) -> tuple[I64, U8]:
    """The position of each sentence's `*`, and the 5 bytes `,F*hh` around it.

    Without trailing fields the `*` is at end-3; otherwise it is searched after the payload.
    """
    stars = ends - 3
    tail = window(buf, stars - 2, 5)
    other = np.flatnonzero(ok & (tail[:, 2] != STAR))
    every = np.flatnonzero(buf == STAR) if len(other) else np.empty(0, dtype=np.int64)
    if len(every) == 0:  # no `*` anywhere: no sentence has a tail
        stars[other] = payload_start[other]
        tail[other] = window(buf, stars[other] - 2, 5)
    elif len(other):
        found = np.searchsorted(every, payload_start[other])
        star = every[np.minimum(found, len(every) - 1)]
        stars[other] = np.where((found < len(every)) & (star < ends[other]), star, payload_start[
            other])
        tail[other] = window(buf, stars[other] - 2, 5)
    return stars, tail


def checksum_ok(buf: U8, begin: I64, stars: I64, stated: npt.NDArray[np.int16]) -> Bool:
    """Whether the XOR of the bytes between `!` and `*` equals the stated checksum."""
    bounds = np.empty(2 * len(begin), dtype=np.int64)
    bounds[0::2], bounds[1::2] = begin + 1, stars
    actual = np.bitwise_xor.reduceat(buf, bounds)[0::2].astype(np.int16)
    same: Bool = actual == stated
    return same


def frame_lines(lines: Sequence[bytes], context_ts_ms: I64 | None) -> Framed:
    """Frame every line of the chunk (see the module docstring)."""
    buf, starts, ends, line_bytes = join_lines(lines)
    ok = ends > starts
    closes, tag_valid = tag_block_ends(buf, starts, ends, ok)
    ok &= tag_valid
    begin = np.where(closes >= 0, closes + 1, starts)
    head_ok, payload_start, total, number, key = sentence_head(buf, begin)
    ok &= head_ok & (payload_start < ends)
    stars, tail = sentence_tail(buf, payload_start, ends, ok)
    fill_bits = tail[:, 1].astype(np.int64) - ord("0")
    high, low = _HEX.take(tail[:, 3]), _HEX.take(tail[:, 4])
    ok &= (tail[:, 0] == COMMA) & (tail[:, 2] == STAR) & (stars > payload_start + 1)
    ok &= (fill_bits >= 0) & (fill_bits <= 5) & (high >= 0) & (low >= 0)
    ok &= (stars + 3 == ends) | ((stars + 3 < ends) & (buf[stars + 3] == COMMA))
    rows = np.flatnonzero(ok)
    if len(rows):
        ok[rows] = checksum_ok(buf, begin[rows], stars[rows], high[rows] * 16 + low[rows])
    tags = parse_tag_fields(buf, starts, closes, ok)
    tags = trailing_fields(buf, stars + 3, ends, ok, tags)
    own_ts_ms = tags.ts_ms
    tags = tags.with_context(context_ts_ms)
    ok &= tags.valid
    return Framed(buf, ok, payload_start, stars - 2 - payload_start, fill_bits, tags, own_ts_ms,
                  total, number, key, line_bytes)
