"""The local worker processes of an ingest: how many, and starting them early.

Light to import (no NumPy, Arrow or DuckDB): `darkfleet ingest` starts its workers before it
loads the decoding stages itself, so that each worker's own start (about half a second of
imports) runs while the ingesting process starts and hashes the files.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from darkfleet.ingest.settings import IngestSettings

#: With `ingest.workers` 0, inputs smaller than `AUTO_MIN_BYTES * cores / (cores - 1)` in all
#: are decoded in the ingesting process (192 MiB on 2 cores, 110 MiB on 8): starting a worker
#: costs about a second (its imports), which the workers' share of the decoding pays back only
#: from there on (measured on 2 cores: 65 MB in 1.4-1.5 s in one process, 1.8-2.5 s with a
#: worker; 130 MB 2.3-3.0 s and 2.7-3.0 s; 196 MB 3.0 s both ways; 652 MB 7.5-8 s with one).
AUTO_MIN_BYTES = 96 << 20
#: Files from this size are cut into byte ranges (`darkfleet.ingest.ranges.Ranging.min_bytes`).
RANGE_MIN_BYTES = 32 << 20


def workers_for(settings: IngestSettings, paths: Sequence[str], strict: bool = False,
                cores: int | None = None) -> int:
    """How many worker processes decode `paths` (0: none, the ingesting process decodes).

    `ingest.workers` 0 (automatic): none on one core or for less than `auto_min_bytes(cores)`
    in all, else one fewer than the cores, since the ingesting process is busy storing what
    they decode; never more than the files, or the byte ranges of large files (not in strict
    mode). `cores`: the machine's (`os.cpu_count()`) unless given.
    """
    cores = cores or os.cpu_count() or 1
    sizes = [file_size(path) for path in paths]
    if settings.workers == 1 or (settings.workers == 0 and (
            cores < 2 or sum(sizes) < auto_min_bytes(cores))):
        return 0
    wanted = settings.workers or cores - 1
    jobs = len(sizes) if strict else sum(max(1, size // RANGE_MIN_BYTES) for size in sizes)
    return max(1, min(wanted, jobs))


def auto_min_bytes(cores: int) -> int:
    """Bytes of input from which `ingest.workers` 0 decodes in worker processes."""
    return AUTO_MIN_BYTES * cores // max(1, cores - 1)


def file_size(path: str) -> int:
    """The size of the file at `path` in bytes (0 when it cannot be read)."""
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0


@contextmanager
def started_pool(workers: int) -> Iterator[ProcessPoolExecutor | None]:
    """A pool of `workers` processes (None for 0), each started at once and importing the
    decoding stages; shut down after the block."""
    if workers < 1:
        yield None
        return
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn"),
                             initializer=_started) as pool:
        for _ in range(workers):
            pool.submit(_ready)
        yield pool


def _started() -> None:
    """Each worker's start: freed memory kept for the next job (`startup.keep_freed_memory`)."""
    from darkfleet.ingest.startup import keep_freed_memory

    keep_freed_memory()


def _ready() -> None:
    """A worker's first job: import what its decoding and writing jobs need."""
    import darkfleet.ingest.parallel  # noqa: F401
