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
job of the pool, which this process takes back while it would wait (`_PartWrites`). Otherwise
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
from darkfleet.ingest.pipeline import ChunkRows, Pipeline
from darkfleet.ingest.pool import file_size, started_pool
from darkfleet.ingest.ranges import Ranging, Span, SpanResult
from darkfleet.ingest.reader import LineSource, file_sha256
from darkfleet.ingest.report import Counts, FileReport
from darkfleet.ingest.settings import IngestSettings
from darkfleet.ingest.startup import skip_pandas_probe
from darkfleet.ingest.tables import (
    DuplicateFilter,
    RowSink,
    TimedRows,
    timed_rows,
    without_rows,
)
from darkfleet.store.batch import Batch
from darkfleet.store.schema import POSITIONS, QUARANTINE, STATIC_REPORTS

if TYPE_CHECKING:
    from darkfleet.store.workspace import Workspace

TABLES = ("positions", "static_reports", "quarantine")
SCHEMAS = {"positions": POSITIONS, "static_reports": STATIC_REPORTS}
_SCHEMAS = {**SCHEMAS, "quarantine": QUARANTINE}


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
                    ranging: Ranging | None = None, pool: Executor | None = None
                    ) -> list[FileReport]:
    """`ingest_files` of several files (no stdin) with `workers` decoding processes (those of
    `pool`, a local process pool already started, `darkfleet.ingest.pool`), or on `executor`
    (a cluster's, whose workers must reach the files and the temporary folder); large plain
    NMEA files are decoded in byte ranges (`ranging`, not in strict mode).

    The files are hashed while the first parts are decoded: a file found already ingested has
    its decoding cancelled (or thrown away).
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
        keys = ["sha256:" + file_sha256(path) for path in paths]
        for index, key in enumerate(keys):
            if workspace.has_batch(key):
                for _, job in jobs[index] or []:
                    job.future.cancel()
                jobs[index] = None
        # the local pool's jobs are decoded here too while this process would wait; a
        # cluster's executor keeps its jobs (its workers may read files this process cannot)
        wait = Balance([job for parts in jobs for _, job in parts or []], workers).wait \
            if executor is None else _result
        try:
            for path, key, parts in zip(paths, keys, jobs, strict=True):
                if parts is None or workspace.has_batch(key):
                    reports.append(earlier_report(workspace, key, path))
                else:
                    redo = _redo(path, settings, worker_options, str(Path(scratch) / "redo"),
                                 local)
                    writes = _PartWrites(pool) if local else None
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
    (`identity`: and the content hashes and times of the timed rows, `_save_timed`)."""
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
                                              _SCHEMAS[name].remove(_file_at(name)))
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
                _save_timed(self._folder, name, parts)

    def write(self, rows: ChunkRows) -> tuple[int, int, int]:
        """Write one chunk's rows without their `file` column (every row's is the decoded
        file's name, put back when they are read: it would be most of the bytes)."""
        tables = (rows.positions, rows.static_reports, rows.quarantine)
        for name, table in zip(TABLES, tables, strict=True):
            self._writers[name].write_table(table.remove_column(_file_at(name)))
            if self._timed is not None and name in self._timed:
                timed = timed_rows(table)
                self._timed[name].append(replace(timed, rows=timed.rows + self._rows[name]))
            self._rows[name] += table.num_rows
        return tables[0].num_rows, tables[1].num_rows, tables[2].num_rows


def _save_timed(folder: str, name: str, parts: list[TimedRows]) -> None:
    """The timed rows of table `name` of a decoded part, as NumPy files beside its IPC file."""
    for field in ("rows", "hashes", "ts_ms"):
        values = [getattr(part, field) for part in parts]
        np.save(Path(folder) / f"{name}.{field}.npy",
                np.concatenate(values) if values else np.empty(0, dtype=np.int64))


def _load_timed(folder: str, name: str) -> TimedRows:
    rows, hashes, ts_ms = (np.load(Path(folder) / f"{name}.{field}.npy")
                           for field in ("rows", "hashes", "ts_ms"))
    return TimedRows(rows, hashes.astype(np.uint64, copy=False), ts_ms)


def _file_at(name: str) -> int:
    """Where table `name` has its `file` column."""
    at: int = _SCHEMAS[name].get_field_index("file")
    return at


def _with_file(name: str, table: pa.Table, files: pa.Array) -> pa.Table:
    """A row of table `name` read back (without its file name), with `files` put back."""
    return table.add_column(_file_at(name), "file", files)


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
                 workspace: Workspace, settings: IngestSettings, writes: _PartWrites
                 ) -> FileReport:
    """`_store`, with each part's duplicates found from its timed rows' hashes here and its
    Parquet files written by a job of the pool (or here, `_PartWrites`)."""
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
                    writes.submit(f"writing {path} part {index}", decoded.folder, _write_part,
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
    timed = _load_timed(decoded.folder, name)
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


#: Write jobs per decoded part (each a share of its rows): smaller jobs leave less idle time
#: at the end, when one process waits for the other's last job.
WRITE_PIECES = 2


def _write_part(folder: str, tables: str, batch_id: str, prefix: str, file: str,
                lines_before: int, drops: dict[str, np.ndarray], piece: int = 0,
                pieces: int = 1) -> list[tuple[str, str, str, str, int]]:
    """In a worker (or here): write share `piece` of `pieces` of a decoded part's rows as
    Parquet parts of batch `batch_id` under `tables`, without its duplicates `drops`, with
    lines counted from the file's start and `file` as their file name; returns the parts
    (`Batch.parts`). The quarantine goes with the first share."""
    skip_pandas_probe()
    batch = Batch(Path(tables), batch_id, BATCH_KIND, "", prefix=prefix)
    try:
        for name in TABLES if piece == 0 else TABLES[:2]:
            table = ipc.open_stream(pa.memory_map(str(Path(folder) / name))).read_all()
            if len(drops.get(name, ())):
                table = without_rows(table, drops[name])
            if name != "quarantine":
                start = table.num_rows * piece // pieces
                table = table.slice(start, table.num_rows * (piece + 1) // pieces - start)
            table = _with_file(name, ranges.shift_lines(table, lines_before),
                               _one_value(file, table.num_rows))
            batch.add(name, table, day_column=None if name == "quarantine" else "ts")
        batch.finish()
    except BaseException:
        batch.discard()
        raise
    return batch.parts


def _one_value(value: str, rows: int) -> pa.DictionaryArray:
    """`value` on each of `rows` rows, dictionary-encoded (not `rows` copies of it)."""
    indices = pa.Array.from_buffers(pa.int32(), rows,
                                    [None, pa.py_buffer(np.zeros(rows, dtype=np.int32))])
    return pa.DictionaryArray.from_arrays(indices, pa.array([value], pa.string()))


class _PartWrites:
    """The jobs writing a file's parts; this process takes the oldest not begun back while it
    would wait for a decoded part."""

    def __init__(self, pool: Executor) -> None:
        self._pool = pool
        self._jobs: list[Job[list[tuple[str, str, str, str, int]]]] = []
        self._folders: dict[str, list[Job[list[tuple[str, str, str, str, int]]]]] = {}

    def submit(self, label: str, folder: str,
               call: Callable[..., list[tuple[str, str, str, str, int]]], *args: object
               ) -> None:
        """Submit a write of the decoded part in `folder` (removed once all its writes are
        done)."""
        self._jobs.append(Job(self._pool, label, call, *args))
        self._folders.setdefault(folder, []).append(self._jobs[-1])

    def first(self, wait: Callable[[Job[_Decoded]], _Decoded]
              ) -> Callable[[Job[_Decoded]], _Decoded]:
        """`wait`, taking back writes not begun (oldest first) while the job is not done."""
        def waiting(job: Job[_Decoded]) -> _Decoded:
            while not job.future.done():
                pending = next((write for write in self._jobs if write.pending()), None)
                if pending is None or not pending.take_back():
                    break
            self._sweep()
            return wait(job)
        return waiting

    def results(self) -> Iterator[list[tuple[str, str, str, str, int]]]:
        """Each write's parts in order, those not begun (the last first) written here."""
        for job in reversed(self._jobs):
            if job.pending():
                job.take_back()
        for job in self._jobs:
            yield job.future.result()
        self._sweep()

    def _sweep(self) -> None:
        """Remove the folders of decoded parts all of whose writes are done."""
        for folder, jobs in list(self._folders.items()):
            if all(job.future.done() for job in jobs):
                shutil.rmtree(folder, ignore_errors=True)
                del self._folders[folder]

    def discard(self, workspace: Path) -> None:
        """Cancel the writes not begun and remove the parts of those done (under
        `workspace`); parts a worker is still writing are removed when the workspace is next
        opened, as any part no batch lists."""
        for job in self._jobs:
            if job.future.cancel() or not job.future.done() or job.future.exception():
                continue
            for _, _, relative, _, _ in job.future.result():
                (workspace / relative).unlink(missing_ok=True)


def _chunks(decoded: _Decoded, file: str) -> Iterator[tuple[pa.Table, pa.Table, pa.Table]]:
    """Each chunk's three tables, read back from the worker's memory-mapped IPC files (their
    rows' `file` put back)."""
    read = [ipc.open_stream(pa.memory_map(str(Path(decoded.folder) / name))).read_all()
            for name in TABLES]
    tables = [_with_file(name, table, pa.repeat(pa.scalar(file, pa.string()), table.num_rows))
              for name, table in zip(TABLES, read, strict=True)]
    starts = [0, 0, 0]
    for sizes in decoded.chunk_rows:
        chunk = [table.slice(start, size) for table, start, size in
                 zip(tables, starts, sizes, strict=True)]
        starts = [start + size for start, size in zip(starts, sizes, strict=True)]
        yield chunk[0], chunk[1], chunk[2]
