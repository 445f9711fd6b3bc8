"""File feeds: follow a growing file through its rotation, and replay a recording at a speed.

`--follow FILE` reads the file from its start (or, after a restart, from where the last commit
of the previous session ended, when the file is the same inode and still that long), then waits
for more; when the file at that path is replaced (another inode) or truncated (shorter than what
was read), it is read again from the start, as `tail -F` does.

`--replay FILE --speed N` feeds a recording through the same path as a live feed, paced by the
tag-block `c:` times of its lines (N times faster than recorded; 0: as fast as it can be read);
it ends at the end of the file.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Sequence
from typing import BinaryIO

from darkfleet.errors import InputError
from darkfleet.ingest.reader import LineSource
from darkfleet.watch.feed import Feed, LineSplitter, hand_over
from darkfleet.watch.line_queue import LineQueue

_READ_BYTES = 1 << 16
_TAG_TIME = re.compile(rb"^\\[^\\]*?\bc:([0-9]{1,16})")
_REPLAY_LINES = 500


class FollowFeed(Feed):
    """`--follow FILE` (see the module doc)."""

    def __init__(self, path: str, max_line_bytes: int, poll_s: float) -> None:
        super().__init__(path, max_line_bytes)
        self.path = path
        self.poll_s = poll_s
        self._resume: dict[str, int] | None = None

    def resume(self, cursor: dict[str, int]) -> None:
        self._resume = cursor

    def open(self) -> None:
        if not os.path.exists(self.path):
            raise InputError("no such file to follow", path=self.path)

    def run(self, queue: LineQueue, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                stream = open(self.path, "rb")  # noqa: SIM115 (held across the loop below)
            except OSError:
                stop.wait(self.poll_s)
                continue
            self.connections += 1
            with stream:
                self._read(stream, queue, stop)

    def _read(self, stream: BinaryIO, queue: LineQueue, stop: threading.Event) -> None:
        splitter = LineSplitter(self.max_line_bytes)
        inode, done = os.fstat(stream.fileno()).st_ino, 0
        resume, self._resume = self._resume, None
        if resume and resume.get("inode") == inode and os.fstat(stream.fileno()).st_size >= (
                offset := resume.get("offset", 0)):
            done = stream.seek(offset)
        while not stop.is_set():
            data = stream.read(_READ_BYTES)
            if data:
                done += len(data)
                lines = splitter.feed(data)
                cursor = {"inode": inode, "offset": done - splitter.pending_bytes}
                hand_over(queue, lines, stop=stop, cursor=cursor)
                continue
            if self._rotated(inode, done):
                hand_over(queue, splitter.flush(), stop=stop)
                return
            stop.wait(self.poll_s)

    def _rotated(self, inode: int, done: int) -> bool:
        try:
            now = os.stat(self.path)
        except OSError:
            return False  # moved away and not yet replaced: keep reading the old one
        return now.st_ino != inode or now.st_size < done


class ReplayFeed(Feed):
    """`--replay FILE --speed N` (see the module doc)."""

    def __init__(self, path: str, max_line_bytes: int, speed: float) -> None:
        super().__init__(path, max_line_bytes)
        self.path = path
        self.speed = speed
        self._start: tuple[float, int] | None = None

    def open(self) -> None:
        LineSource(self.path, self.max_line_bytes).__exit__()  # fails early on a bad path

    def run(self, queue: LineQueue, stop: threading.Event) -> None:
        self.connections = 1
        self._start = None
        try:
            with LineSource(self.path, self.max_line_bytes) as source:
                for chunk in source.chunks(_REPLAY_LINES):
                    if not self._replay(chunk.lines, queue, stop):
                        return
        finally:
            self.done.set()

    def _replay(self, lines: Sequence[bytes], queue: LineQueue, stop: threading.Event) -> bool:
        pending: list[bytes] = []
        for line in lines:
            wait_s = self._wait_s(line)
            if wait_s > 0:
                hand_over(queue, pending, stop=stop)
                pending = []
                if stop.wait(wait_s):
                    return False
            pending.append(line)
        hand_over(queue, pending, stop=stop)
        return not stop.is_set()

    def _wait_s(self, line: bytes) -> float:
        """How long to wait before `line` is due (its time since the first, over the speed)."""
        ts_ms = _tag_time_ms(line) if self.speed > 0 else None
        if ts_ms is None:
            return 0.0
        if self._start is None:
            self._start = (time.monotonic(), ts_ms)
        due = self._start[0] + (ts_ms - self._start[1]) / 1000 / self.speed
        return due - time.monotonic()


def _tag_time_ms(line: bytes) -> int | None:
    found = _TAG_TIME.match(line)
    if found is None:
        return None
    value = int(found.group(1))
    return value if value > 10**11 else value * 1000
