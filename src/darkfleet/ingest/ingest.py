"""Library entry points: `ingest_files` into a workspace, `decode_file` to messages.

Ingest is lenient by default: a bad line is quarantined with its reason and counted, because
real recordings always hold some (a receiver's broken line must not lose the rest of a day).
`strict=True` stops at the first bad line instead. Neither function prints; `progress`, when
given, is called with (path, bytes read, total bytes or None).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from darkfleet.errors import InputError, StoreError
from darkfleet.ingest.csv_layouts import LAYOUTS_HELP, recognise, split_header
from darkfleet.ingest.csv_pipeline import CsvPipeline
from darkfleet.ingest.file_keys import file_sha256
from darkfleet.ingest.message import AisMessage
from darkfleet.ingest.pipeline import ChunkRows, NmeaPipeline, Pipeline
from darkfleet.ingest.plausible import TimeBounds
from darkfleet.ingest.pool import workers_for
from darkfleet.ingest.ranges import Ranging
from darkfleet.ingest.reader import STDIN, Chunk, LineSource
from darkfleet.ingest.report import FileReport
from darkfleet.ingest.scalar import Decoded, Event, Quarantined, ScalarDecoder, strict_error
from darkfleet.ingest.settings import IngestSettings
from darkfleet.store.batch import Batch

if TYPE_CHECKING:
    from darkfleet.store.workspace import Workspace

Progress = Callable[[str, int, int | None], None]
BATCH_KIND = "ingest"


class _AlreadyIngested(Exception):
    """Raised inside a batch of stdin input whose content was ingested before (discards it)."""


@dataclass(frozen=True, slots=True)
class Options:
    """How files are read: strictness, progress, CSV map, plausible times, and the workspace
    whose stored rows count as duplicates (none, with `raw`, when decoding in a worker)."""

    strict: bool
    progress: Progress | None
    csv_map: Mapping[str, str] | None
    bounds: TimeBounds
    workspace: Workspace | None
    raw: bool = False  # rows as decoded, no duplicate filter (decoding in another process)


def ingest_files(
    paths: Sequence[str | Path],
    workspace: Workspace,
    settings: IngestSettings,
    *,
    strict: bool = False,
    progress: Progress | None = None,
    csv_map: Mapping[str, str] | None = None,
    executor: Executor | None = None,
    ranging: Ranging | None = None,
    pool: Executor | None = None,
    keys: Callable[[str], str] | None = None,
) -> list[FileReport]:
    """Ingest each file (or `-` for stdin) in its own batch keyed by the SHA-256 of its bytes.

    NMEA files and CSV files (DMA, MarineCadastre, or any CSV whose columns `csv_map` names,
    field -> column) are told apart by their first line.

    Several files are decoded in parallel (`ingest.workers` processes), with results identical
    to one process. A file whose bytes were ingested before adds nothing (its report says
    `already_ingested`). A batch becomes visible only when its file has been read to the end.
    With an `executor` (a Dask cluster's, say), the files are decoded by it instead; `pool`:
    the local worker processes, already started (`darkfleet.ingest.pool.started_pool`, with
    `workers_for` processes), else they are started here when worth it. A large
    plain NMEA file is decoded in byte ranges by several processes (`ranging`, see
    `darkfleet.ingest.ranges`), except in strict mode. `keys`: a file's SHA-256 (by default
    `file_sha256`; `darkfleet ingest` hashes them in the background from its start,
    `darkfleet.ingest.file_keys.FileKeys`).
    A gzip stream that breaks keeps what was read before the break; the report's `read_error`
    names the byte.

    Raises:
        InputError: a file cannot be read.
        DecodeError: in strict mode, at the first bad line (names file and line).
        StoreError: the workspace cannot be written (nothing of that file is kept).
    """
    options = Options(strict, progress, csv_map, TimeBounds.of(settings), workspace)
    from darkfleet.ingest import parallel

    keys = keys or file_sha256
    names = [str(path) for path in paths]
    if executor is not None and STDIN not in names:
        return parallel.ingest_parallel(names, workspace, settings, options, 0, executor,
                                        ranging, keys=keys)
    if STDIN not in names and (workers := workers_for(settings, names, strict)) > 0:
        return parallel.ingest_parallel(names, workspace, settings, options, workers,
                                        ranging=ranging, pool=pool, keys=keys)
    return [_ingest_one(name, workspace, settings, options, keys) for name in names]


def _ingest_one(path: str, workspace: Workspace, settings: IngestSettings, options: Options,
                keys: Callable[[str], str]) -> FileReport:
    key = None if path == STDIN else "sha256:" + keys(path)
    if key is not None and workspace.has_batch(key):
        return earlier_report(workspace, key, path)
    try:
        with workspace.batch(BATCH_KIND, key or "pending") as batch:
            report = _read_into(path, batch, settings, options)
            if key is None:  # standard input: keyed by what was read
                batch.key = f"sha256:{report[1]}"
                if workspace.has_batch(batch.key):
                    raise _AlreadyIngested(batch.key)
            batch.report = report[0].to_json()
    except _AlreadyIngested as done:
        return earlier_report(workspace, str(done), path)
    except OSError as error:  # reading errors are InputErrors already: this is the workspace
        raise StoreError(f"cannot write the workspace: {error}", path=workspace.path) from error
    return report[0]


def _read_into(path: str, batch: Batch, settings: IngestSettings, options: Options
               ) -> tuple[FileReport, str | None]:
    with LineSource(path, settings.max_line_bytes) as source:
        tick = (None if options.progress is None
                else (lambda done: options.progress(path, done, source.size)))  # type: ignore[misc]
        opened: list[Pipeline] = []
        for rows in decoded_rows(path, source, settings, options, opened, tick):
            write_rows(batch, rows)
        report = opened[0].counts.report(path, opened[0].format_name, source.error)
        return report, source.sha256()


def decoded_rows(path: str, source: LineSource, settings: IngestSettings, options: Options,
                 opened: list[Pipeline], tick: Callable[[int], None] | None = None
                 ) -> Iterator[ChunkRows]:
    """The rows of each chunk of `source`, then those settled at its end; the pipeline that
    made them is appended to `opened` (its counts make the report)."""
    pipeline: Pipeline | None = None
    for chunk in source.chunks(settings.chunk_lines, tick):
        if pipeline is None:
            pipeline = open_pipeline(path, chunk, settings, options)
            opened.append(pipeline)
        yield pipeline.process(chunk)
    if pipeline is None:
        pipeline = _nmea(path, settings, options)
        opened.append(pipeline)
    yield pipeline.finish()


def _nmea(path: str, settings: IngestSettings, options: Options) -> NmeaPipeline:
    return NmeaPipeline(path, settings, strict=options.strict, bounds=options.bounds,
                        workspace=options.workspace, raw=options.raw)


def open_pipeline(path: str, chunk: Chunk, settings: IngestSettings, options: Options
                  ) -> Pipeline:
    """The CSV pipeline if the first line is a recognised CSV header, else the NMEA one.

    Raises:
        InputError: the input is neither NMEA nor a CSV of a recognised layout (the message
            lists the layouts), or a `csv_map` names a column the header lacks.
    """
    text = chunk.lines[0].decode("utf-8-sig", "replace")
    fmt = None if text[:1] in _NMEA_STARTS else recognise(text, options.csv_map)
    if fmt is not None:
        return CsvPipeline(path, settings, fmt, strict=options.strict, bounds=options.bounds,
                        workspace=options.workspace, raw=options.raw)
    if options.csv_map and text[:1] not in _NMEA_STARTS:
        header = (split_header(text) or ([text.strip()], ","))[0]
        missing = sorted(set(options.csv_map.values()) - set(header))
        raise InputError(f"the header has no column {missing[0]!r} named in the CSV map",
                         path=path, line=1)
    if text.strip()[:1] not in ("#", *_NMEA_STARTS) and not _holds_nmea(chunk.lines):
        raise InputError(f"neither NMEA nor a CSV of a known layout; {LAYOUTS_HELP}",
                         path=path, line=1)
    return _nmea(path, settings, options)


_NMEA_STARTS = ("!", "$", "\\", "")


def _holds_nmea(lines: Sequence[bytes]) -> bool:
    """Whether any line of the first chunk starts like an NMEA sentence or a tag block."""
    return any(line.lstrip()[:1] in (b"!", b"$", b"\\") for line in lines)


def write_rows(batch: Batch, rows: ChunkRows) -> None:
    batch.add("positions", rows.positions)
    batch.add("static_reports", rows.static_reports)
    batch.add("quarantine", rows.quarantine, day_column=None)


def earlier_report(workspace: Workspace, key: str, path: str) -> FileReport:
    data = {**(workspace.batch_report(key) or {}), "path": path, "already_ingested": True}
    return FileReport.from_json(data)


def decode_file(path: str | Path, settings: IngestSettings, *, strict: bool = False
                ) -> Iterator[AisMessage]:
    """Decoded messages of one NMEA file (or `-`), in the order they complete.

    Bad lines are skipped (strict: raise); nothing is stored.

    Raises:
        InputError: the file cannot be read, or (after the messages before it) its gzip
            stream breaks.
        DecodeError: in strict mode, at the first bad line.
    """
    name = str(path)
    decoder = ScalarDecoder(settings.max_open_messages, settings.max_line_bytes,
                            TimeBounds.of(settings))
    with LineSource(name, settings.max_line_bytes) as source:
        for chunk in source.chunks(settings.chunk_lines):
            for offset, raw in enumerate(chunk.lines):
                yield from _messages(decoder.feed(raw, chunk.first_line + offset), name, strict)
        yield from _messages(decoder.finish(), name, strict)
        if source.error is not None:
            raise InputError(source.error, path=name)


def _messages(events: list[Event], path: str, strict: bool) -> Iterator[AisMessage]:
    for event in events:
        if isinstance(event, Decoded):
            yield event.message
        elif strict and isinstance(event, Quarantined):
            raise strict_error(event, path)
