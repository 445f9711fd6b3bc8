"""Which row hashes repeat one of the last `window` hashes: the duplicate filter's window.

Compiled where built (`CompiledRecent`: hash tables of the window's hashes, `_crows`), else
with NumPy (`RecentHashes`), with the same answers.

The NumPy window: most rows of a recording repeat nothing, so a chunk is first screened with a
table indexed by a few bits of each hash (its bucket): a row can only repeat an earlier one when
its bucket was written by a chunk that may still hold rows in the window, or by another row of
its chunk. Each row writes its chunk's number and its own index to its bucket and reads the
entry back: a row that reads another row's entry shares its bucket with it. Only the rows of
shared buckets (a few percent, with the window's rows of the same buckets) are compared
exactly, by a stable sort of their hashes. Nothing depends on which of the rows of one bucket
NumPy writes last.
"""

from __future__ import annotations

from collections import deque

import numpy as np

try:
    from darkfleet.ingest import _crows  # type: ignore[attr-defined]
except ImportError:  # not built: the NumPy window
    _crows = None

#: log2 of the screening table's length: about 16 buckets for each row of the window.
MIN_BUCKET_BITS, MAX_BUCKET_BITS = 12, 21
#: Small chunks are kept together up to this many rows (or a quarter of the window).
MERGED_ROWS = 4096
_MIX = np.uint64(0x9E3779B97F4A7C15)
_LOW = np.int64(0xFFFFFFFF)


def recent_hashes(window: int) -> RecentHashes | CompiledRecent:
    """The window of `window` rows: compiled where built, else NumPy's (same answers)."""
    return CompiledRecent(window) if _crows is not None else RecentHashes(window)


class CompiledRecent:
    """The last positions of the hashes of the last `window` rows, in two hash tables that take
    `window` rows each in turn (`_crows.repeat_window`)."""

    def __init__(self, window: int) -> None:
        self._window = window
        capacity = 1 << max(10, (2 * window).bit_length())
        # per table and slot: the hash and its last position (-1: empty)
        self._tables = np.full((2, capacity, 2), -1, dtype=np.int64)
        self._state = np.zeros(2, dtype=np.int64)  # where the current table began, which it is
        self._rows = 0

    def repeated(self, hashes: np.ndarray) -> np.ndarray:
        """Per hash: the same hash came at most `window` rows before it (its last occurrence);
        then `hashes` join the window."""
        hashes = np.ascontiguousarray(hashes, dtype=np.uint64)
        out = np.zeros(len(hashes), dtype=np.uint8)
        if self._window and len(hashes):
            assert _crows is not None
            _crows.repeat_window(hashes, out, self._tables, self._state, self._rows,
                                 self._window)
        self._rows += len(hashes)
        return out.view(bool)


def bucket_bits(window: int) -> int:
    """Bits of the screening table for a window of `window` rows."""
    return int(min(MAX_BUCKET_BITS, max(MIN_BUCKET_BITS, (16 * window).bit_length())))


class RecentHashes:
    """The hashes of the last `window` rows (and a few more, whole pieces), and a table of
    their buckets."""

    def __init__(self, window: int) -> None:
        self._window = window
        self._shift = np.uint64(64 - bucket_bits(window))
        # kept chunks, or runs of small ones: (number of the first, first row, hashes, buckets)
        self._merged_rows = max(MERGED_ROWS, window // 4)
        self._chunks: deque[tuple[int, int, np.ndarray, np.ndarray]] = deque()
        self._rows = 0  # rows seen so far
        self._number = 0  # chunks seen so far
        # per bucket: the number of the last chunk that wrote it (high 32 bits) and the index
        # in it of one of its rows there
        self._table: np.ndarray | None = None

    def repeated(self, hashes: np.ndarray) -> np.ndarray:
        """Per hash: the same hash came at most `window` rows before it (its last occurrence);
        then `hashes` join the window."""
        first, number = self._rows, self._number + 1
        hashes = np.asarray(hashes, dtype=np.uint64)
        buckets = ((hashes * _MIX) >> self._shift).astype(np.intp)
        candidates = self._screen(buckets, number, first)
        repeated = np.zeros(len(hashes), dtype=bool)
        if candidates.any():
            repeated = self._exact(hashes, candidates, number, first)
        self._rows, self._number = first + len(hashes), number
        self._keep(number, first, hashes, buckets)
        return repeated

    def _keep(self, number: int, first: int, hashes: np.ndarray, buckets: np.ndarray) -> None:
        """Add a chunk to the kept ones (to the last when both are small: streams of small
        steps keep a few pieces, not thousands), and let go of those before the window."""
        if self._chunks and len(self._chunks[-1][2]) + len(hashes) <= self._merged_rows:
            since, start, earlier, earlier_buckets = self._chunks.pop()
            hashes = np.concatenate([earlier, hashes])
            buckets = np.concatenate([earlier_buckets, buckets])
            number, first = since, start
        self._chunks.append((number, first, hashes, buckets))
        while self._chunks and self._ends(self._chunks[0]) < self._rows - self._window:
            self._chunks.popleft()

    @staticmethod
    def _ends(chunk: tuple[int, int, np.ndarray, np.ndarray]) -> int:
        return chunk[1] + len(chunk[2])

    def _screen(self, buckets: np.ndarray, number: int, first: int) -> np.ndarray:
        """The rows that may repeat a row of the window or of their chunk (a superset)."""
        if self._table is None:
            self._table = np.zeros(1 << (64 - int(self._shift)), np.int64)
        table = self._table
        # a bucket last written by no chunk that may hold rows within `window` before this
        # chunk's first row holds none of them
        candidates: np.ndarray = (table[buckets] >> 32) >= self._oldest_chunk(first - self._window)
        entry = np.arange(len(buckets), dtype=np.int64) | np.int64(number << 32)
        table[buckets] = entry
        back = table[buckets]
        shared = back != entry
        candidates |= shared
        candidates[back[shared] & _LOW] = True  # the rows whose entry the others read
        return candidates

    def _oldest_chunk(self, row: int) -> int:
        """The number of the first chunk of the kept piece that holds `row` or comes after it
        (past the end: the next chunk's)."""
        for chunk in self._chunks:
            if self._ends(chunk) > row:
                return chunk[0]
        return self._number + 1

    def _exact(self, hashes: np.ndarray, candidates: np.ndarray, number: int, first: int
               ) -> np.ndarray:
        """Compare the candidates with the window's rows of their buckets (now written by this
        chunk: those that share a bucket with a row of it)."""
        assert self._table is not None
        values, positions = [], []
        for _, start, earlier, earlier_buckets in self._chunks:
            chosen = np.flatnonzero((self._table[earlier_buckets] >> 32) == number)
            values.append(earlier[chosen])
            positions.append(chosen + start)
        chosen = np.flatnonzero(candidates)
        values.append(hashes[chosen])
        positions.append(chosen + first)
        value, position = np.concatenate(values), np.concatenate(positions)
        order = np.argsort(value, kind="stable")  # positions ascend among equal hashes
        same = value[order][1:] == value[order][:-1]
        previous = np.full(len(value), -1, dtype=np.int64)
        previous[order[1:][same]] = position[order[:-1][same]]
        mine = slice(len(value) - len(chosen), None)
        repeated = np.zeros(len(hashes), dtype=bool)
        repeated[chosen] = (previous[mine] >= 0) & (position[mine] - previous[mine] <= self._window)
        return repeated
