"""Several files on several cores: decoded in worker processes, stored in this one.

Each worker reads and decodes one file with the pipelines as they are (no duplicate filter)
and writes each chunk's rows to Arrow IPC files in a temporary folder. This process takes the
files in the order given and stores them as `ingest_files` does in one process: the same
duplicate filters (within the file, and against rows stored by earlier batches) applied chunk by
chunk in the same order, one batch per file, the same reports. So the results are identical;
only the decoding runs in parallel. Errors are raised for the first failing file in order,
after the files before it are stored.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from multiprocessing import get_context
from pathlib import Path

import pyarrow as pa
import pyarrow.ipc as ipc

from darkfleet.errors import DarkfleetError, StoreError
from darkfleet.ingest.ingest import (
    BATCH_KIND,
    Options,
    decoded_rows,
    earlier_report,
    write_rows,
)
from darkfleet.ingest.pipeline import ChunkRows, Pipeline
from darkfleet.ingest.reader import LineSource, file_sha256
from darkfleet.ingest.report import Counts, FileReport
from darkfleet.ingest.settings import IngestSettings
from darkfleet.ingest.startup import skip_pandas_probe
from darkfleet.ingest.tables import RowSink
from darkfleet.store.workspace import Workspace

TABLES = ("positions", "static_reports", "quarantine")


@dataclass(frozen=True, slots=True)
class _Decoded:
    """What a worker made of one file."""

    counts: Counts
    format_name: str
    read_error: str | None
    folder: str
    chunk_rows: tuple[tuple[int, int, int], ...]  # rows of each table, chunk by chunk
    error: tuple[type[DarkfleetError], dict[str, object]] | None = None


#: With `ingest.workers` 0, files smaller than this in all are decoded in the ingesting
#: process: starting a worker costs about a second of CPU (its imports).
AUTO_MIN_BYTES = 32 << 20


def workers_for(settings: IngestSettings, paths: Sequence[str]) -> int:
    """How many worker processes `paths` get (1: decode in the ingesting process)."""
    if settings.workers == 0 and sum(_size(path) for path in paths) < AUTO_MIN_BYTES:
        return 1
    wanted = settings.workers or os.cpu_count() or 1
    return max(1, min(wanted, len(paths)))


def _size(path: str) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0


def ingest_parallel(paths: Sequence[str], workspace: Workspace, settings: IngestSettings,
                    options: Options, workers: int, executor: Executor | None = None
                    ) -> list[FileReport]:
    """`ingest_files` of several files (no stdin) with `workers` decoding processes, or on
    `executor` (whose workers must reach the files and the temporary folder)."""
    keys = ["sha256:" + file_sha256(path) for path in paths]
    worker_options = replace(options, workspace=None, raw=True, progress=None)
    reports: list[FileReport] = []
    with tempfile.TemporaryDirectory(prefix="darkfleet-ingest-") as scratch, \
            _pool(workers, executor) as pool:
        futures: list[Future[_Decoded] | None] = [
            None if workspace.has_batch(key) else pool.submit(
                _decode, path, settings, worker_options, str(Path(scratch) / str(index)))
            for index, (path, key) in enumerate(zip(paths, keys, strict=True))]
        try:
            for path, key, future in zip(paths, keys, futures, strict=True):
                if future is None or workspace.has_batch(key):
                    reports.append(earlier_report(workspace, key, path))
                else:
                    reports.append(_store(path, key, future.result(), workspace, settings))
                if options.progress is not None:
                    size = Path(path).stat().st_size
                    options.progress(path, size, size)
        finally:
            for future in futures:
                if future is not None:
                    future.cancel()
    return reports


@contextmanager
def _pool(workers: int, executor: Executor | None) -> Iterator[Executor]:
    """`executor` as it is, or a pool of `workers` processes shut down after the block."""
    if executor is not None:
        yield executor
        return
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        yield pool


def _decode(path: str, settings: IngestSettings, options: Options, folder: str) -> _Decoded:
    """In a worker: decode one file into IPC files under `folder`."""
    skip_pandas_probe()
    Path(folder).mkdir()
    sizes: list[tuple[int, int, int]] = []
    opened: list[Pipeline] = []
    try:
        with LineSource(path, settings.max_line_bytes) as source, _Writers(folder) as writers:
            for rows in decoded_rows(path, source, settings, options, opened):
                sizes.append(writers.write(rows))
            read_error = source.error
    except DarkfleetError as error:  # sent back as its class and fields (exceptions with
        fields = dict(vars(error))  # keyword arguments do not pickle)
        return _Decoded(Counts(), "", None, folder, (), (type(error), fields))
    return _Decoded(opened[0].counts, opened[0].format_name, read_error, folder, tuple(sizes))


class _Writers:
    """One IPC stream file per table."""

    def __init__(self, folder: str) -> None:
        from darkfleet.store.schema import POSITIONS, QUARANTINE, STATIC_REPORTS

        schemas = dict(zip(TABLES, (POSITIONS, STATIC_REPORTS, QUARANTINE), strict=True))
        self._writers = {name: ipc.new_stream(str(Path(folder) / name), schemas[name])
                         for name in TABLES}

    def __enter__(self) -> _Writers:
        return self

    def __exit__(self, *exc: object) -> None:
        for writer in self._writers.values():
            writer.close()

    def write(self, rows: ChunkRows) -> tuple[int, int, int]:
        tables = (rows.positions, rows.static_reports, rows.quarantine)
        for name, table in zip(TABLES, tables, strict=True):
            self._writers[name].write_table(table)
        return tables[0].num_rows, tables[1].num_rows, tables[2].num_rows


def _store(path: str, key: str, decoded: _Decoded, workspace: Workspace,
           settings: IngestSettings) -> FileReport:
    """Store one decoded file in its batch, as `ingest_files` in one process would."""
    if decoded.error is not None:
        kind, fields = decoded.error
        error = kind.__new__(kind)
        Exception.__init__(error, fields.get("message"))
        vars(error).update(fields)
        raise error
    sink = RowSink(decoded.counts, settings.duplicate_window, workspace)
    try:
        with workspace.batch(BATCH_KIND, key) as batch:
            for positions, static, quarantine in _chunks(decoded):
                write_rows(batch, ChunkRows(sink.store("positions", positions),
                                            sink.store("static_reports", static), quarantine))
            report = decoded.counts.report(path, decoded.format_name, decoded.read_error)
            batch.report = report.to_json()
    except OSError as error:
        raise StoreError(f"cannot write the workspace: {error}", path=workspace.path) from error
    return report


def _chunks(decoded: _Decoded) -> Iterator[tuple[pa.Table, pa.Table, pa.Table]]:
    """Each chunk's three tables, read back from the worker's memory-mapped IPC files."""
    tables = [ipc.open_stream(pa.memory_map(str(Path(decoded.folder) / name))).read_all()
              for name in TABLES]
    starts = [0, 0, 0]
    for sizes in decoded.chunk_rows:
        chunk = [table.slice(start, size) for table, start, size in
                 zip(tables, starts, sizes, strict=True)]
        starts = [start + size for start, size in zip(starts, sizes, strict=True)]
        yield chunk[0], chunk[1], chunk[2]
