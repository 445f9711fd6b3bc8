"""The bounded hand-over between feed readers (threads) and the watch loop.

Readers put the lines of what they received together with its arrival time; the loop takes
them in order. The queue holds at most `max_lines` lines: a TCP reader then waits (so the sender
is slowed down by TCP itself), a UDP reader drops the datagram and it is counted.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Received:
    """Lines received together, when (UNIX seconds, wall clock), and for a followed file where
    its next line starts (`{"inode": N, "offset": N}`), so a restart can resume there."""

    at: float
    lines: list[bytes]
    cursor: dict[str, int] | None = None


class LineQueue:
    """A thread-safe FIFO of `Received`, bounded by its number of lines."""

    def __init__(self, max_lines: int) -> None:
        self.max_lines = max_lines
        self.dropped_lines = 0
        self._items: deque[Received] = deque()
        self._lines = 0
        self._cond = threading.Condition()

    def __len__(self) -> int:
        return self._lines

    def put(self, item: Received, *, block: bool = True, stop: threading.Event | None = None
            ) -> bool:
        """Add `item`; when full, wait (`block`) until there is room or `stop` is set, or drop
        it at once. Returns whether it was added."""
        with self._cond:
            while self._lines and self._lines + len(item.lines) > self.max_lines:
                if not block or (stop is not None and stop.is_set()):
                    self.dropped_lines += len(item.lines)
                    return False
                self._cond.wait(0.1)
            self._items.append(item)
            self._lines += len(item.lines)
            self._cond.notify_all()
            return True

    def take(self, max_lines: int, timeout_s: float) -> list[Received]:
        """Items in order, about `max_lines` lines at most (at least one item when any came
        within `timeout_s`)."""
        deadline = time.monotonic() + timeout_s
        with self._cond:
            while not self._items:
                left = deadline - time.monotonic()
                if left <= 0:
                    return []
                self._cond.wait(left)
            taken: list[Received] = []
            count = 0
            while self._items and (not taken or count + len(self._items[0].lines) <= max_lines):
                item = self._items.popleft()
                taken.append(item)
                count += len(item.lines)
            self._lines -= count
            self._cond.notify_all()
            return taken
