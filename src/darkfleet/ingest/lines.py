"""Lines cut from byte buffers without a `bytes` object per line.

The reader finds line ends with NumPy and hands on each buffer with the start and end of every
line in it; a line becomes a `bytes` object only when someone asks for it (the scalar path, for
the few lines the fast path leaves). The fast path joins a chunk's lines from the buffers'
regions (`regions`), one copy of a few pieces rather than a join of a list.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate
from typing import overload

import numpy as np

I64 = np.ndarray


class Segment:
    """Lines `text[starts[i]:ends[i]]`; `joinable`: they follow one another in `text`, each
    ended by one `\\n` (none was cut short)."""

    __slots__ = ("ends", "joinable", "starts", "text")

    def __init__(self, text: bytes, starts: I64, ends: I64, joinable: bool) -> None:
        self.text, self.starts, self.ends, self.joinable = text, starts, ends, joinable

    def __len__(self) -> int:
        return len(self.starts)

    def cut(self, begin: int, end: int) -> Segment:
        return Segment(self.text, self.starts[begin:end], self.ends[begin:end], self.joinable)

    def region(self) -> memoryview:
        """The lines as they lie in `text`, with the `\\n` between them (joinable only)."""
        return memoryview(self.text)[int(self.starts[0]):int(self.ends[-1])]


class Lines(Sequence[bytes]):
    """An immutable sequence of lines kept in a few segments (see the module doc)."""

    __slots__ = ("_ends", "_segments")

    def __init__(self, segments: Sequence[Segment] = ()) -> None:
        self._segments = [segment for segment in segments if len(segment)]
        self._ends = list(accumulate(len(segment) for segment in self._segments))

    @classmethod
    def of(cls, lines: Sequence[bytes]) -> Lines:
        """`lines` (bytes without `\\n`) as a `Lines`."""
        if not lines:
            return cls()
        lengths = np.fromiter(map(len, lines), dtype=np.int64, count=len(lines))
        starts = np.zeros(len(lines), dtype=np.int64)
        np.cumsum(lengths[:-1] + 1, out=starts[1:])
        return cls([Segment(b"\n".join(lines), starts, starts + lengths, True)])

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    @overload
    def __getitem__(self, index: int) -> bytes: ...

    @overload
    def __getitem__(self, index: slice) -> Lines: ...

    def __getitem__(self, index: int | slice) -> bytes | Lines:
        if isinstance(index, slice):
            begin, end, step = index.indices(len(self))
            if step != 1:
                return Lines.of(list(self)[index])
            return self._slice(begin, max(begin, end))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("line index out of range")
        which = bisect_right(self._ends, index)
        segment = self._segments[which]
        at = index - (self._ends[which - 1] if which else 0)
        return segment.text[int(segment.starts[at]):int(segment.ends[at])]

    def _slice(self, begin: int, end: int) -> Lines:
        kept, offset = [], 0
        for segment in self._segments:
            size = len(segment)
            if offset + size > begin and offset < end:
                kept.append(segment.cut(max(0, begin - offset), min(size, end - offset)))
            offset += size
        return Lines(kept)

    def __iter__(self) -> Iterator[bytes]:
        for segment in self._segments:
            text = segment.text
            for start, end in zip(segment.starts.tolist(), segment.ends.tolist(), strict=True):
                yield text[start:end]

    def __add__(self, other: Lines) -> Lines:
        return Lines([*self._segments, *other._segments])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Lines | list | tuple):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other,
                                                                           strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Lines({list(self)!r})"

    def regions(self) -> list[memoryview] | None:
        """The lines as they lie in their buffers, to be joined by `\\n` (None when a line was
        cut short)."""
        if all(segment.joinable for segment in self._segments):
            return [segment.region() for segment in self._segments]
        return None

    def joined_bounds(self, offset: int) -> tuple[I64, I64]:
        """Each line's start and end in the join of `regions()` by `\\n`, placed at `offset`
        (the regions must be there: no line cut short)."""
        if not self._segments:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        starts, ends = [], []
        for segment in self._segments:
            shift = offset - int(segment.starts[0])
            starts.append(segment.starts + shift)
            ends.append(segment.ends + shift)
            offset += int(segment.ends[-1]) - int(segment.starts[0]) + 1
        return np.concatenate(starts), np.concatenate(ends)

    def joined(self) -> bytes:
        """The lines joined by `\\n`."""
        regions = self.regions()
        return b"\n".join(self if regions is None else regions)


def joined(lines: Sequence[bytes]) -> bytes:
    """`lines` joined by `\\n`: from the buffers' regions when they are `Lines`."""
    return lines.joined() if isinstance(lines, Lines) else b"\n".join(lines)


def split_lines(data: bytes, limit: int) -> tuple[Lines, bytes]:
    """The lines of `data` (its `\\n` end each, none other), each cut to `limit` bytes, and
    what follows the last `\\n` (a line not ended yet)."""
    ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)
    if len(ends) == 0:
        return Lines(), data
    starts = np.empty(len(ends), dtype=np.int64)
    starts[0] = 0
    starts[1:] = ends[:-1] + 1
    rest = data[int(ends[-1]) + 1:]
    long = (ends - starts) > limit
    if long.any():
        ends = np.where(long, starts + limit, ends)
    return Lines([Segment(data, starts, ends.astype(np.int64), not long.any())]), rest
