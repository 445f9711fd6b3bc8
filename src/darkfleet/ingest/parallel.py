"""Several files on several cores: decoded in worker processes, stored in this one.

Each worker reads and decodes one file, or one byte range of a large plain NMEA file
(`darkfleet.ingest.ranges`), with the pipelines as they are (no duplicate filter) and writes
each chunk's rows to Arrow IPC files in a temporary folder. This process takes the files in the
order given, and the ranges of a file in order, and stores them as `ingest_files` does in one
process: the same chunks, the same duplicate filters (within the file, and against rows stored
by earlier batches) applied in the same order, one batch per file, the same reports. So the
results are identical; only the decoding (and, with a local pool and workspace, the writing of
Parquet parts) runs in parallel. Errors are raised for the first failing file in order, after
the files before it are stored.

With a local pool and workspace, workers also give the content hashes and times of each part's
timed rows; this process runs the duplicate filters on those alone, and the part's Parquet
files (its rows but the duplicates, their lines counted from the file's start) are written by a
job of the pool, which this process takes back while it would wait
(`darkfleet.ingest.part_writes`). Otherwise
this process reads the rows back and stores them itself.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.ipc as ipc

from darkfleet.errors import DarkfleetError, StoreError
from darkfleet.ingest import ranges
from darkfleet.ingest.file_keys import file_sha256
from darkfleet.ingest.identity import KnownRows
from darkfleet.ingest.ingest import (
    BATCH_KIND,
    Options,
    Progress,
    decoded_rows,
    earlier_report,
    write_rows,
)
from darkfleet.ingest.jobs import Balance, Job
from darkfleet.ingest.part_writes import (
    SCHEMAS,
    TABLE_SCHEMAS,
    TABLES,
    WRITE_PIECES,
    PartWrites,
    file_at,
    load_timed,
    save_timed,
    with_file,
    write_part,
)
from darkfleet.ingest.pipeline import ChunkRows, Pipeline
from darkfleet.ingest.pool import file_size, started_pool
from darkfleet.ingest.ranges import Ranging, Span, SpanResult
from darkfleet.ingest.reader import LineSource
from darkfleet.ingest.report import Counts, FileReport
from darkfleet.ingest.settings import IngestSettings
from darkfleet.ingest.startup import skip_pandas_probe
from darkfleet.ingest.tables import (
    DuplicateFilter,
    RowSink,
    TimedRows,
    timed_rows,
)

if TYPE_CHECKING:
    from darkfleet.store.workspace import Workspace

@dataclass(frozen=True, slots=True)
class _Decoded:
    """What a worker made of one file."""

    counts: Counts
    format_name: str
    read_error: str | None
    folder: str
    chunk_rows: tuple[tuple[int, int, int], ...]  # rows of each table, chunk by chunk
    error: tuple[type[DarkfleetError], dict[str, object]] | None = None
    span: SpanResult | None = None  # of a byte range: its lines and decoder states


def ingest_parallel(paths: Sequence[str], workspace: Workspace, settings: IngestSettings,
                    options: Options, workers: int, executor: Executor | None = None,
                    ranging: Ranging | None = None, pool: Executor | None = None,
                    keys: Callable[[str], str] = file_sha256) -> list[FileReport]:
    """`ingest_files` of several files (no stdin) with `workers` decoding processes (those of
    `pool`, a local process pool already started, `darkfleet.ingest.pool`), or on `executor`
    (a cluster's, whose workers must reach the files and the temporary folder); large plain
    NMEA files are decoded in byte ranges (`ranging`, not in strict mode).

    The files are hashed (`keys`) while the first parts are decoded: a file found already
    ingested has its decoding cancelled (or thrown away).
    """
    worker_options = replace(options, workspace=None, raw=True, progress=None)
    # parts written by the pool: only with a local pool and a workspace on this machine
    local = executor is None and getattr(workspace, "url", None) is None
    ranging = ranging or Ranging()
    reports: list[FileReport] = []
    with tempfile.TemporaryDirectory(prefix="darkfleet-ingest-") as scratch, \
            _pool(workers, executor, pool) as pool:
        jobs: list[list[tuple[Span | None, Job[_Decoded]]] | None] = []
        for index, path in enumerate(paths):
            folder = str(Path(scratch) / str(index))
            spans = None if options.strict else ranges.spans_of(
                path, file_size(path), ranging, ranging.processes or workers)
            jobs.append([
                (span, Job(pool, _label(path, span), _decode, path, settings, worker_options,
                           f"{folder}-{part}", span, local))
                for part, span in enumerate(spans or [None])])
        found = ["sha256:" + keys(path) for path in paths]
        for index, key in enumerate(found):
            if workspace.has_batch(key):
                for _, job in jobs[index] or []:
                    job.future.cancel()
                jobs[index] = None
        # the local pool's jobs are decoded here too while this process would wait; a
        # cluster's executor keeps its jobs (its workers may read files this process cannot)
        wait = Balance([job for parts in jobs for _, job in parts or []], workers).wait \
            if executor is None else _result
        try:
            for path, key, parts in zip(paths, found, jobs, strict=True):
                if parts is None or workspace.has_batch(key):
                    reports.append(earlier_report(workspace, key, path))
                else:
                    redo = _redo(path, settings, worker_options, str(Path(scratch) / "redo"),
                                 local)
                    writes = PartWrites(pool) if local else None
                    stored = _in_order(parts, redo, wait if writes is None else writes.first(wait))
                    if options.progress is not None:
                        stored = _reporting(stored, parts, path, options.progress)
                    reports.append(_store(path, key, stored, workspace, settings) if writes is None
                                   else _store_parts(path, key, stored, workspace, settings,
                                                     writes))
                if options.progress is not None:
                    size = Path(path).stat().st_size
                    options.progress(path, size, size)
        finally:
            for parts in jobs:
                for _, job in parts or []:
                    job.future.cancel()
    return reports


def _label(path: str, span: Span | None) -> str:
    return f"decoding {path}" + ("" if span is None else f" bytes {span.start}-{span.end}")


def _result(job: Job[_Decoded]) -> _Decoded:
    return job.future.result()


def _in_order(parts: list[tuple[Span | None, Job[_Decoded]]], redo: Callable[[Span], _Decoded],
              wait: Callable[[Job[_Decoded]], _Decoded]) -> Iterator[tuple[_Decoded, int]]:
    """Each part's decoding with the lines of the file before it (ranges settled in order)."""
    spans = [span for span, _ in parts if span is not None]
    if len(spans) < len(parts):
        yield _raised(wait(parts[0][1])), 0
        return
    decoded: list[_Decoded] = []

    def first(job: Job[_Decoded]) -> Callable[[], SpanResult]:
        def get() -> SpanResult:
            decoded.append(_raised(wait(job)))
            return _span_of(decoded[-1])
        return get

    def again(span: Span) -> SpanResult:
        shutil.rmtree(decoded[-1].folder, ignore_errors=True)
        decoded[-1] = _raised(redo(span))
        return _span_of(decoded[-1])

    for _, before in ranges.settled([(span, first(job)) for span, job in parts if span], again):
        yield decoded[-1], before


def _reporting(stored: Iterator[tuple[_Decoded, int]],
               parts: list[tuple[Span | None, Job[_Decoded]]], path: str, progress: Progress
               ) -> Iterator[tuple[_Decoded, int]]:
    """`stored`, telling `progress` the end of each range once it is stored."""
    size = file_size(path)
    for item, (span, _) in zip(stored, parts, strict=True):
        yield item
        progress(path, size if span is None else span.end, size)


def _span_of(decoded: _Decoded) -> SpanResult:
    assert decoded.span is not None
    return decoded.span


def _redo(path: str, settings: IngestSettings, options: Options, folder: str, identity: bool
          ) -> Callable[[Span], _Decoded]:
    """Decode a range again in this process (from the state the range before ended with)."""
    count = iter(range(1 << 30))
    return lambda span: _decode(path, settings, options, f"{folder}-{next(count)}", span,
                                identity)


def _raised(decoded: _Decoded) -> _Decoded:
    """`decoded`, or the error its worker met, raised here."""
    if decoded.error is not None:
        kind, fields = decoded.error
        error = kind.__new__(kind)
        Exception.__init__(error, fields.get("message"))
        vars(error).update(fields)
        raise error
    return decoded


@contextmanager
def _pool(workers: int, executor: Executor | None, pool: Executor | None
          ) -> Iterator[Executor]:
    """`executor` or `pool` as it is, or a pool of `workers` processes started now and shut
    down after the block."""
    given = executor if executor is not None else pool
    if given is not None:
        yield given
        return
    with started_pool(workers) as started:
        assert started is not None
        yield started


def _decode(path: str, settings: IngestSettings, options: Options, folder: str,
            span: Span | None = None, identity: bool = False) -> _Decoded:
    """In a worker: decode one file, or one byte range of it, into IPC files under `folder`
    (`identity`: and the content hashes and times of the timed rows, `save_timed`)."""
    skip_pandas_probe()
    Path(folder).mkdir()
    sizes: list[tuple[int, int, int]] = []
    try:
        with _Writers(folder, identity) as writers:
            if span is not None:
                done = ranges.decode_span(path, settings, options.bounds, span,
                                          lambda rows: sizes.append(writers.write(rows)))
                return _Decoded(done.counts, "nmea", None, folder, tuple(sizes), span=done)
            opened: list[Pipeline] = []
            with LineSource(path, settings.max_line_bytes) as source:
                for rows in decoded_rows(path, source, settings, options, opened):
                    sizes.append(writers.write(rows))
                read_error = source.error
    except DarkfleetError as error:  # sent back as its class and fields (exceptions with
        fields = dict(vars(error))  # keyword arguments do not pickle)
        return _Decoded(Counts(), "", None, folder, (), (type(error), fields))
    return _Decoded(opened[0].counts, opened[0].format_name, read_error, folder, tuple(sizes))


class _Writers:
    """One IPC stream file per table."""

    def __init__(self, folder: str, identity: bool = False) -> None:
        self._folder = folder
        self._writers = {name: ipc.new_stream(str(Path(folder) / name),
                                              TABLE_SCHEMAS[name].remove(file_at(name)))
                         for name in TABLES}
        self._timed: dict[str, list[TimedRows]] | None = {
            name: [] for name in TABLES[:2]} if identity else None
        self._rows = dict.fromkeys(TABLES, 0)

    def __enter__(self) -> _Writers:
        return self

    def __exit__(self, *exc: object) -> None:
        for writer in self._writers.values():
            writer.close()
        if self._timed is not None and exc[0] is None:
            for name, parts in self._timed.items():
                save_timed(self._folder, name, parts)

    def write(self, rows: ChunkRows) -> tuple[int, int, int]:
        """Write one chunk's rows without their `file` column (every row's is the decoded
        file's name, put back when they are read: it would be most of the bytes)."""
        tables = (rows.positions, rows.static_reports, rows.quarantine)
        for name, table in zip(TABLES, tables, strict=True):
            self._writers[name].write_table(table.remove_column(file_at(name)))
            if self._timed is not None and name in self._timed:
                timed = timed_rows(table)
                self._timed[name].append(replace(timed, rows=timed.rows + self._rows[name]))
            self._rows[name] += table.num_rows
        return tables[0].num_rows, tables[1].num_rows, tables[2].num_rows


def _store(path: str, key: str, parts: Iterator[tuple[_Decoded, int]], workspace: Workspace,
           settings: IngestSettings) -> FileReport:
    """Store one decoded file (its parts in order) in its batch, as `ingest_files` in one
    process would."""
    counts, fmt, read_error = Counts(), "nmea", None
    sink = RowSink(counts, settings.duplicate_window, workspace)
    try:
        with workspace.batch(BATCH_KIND, key) as batch:
            for decoded, lines_before in parts:
                counts.add(decoded.counts)
                fmt, read_error = decoded.format_name, decoded.read_error
                for positions, static, quarantine in _chunks(decoded, path):
                    rows = ranges.shifted(ChunkRows(positions, static, quarantine), lines_before)
                    write_rows(batch, ChunkRows(sink.store("positions", rows.positions),
                                                sink.store("static_reports", rows.static_reports),
                                                rows.quarantine))
                shutil.rmtree(decoded.folder, ignore_errors=True)
            report = counts.report(path, fmt, read_error)
            batch.report = report.to_json()
    except OSError as error:
        raise StoreError(f"cannot write the workspace: {error}", path=workspace.path) from error
    return report


def _store_parts(path: str, key: str, parts: Iterator[tuple[_Decoded, int]],
                 workspace: Workspace, settings: IngestSettings, writes: PartWrites
                 ) -> FileReport:
    """`_store`, with each part's duplicates found from its timed rows' hashes here and its
    Parquet files written by a job of the pool (or here, `PartWrites`)."""
    counts, fmt, read_error = Counts(), "nmea", None
    filters = {name: DuplicateFilter(settings.duplicate_window,
                                     KnownRows(workspace, name, SCHEMAS[name]))
               for name in TABLES[:2]}
    try:
        with workspace.batch(BATCH_KIND, key) as batch:
            for index, (decoded, lines_before) in enumerate(parts):
                counts.add(decoded.counts)
                fmt, read_error = decoded.format_name, decoded.read_error
                drops = {name: _duplicates(filters[name], decoded, name, counts)
                         for name in TABLES[:2]}
                for piece in range(WRITE_PIECES):
                    writes.submit(f"writing {path} part {index}", decoded.folder, write_part,
                                  decoded.folder, str(batch.root), batch.id,
                                  f"{batch.id}-{index:04d}-{piece}", path, lines_before,
                                  drops, piece, WRITE_PIECES)
            for written in writes.results():
                batch.parts.extend(written)
            report = counts.report(path, fmt, read_error)
            batch.report = report.to_json()
    except BaseException as error:
        writes.discard(Path(workspace.path))
        if isinstance(error, OSError):
            raise StoreError(f"cannot write the workspace: {error}",
                             path=workspace.path) from error
        raise
    return report


def _duplicates(duplicates: DuplicateFilter, decoded: _Decoded, name: str, counts: Counts
                ) -> np.ndarray:
    """The rows of table `name` of a decoded part that are duplicates (indices in the part),
    the part's rows counted."""
    timed = load_timed(decoded.folder, name)
    repeated = duplicates.dropped(timed.hashes, timed.ts_ms)
    dropped = int(repeated.sum())
    rows = sum(sizes[TABLES.index(name)] for sizes in decoded.chunk_rows)
    counts.duplicates += dropped
    if name == "positions":
        counts.positions += rows - dropped
    else:
        counts.static_reports += rows - dropped
    kept = timed.ts_ms[~repeated]
    if len(kept):
        counts.add_span(int(kept.min()), int(kept.max()))
    rows_dropped: np.ndarray = timed.rows[repeated]
    return rows_dropped


def _chunks(decoded: _Decoded, file: str) -> Iterator[tuple[pa.Table, pa.Table, pa.Table]]:
    """Each chunk's three tables, read back from the worker's memory-mapped IPC files (their
    rows' `file` put back)."""
    read = [ipc.open_stream(pa.memory_map(str(Path(decoded.folder) / name))).read_all()
            for name in TABLES]
    tables = [with_file(name, table, pa.repeat(pa.scalar(file, pa.string()), table.num_rows))
              for name, table in zip(TABLES, read, strict=True)]
    starts = [0, 0, 0]
    for sizes in decoded.chunk_rows:
        chunk = [table.slice(start, size) for table, start, size in
                 zip(tables, starts, sizes, strict=True)]
        starts = [start + size for start, size in zip(starts, sizes, strict=True)]
        yield chunk[0], chunk[1], chunk[2]
