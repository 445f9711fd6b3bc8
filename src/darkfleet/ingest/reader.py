"""Reading raw lines from files, gzip files and stdin, in chunks, with bounded memory.

Bytes are read in blocks and cut into lines with NumPy (`darkfleet.ingest.lines`: no `bytes`
object per line until one is asked for): `\\n`, `\\r\\n` and a lone `\\r` each end a line.
A line longer than `max_line_bytes` is not held whole: it is cut to `max_line_bytes + 1` bytes
and the rest of it is skipped, so a file without line ends still streams. Gzip is recognised by
its magic bytes, whatever the file is called (concatenated gzip members are read one after
another). A gzip stream that breaks (truncated, corrupt) ends the input there: the lines before
it are given, and `error` says at which byte of the file it broke. `-` is standard input.

Chunks end every `chunk_lines` lines and also before the first line that starts at or after a
multiple of `block_bytes` in the stream, so that a byte range of whole blocks (see
`line_start_at`) is read in the same chunks as the whole file in one pass.
"""

from __future__ import annotations

import hashlib
import sys
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from darkfleet.errors import InputError
from darkfleet.ingest.file_keys import STDIN as STDIN
from darkfleet.ingest.lines import Lines, split_lines

_GZIP_MAGIC = b"\x1f\x8b"
_HASH_BLOCK = 1 << 20
_RAW_BLOCK = 1 << 20
_GZIP_BLOCK = 1 << 16
_MAX_OUTPUT = 1 << 22
_GZIP_WBITS = 31
#: Chunks end at the first line starting in each block of this many bytes of the stream.
BLOCK_BYTES = 16 << 20
_GATEHOUSE = b"PGHP"


@dataclass(frozen=True, slots=True)
class Chunk:
    """Consecutive lines of a file; `first_line` is the 1-based number of `lines[0]`.
    `gatehouse`: whether a Gatehouse `$PGHP` line may be among them (False only when the reader
    met none in the bytes read so far)."""

    first_line: int
    lines: Sequence[bytes]
    gatehouse: bool = True


class _Splitter:
    """Cuts a stream of byte blocks into lines (any of LF, CRLF, CR ends one)."""

    def __init__(self, max_line_bytes: int) -> None:
        self.limit = max_line_bytes + 1
        self.rest = b""
        self.overflow = False  # the rest is a cut long line: skip to its end
        self.skip_lf = False  # the last block ended with CR: a LF first is the same line end

    def partial(self) -> bool:
        """Whether a line has begun that no line end has closed yet."""
        return bool(self.rest) or self.overflow

    def feed(self, block: bytes) -> Lines:
        if self.skip_lf and block[:1] == b"\n":
            block = block[1:]
        self.skip_lf = False
        closed = Lines()
        if self.overflow:
            end = _first_line_end(block)
            if end < 0:
                return closed
            closed = Lines.of([self.rest])
            self.rest, self.overflow = b"", False
            if block[end:end + 2] == b"\r\n":
                end += 1
            elif block[end:end + 1] == b"\r" and end + 1 == len(block):
                self.skip_lf = True
            block = block[end + 1:]
        data = self.rest + block if self.rest else block
        if not data:
            return closed
        if data[-1:] == b"\r":  # the CR ended the last line; a LF next is part of that end
            self.skip_lf = True
        if b"\r" in data:
            data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        lines, self.rest = split_lines(data, self.limit)
        if len(self.rest) >= self.limit:
            self.rest, self.overflow = self.rest[: self.limit], True
        return closed + lines if len(closed) else lines

    def finish(self) -> Lines:
        if self.rest or self.overflow:
            return Lines.of([self.rest])
        return Lines()


def line_start_at(path: str, offset: int) -> int:
    """The offset of the first line of plain file `path` that starts at or after `offset` (the
    file's size when none does): a line starts after LF, after CRLF, and after a CR that no LF
    follows.

    Raises:
        InputError: the file cannot be read.
    """
    if offset <= 0:
        return 0
    try:
        with open(path, "rb") as handle:
            handle.seek(offset - 1)
            before = handle.read(2)
            if before[:1] == b"\n" or (before[:1] == b"\r" and before[1:2] != b"\n"):
                return offset
            if before == b"\r\n":
                return offset + 1
            at = offset
            handle.seek(at)
            while block := handle.read(_HASH_BLOCK):
                end = _first_line_end(block)
                if end >= 0:
                    handle.seek(at + end)
                    return at + end + (1 + (handle.read(2) == b"\r\n"))
                at += len(block)
            return at
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", path=path) from error


def _first_line_end(block: bytes) -> int:
    ends = [i for i in (block.find(b"\n"), block.find(b"\r")) if i >= 0]
    return min(ends) if ends else -1


class LineSource:
    """The lines of one input (path or `-`), as chunks; use as a context manager.

    Raises:
        InputError: the file cannot be opened or read.
    """

    def __init__(self, path: str, max_line_bytes: int, span: tuple[int, int] | None = None,
                 block_bytes: int = BLOCK_BYTES) -> None:
        """`span`: only the bytes `start..end` of a plain file, both line starts (see
        `line_start_at`), whose lines are numbered from 1; chunks end as in the whole file."""
        self.path = path
        self.max_line_bytes = max_line_bytes
        self.size = None if path == STDIN else _size(path)
        self._raw: BinaryIO = sys.stdin.buffer if path == STDIN else _open(path)
        # a file's key is hashed apart (`file_keys.file_sha256`) before it is read: only stdin
        # is hashed while read
        self._sha256 = hashlib.sha256() if path == STDIN else None
        self.bytes_read = 0  # bytes consumed from the input (compressed bytes for gzip)
        self.error: str | None = None  # where and why a gzip stream broke
        self.block_bytes = block_bytes
        self._offset, self._left = 0, -1  # stream offset of the next byte; bytes left (-1: all)
        if span is not None:
            self._seek(span[0])
            self._offset, self._left = span
            self._left -= span[0]
        self._first = self._read(_RAW_BLOCK)
        self.is_gzip = span is None and self._first[:2] == _GZIP_MAGIC

    def __enter__(self) -> LineSource:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.path != STDIN:
            self._raw.close()

    def sha256(self) -> str | None:
        """SHA-256 of everything read so far from stdin (of the whole input once it is read);
        None for a file, which is keyed by `file_keys.file_sha256` before it is read."""
        return self._sha256.hexdigest() if self._sha256 is not None else None

    def chunks(self, chunk_lines: int, progress: Callable[[int], None] | None = None
               ) -> Iterator[Chunk]:
        """Chunks of at most `chunk_lines` lines, without line ends."""
        first, cut = 1, -1  # cut: lines of `pending` before a block's first line
        pending = Lines()
        splitter = _Splitter(self.max_line_bytes)
        gatehouse, tail = False, b""  # a `$PGHP` met so far; the last bytes of the last block
        for block in self._cut_blocks():
            if block is None:  # a block boundary: the next line to start begins a chunk
                cut = len(pending) + splitter.partial()
                continue
            if not gatehouse:
                # a `$PGHP` holds a `$` (here or at the end of the block before): one memchr
                # rules most blocks out
                gatehouse = ((b"$" in block or b"$" in tail) and _GATEHOUSE in block) \
                    or _GATEHOUSE in tail + block[:3]
                tail = (tail + block[-3:])[-3:]
            pending = pending + splitter.feed(block)
            while len(pending) >= chunk_lines or 0 < cut <= len(pending):
                size = chunk_lines if cut <= 0 else min(cut, chunk_lines)
                yield Chunk(first, pending[:size], gatehouse)
                first, pending, cut = first + size, pending[size:], cut - size
                if progress is not None:
                    progress(self.bytes_read)
        pending = pending + splitter.finish()
        while pending:
            size = chunk_lines if cut <= 0 else min(cut, chunk_lines)
            yield Chunk(first, pending[:size], gatehouse)
            first, pending, cut = first + size, pending[size:], cut - size
        if progress is not None:
            progress(self.bytes_read)

    def _cut_blocks(self) -> Iterator[bytes | None]:
        """The stream's blocks, cut at each multiple of `block_bytes` (given as None)."""
        offset = self._offset
        for block in self._blocks():
            while block:
                boundary = (offset // self.block_bytes + 1) * self.block_bytes
                if boundary - offset > len(block):
                    offset += len(block)
                    yield block
                    break
                yield block[: boundary - offset]
                yield None
                block, offset = block[boundary - offset:], boundary

    def _seek(self, offset: int) -> None:
        try:
            self._raw.seek(offset)
        except OSError as error:
            raise InputError(f"cannot read: {error.strerror or error}", path=self.path
                             ) from error

    def _read(self, size: int) -> bytes:
        if self._left >= 0:
            size = min(size, self._left)
            if size == 0:
                return b""
        try:
            data = self._raw.read(size)
            self._left -= len(data) if self._left >= 0 else 0
        except OSError as error:
            raise InputError(f"cannot read: {error.strerror or error}", path=self.path
                             ) from error
        if self._sha256 is not None:
            self._sha256.update(data)
        self.bytes_read += len(data)
        return data

    def _blocks(self) -> Iterator[bytes]:
        if not self.is_gzip:
            block, self._first = self._first, b""
            while block:
                yield block
                block = self._read(_RAW_BLOCK)
            return
        yield from self._gunzip()

    def _gunzip(self) -> Iterator[bytes]:
        """Decompressed blocks; a broken stream sets `error` and ends them."""
        pending, self._first = self._first, b""
        offset = 0  # file offset of pending[0]
        inflater = zlib.decompressobj(_GZIP_WBITS)
        member_open = False
        while True:
            if not pending:
                pending = self._read(_GZIP_BLOCK)
                if not pending:
                    break
            if not member_open and pending[:2] != _GZIP_MAGIC:
                if pending.strip(b"\0"):
                    self._broken(offset, "data after the end of the gzip stream is not gzip")
                    return
                offset, pending = offset + len(pending), b""  # zero padding, as gzip allows
                continue
            member_open = True
            try:
                output = inflater.decompress(pending, _MAX_OUTPUT)
            except zlib.error as error:
                self._broken(offset, f"the gzip stream is corrupt ({error})")
                return
            consumed = len(pending) - len(inflater.unconsumed_tail) - len(inflater.unused_data)
            offset += consumed
            pending = inflater.unconsumed_tail or inflater.unused_data
            if output:
                yield output
            if inflater.eof:
                inflater, member_open = zlib.decompressobj(_GZIP_WBITS), False
        if member_open:
            self._broken(offset, "the gzip stream is truncated")

    def _broken(self, offset: int, why: str) -> None:
        self.error = f"cannot read past byte {offset}: {why}"
        while self._sha256 is not None and self._read(_HASH_BLOCK):  # stdin's key is the
            pass  # hash of the whole input


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
