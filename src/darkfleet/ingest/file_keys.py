"""Files' keys (the SHA-256 of their bytes), hashed in a background thread.

A file's batch is keyed by the SHA-256 of its bytes, which takes a full read of the file
(about 0.4 s for 650 MB). `darkfleet ingest` starts `FileKeys` as its first step, so that the
hashing runs on a core the process's own start-up (imports, configuration, starting workers)
leaves idle; `ingest_files` then asks it for each key (`keys=FileKeys.sha256`), waiting only
if the file is not hashed yet. Hashing releases the GIL (in blocks of `HASH_BLOCK`), so the
thread does not slow the imports down. Light to import: no NumPy, Arrow or DuckDB.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence

from darkfleet.errors import InputError

STDIN = "-"
#: Bytes read and hashed at a time. Reading and hashing release the GIL, but a thread must take
#: it back after each (waiting up to Python's switch interval, 5 ms, while another thread runs
#: Python code): large blocks keep the hashing thread busy most of the time.
HASH_BLOCK = 32 << 20
_UNKNOWN_SIZE_BLOCK = 1 << 20  # a pipe's, say


def file_sha256(path: str, stop: threading.Event | None = None) -> str:
    """SHA-256 of a file's bytes, read in blocks of at most `HASH_BLOCK` into one buffer (no
    larger than the file: a small file does not pay for a large buffer; `stop`: give up
    between blocks once set, returning "").

    Raises:
        InputError: the file cannot be read.
    """
    digest = hashlib.sha256()
    try:
        with open(path, "rb", buffering=0) as handle:
            size = os.fstat(handle.fileno()).st_size
            buffer = bytearray(min(HASH_BLOCK, size + 1) if size else _UNKNOWN_SIZE_BLOCK)
            with memoryview(buffer) as view:
                while got := handle.readinto(buffer):
                    if stop is not None and stop.is_set():
                        return ""
                    digest.update(view[:got])
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", path=path) from error
    return digest.hexdigest()


class FileKeys:
    """The SHA-256 of each of `paths` (stdin excepted), hashed in order by a daemon thread
    started at once; use as a context manager (leaving it stops the hashing)."""

    def __init__(self, paths: Sequence[str]) -> None:
        self._paths = list(dict.fromkeys(path for path in paths if path != STDIN))
        self._done = {path: threading.Event() for path in self._paths}
        self._found: dict[str, str | InputError] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._hash_all, name="darkfleet-file-keys",
                                        daemon=True)
        self._thread.start()

    def __enter__(self) -> FileKeys:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()

    def _hash_all(self) -> None:
        for path in self._paths:
            if self._stop.is_set():
                return
            try:
                self._found[path] = file_sha256(path, self._stop)
            except InputError as error:
                self._found[path] = error
            if self._stop.is_set():
                return
            self._done[path].set()

    def sha256(self, path: str) -> str:
        """The SHA-256 of file `path`: waits for the thread to hash it, or hashes it here when
        it was not given (or the hashing was stopped).

        Raises:
            InputError: the file cannot be read.
        """
        done = self._done.get(path)
        if done is None or self._stop.is_set():
            return file_sha256(path)
        done.wait()
        found = self._found[path]
        if isinstance(found, InputError):
            raise found
        return found
