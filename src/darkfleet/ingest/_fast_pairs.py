"""Two-sentence type 5 messages on the fast path: adjacent fragments joined column-wise.

A pair is a framed `!ttVDM,2,1,...` line directly followed by its `!ttVDM,2,2,...` line, with
the same sequence id and channel, no `g:` group, fill bits 0 then 2, and 71 payload characters
together (424 bits: the standard type 5, the first character `5`). Its payload is gathered
from both lines into one (71, n) array of 6-bit values. Its time is the first fragment's own,
else the second's, else the stream context of the first line; its source the first one given.
The scalar decoder decides the same for such a pair; the pipeline leaves a pair to it when the
scalar path may hold another fragment with the same key (docs/ingest-fastpath.md).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import replace

import numpy as np

from darkfleet.ingest._fast_fields import U8, Bool, sixbit
from darkfleet.ingest._fast_frame import I64, Framed

VOYAGE_CHARS = 71


def pair_rows(framed: Framed) -> tuple[I64, I64]:
    """First and second line (indices in the block) of every pair."""
    ok = framed.ok
    first = np.flatnonzero(ok[:-1] & (framed.total[:-1] == 2) & (framed.number[:-1] == 1))
    second = first + 1
    good = ok[second] & (framed.total[second] == 2) & (framed.number[second] == 2)
    good &= framed.key[first] == framed.key[second]
    good &= (framed.fill_bits[first] == 0) & (framed.fill_bits[second] == 2)
    good &= framed.payload_len[first] + framed.payload_len[second] == VOYAGE_CHARS
    good &= framed.buf[framed.payload_start[first]] == ord("5")
    return first[good], second[good]


def pair_payloads(framed: Framed, first: I64, second: I64) -> tuple[U8, Bool]:
    """The joined payloads as (71, n) 6-bit values, and whether every character is valid."""
    k = np.arange(VOYAGE_CHARS)
    first_len = framed.payload_len[first][:, None]
    index = np.where(k < first_len, framed.payload_start[first][:, None] + k,
                     framed.payload_start[second][:, None] + k - first_len)
    return sixbit(framed.buf[index])


def pair_context(framed: Framed, first: I64, second: I64) -> Framed:
    """`framed` with each pair's time and source put on its first line."""
    tags = framed.tags
    own_first, own_second = framed.own_ts_ms[first], framed.own_ts_ms[second]
    ts_ms = tags.ts_ms.copy()
    ts_ms[first] = np.where(own_first >= 0, own_first,
                            np.where(own_second >= 0, own_second, tags.ts_ms[first]))
    use_second = (tags.source_len[first] == 0) & (tags.source_len[second] > 0)
    source_start, source_len = tags.source_start.copy(), tags.source_len.copy()
    source_start[first] = np.where(use_second, tags.source_start[second], source_start[first])
    source_len[first] = np.where(use_second, tags.source_len[second], source_len[first])
    return replace(framed, tags=replace(tags, ts_ms=ts_ms, source_start=source_start,
                                        source_len=source_len))


_FRAGMENT = re.compile(rb"VD[MO],([2-9]),[0-9],([0-9]*),([^,]*),")


def settle_pairs(handled: Bool, seconds: I64, keys: I64, lines: Sequence[bytes],
                 pending: Collection[tuple[str | None, str, str]], room: int) -> int:
    """Leave to the scalar path (in `handled`) every pair it could decide otherwise; returns
    how many pairs stay handled.

    A pair stays only if both its lines are handled and it is not the first pair of its key
    after a fragment of that key the scalar path will see (pending from earlier chunks, or
    among this chunk's other lines): such a fragment would be completed or dropped by the
    pair's first line. Once the scalar path has that pair, its state for the key is clear
    again (a first fragment drops what was pending; the second completes the pair), so later
    pairs of the key stay. When the scalar path could run out of `room` for open messages in
    this chunk, every pair is left to it.
    """
    if len(seconds) == 0:
        return 0
    firsts = seconds - 1
    both = handled[firsts] & handled[seconds]
    handled[firsts] = handled[seconds] = both
    fragments: list[tuple[int, int]] = [(-1, _key(seq, channel)) for _, seq, channel in pending]
    for index in np.flatnonzero(~handled).tolist():
        match = _FRAGMENT.search(lines[index])
        if match is not None:
            fragments.append((index, _key(match.group(2).decode(),
                                          match.group(3).decode("latin-1"))))
    if len(fragments) + 1 >= room:
        both[:] = False
    elif fragments:
        both &= ~_first_after(firsts, keys, fragments)
    handled[firsts] = handled[seconds] = both
    return int(both.sum())


def _first_after(firsts: I64, keys: I64, fragments: list[tuple[int, int]]) -> Bool:
    """Which pairs (first lines `firsts`, ascending, and `keys`) are the first of their key
    after one of `fragments` (line, key; -1: a key no pair has)."""
    chosen = np.zeros(len(firsts), dtype=bool)
    where = np.array([line for line, _ in fragments], dtype=np.int64)
    of = np.array([key for _, key in fragments], dtype=np.int64)
    for key in np.unique(keys).tolist():
        pairs = np.flatnonzero(keys == key)
        before = where[of == key]
        after = np.searchsorted(firsts[pairs], before, side="right")
        chosen[pairs[after[after < len(pairs)]]] = True
    return chosen


def _key(seq: str, channel: str) -> int:
    """The fast path's key of a sequence id and channel (-1: one it never gives)."""
    if len(seq) > 1 or len(channel) > 1:
        return -1
    return (ord(seq) if seq else 0) * 256 + (ord(channel) if channel else 0)
