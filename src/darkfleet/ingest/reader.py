"""Reading raw lines from files, gzip files and stdin, in chunks, with bounded memory.

A line longer than `max_line_bytes` is not held whole: it is cut to `max_line_bytes + 1` bytes
and the rest of it is skipped, so a file without line ends still streams. Gzip is recognised by
its magic bytes, whatever the file is called. `-` is standard input.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import sys
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from darkfleet.errors import InputError

STDIN = "-"
_GZIP_MAGIC = b"\x1f\x8b"
_HASH_BLOCK = 1 << 20


@dataclass(frozen=True, slots=True)
class Chunk:
    """Consecutive lines of a file; `first_line` is the 1-based number of `lines[0]`."""

    first_line: int
    lines: list[bytes]


class _HashingReader(io.RawIOBase):
    """Passes bytes through while hashing them and counting them."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.sha256 = hashlib.sha256()
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        self.sha256.update(data)
        self.consumed += len(data)
        return len(data)


def file_sha256(path: str) -> str:
    """SHA-256 of a file's bytes, read in blocks.

    Raises:
        InputError: the file cannot be read.
    """
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while block := handle.read(_HASH_BLOCK):
                digest.update(block)
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", path=path) from error
    return digest.hexdigest()


class LineSource:
    """The lines of one input (path or `-`), as chunks; use as a context manager.

    Raises:
        InputError: the file cannot be opened or read, or its gzip stream is corrupt.
    """

    def __init__(self, path: str, max_line_bytes: int) -> None:
        self.path = path
        self.max_line_bytes = max_line_bytes
        self.size = None if path == STDIN else _size(path)
        raw = sys.stdin.buffer if path == STDIN else _open(path)
        self._raw = raw
        self._hashing = _HashingReader(raw)
        buffered = io.BufferedReader(self._hashing, buffer_size=1 << 16)
        is_gzip = buffered.peek(2)[:2] == _GZIP_MAGIC
        self._buffered = buffered
        self._stream: BinaryIO = (
            gzip.GzipFile(fileobj=buffered, mode="rb") if is_gzip else buffered  # type: ignore[assignment]
        )

    def __enter__(self) -> LineSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stream.close()
        self._buffered.close()
        if self.path != STDIN:
            self._raw.close()

    @property
    def bytes_read(self) -> int:
        """Bytes consumed from the input so far (compressed bytes for gzip)."""
        return self._hashing.consumed

    def sha256(self) -> str:
        """SHA-256 of everything read so far (of the whole input once it is read)."""
        return self._hashing.sha256.hexdigest()

    def chunks(self, chunk_lines: int, progress: Callable[[int], None] | None = None
               ) -> Iterator[Chunk]:
        """Chunks of at most `chunk_lines` lines, without line ends."""
        first, lines = 1, []
        for line in self._lines():
            lines.append(line)
            if len(lines) >= chunk_lines:
                yield Chunk(first, lines)
                first, lines = first + len(lines), []
                if progress is not None:
                    progress(self.bytes_read)
        if lines:
            yield Chunk(first, lines)
        if progress is not None:
            progress(self.bytes_read)

    def _lines(self) -> Iterator[bytes]:
        limit = self.max_line_bytes + 1
        try:
            while line := self._stream.readline(limit):
                if len(line) == limit and not line.endswith(b"\n"):
                    self._skip_rest()
                yield line.rstrip(b"\r\n")
        except (OSError, EOFError, zlib.error) as error:
            raise InputError(f"cannot read: {error}", path=self.path) from error

    def _skip_rest(self) -> None:
        while (rest := self._stream.readline(_HASH_BLOCK)) and not rest.endswith(b"\n"):
            pass


def _size(path: str) -> int | None:
    try:
        return Path(path).stat().st_size
    except OSError:
        return None


def _open(path: str) -> BinaryIO:
    try:
        return open(path, "rb")
    except OSError as error:
        raise InputError(f"cannot open: {error.strerror or error}", path=path) from error
