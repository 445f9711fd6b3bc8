"""What every feed shares: splitting a byte stream into lines, stamping them with their arrival
time, handing them to the queue, and the base class of the feed readers."""

from __future__ import annotations

import logging
import threading
import time
from abc import ABC, abstractmethod

from darkfleet.watch.line_queue import LineQueue, Received
from darkfleet.watch.stamp import stamp

log = logging.getLogger("darkfleet.watch")


class LineSplitter:
    """Bytes in, complete lines out (without line ends); a line longer than `max_line_bytes`
    is cut there (the decoder quarantines it as too long) and the rest of it skipped."""

    def __init__(self, max_line_bytes: int) -> None:
        self.max_line_bytes = max_line_bytes
        self._partial = b""
        self._skipping = False

    def feed(self, data: bytes) -> list[bytes]:
        """The lines that `data` completes."""
        parts = (self._partial + data).split(b"\n")
        self._partial = parts.pop()
        if len(self._partial) > self.max_line_bytes:
            parts.append(self._partial[: self.max_line_bytes + 1])
            self._partial, skipping = b"", True
        else:
            skipping = False
        lines = []
        for part in parts:
            if self._skipping:  # the rest of a line already cut
                self._skipping = False
                continue
            lines.append(part[: self.max_line_bytes + 1].rstrip(b"\r"))
        self._skipping = self._skipping or skipping
        return lines

    @property
    def pending_bytes(self) -> int:
        """Bytes of an unterminated line held back."""
        return len(self._partial)

    def flush(self) -> list[bytes]:
        """The unterminated last line, when the stream ends."""
        rest, self._partial = self._partial, b""
        return [] if self._skipping or not rest.strip() else [rest.rstrip(b"\r")]


def hand_over(queue: LineQueue, lines: list[bytes], *, block: bool = True,
              stop: threading.Event | None = None, cursor: dict[str, int] | None = None
              ) -> bool:
    """Stamp non-empty `lines` with the arrival time and put them on `queue`."""
    now = time.time()
    epoch_ms = int(now * 1000)
    stamped = [stamp(line, epoch_ms) for line in lines if line.strip()]
    if not stamped:
        return True
    return queue.put(Received(now, stamped, cursor), block=block, stop=stop)


class Feed(ABC):
    """A source of lines: `start` its reader threads, which run until `stop` is set (or, for a
    finite source, until `done` is set)."""

    def __init__(self, name: str, max_line_bytes: int) -> None:
        self.name = name
        self.max_line_bytes = max_line_bytes
        self.done = threading.Event()
        self.connections = 0
        self._threads: list[threading.Thread] = []

    def start(self, queue: LineQueue, stop: threading.Event) -> None:
        """Open the source (errors raise here) and start reading in the background."""
        self.open()
        self._spawn(self.run, queue, stop)

    def join(self, timeout_s: float = 2.0) -> None:
        """Wait for the reader threads to end (after `stop` was set)."""
        for thread in self._threads:
            thread.join(timeout_s)

    def alive(self) -> bool:
        """Whether a reader thread still runs."""
        return any(thread.is_alive() for thread in self._threads)

    def _spawn(self, target: object, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True,  # type: ignore[arg-type]
                                  name=f"watch-{self.name}")
        self._threads.append(thread)
        thread.start()

    def resume(self, cursor: dict[str, int]) -> None:  # noqa: B027 (an optional hook)
        """Start where a previous session's last commit ended (feeds that can)."""

    def open(self) -> None:  # noqa: B027 (an optional hook: most feeds need nothing)
        """Bind, connect or open before the threads start (default: nothing)."""

    @abstractmethod
    def run(self, queue: LineQueue, stop: threading.Event) -> None:
        """Read until `stop` is set (or the source ends)."""
