"""`darkfleet decode` and `darkfleet ingest`: thin clients of `darkfleet.ingest`."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from darkfleet.cli._common import config_for, workspace_option, write_jsonl
from darkfleet.cli._engine import engine_for, engine_options

if TYPE_CHECKING:
    from darkfleet.ingest.file_keys import FileKeys
    from darkfleet.ingest.ingest import Progress
    from darkfleet.ingest.report import FileReport

_PATHS = click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))
_STRICT = click.option("--strict", is_flag=True,
                       help="Stop at the first bad line (exit 1, `file:line: reason`).")
_PROGRESS_MIN_BYTES = 5_000_000


@click.command("decode")
@_PATHS
@_STRICT
@click.pass_context
def decode(ctx: click.Context, paths: tuple[str, ...], strict: bool) -> None:
    """Decode AIS files (NMEA, gzip or `-` for stdin) to JSON Lines on stdout; stores nothing.

    One object per message with the keys its type has: msg_type, mmsi, ts, lat, lon, speed_kn,
    course_deg, heading_deg, nav_status, imo, callsign, shipname, ship_type, draught_m,
    destination, to_bow_m, to_stern_m, to_port_m, to_starboard_m, part, line. Bad lines are
    skipped (see `darkfleet ingest` for the counts).

    Example:

        darkfleet decode recording.nmea.gz | head
    """
    from darkfleet.ingest import decode_file

    settings = config_for(ctx).ingest
    for path in paths:
        write_jsonl(message.to_json() for message in decode_file(path, settings, strict=strict))


def _csv_map(ctx: click.Context, param: click.Parameter, value: str | None
             ) -> dict[str, str] | None:
    if value is None:
        return None
    from darkfleet.ingest.csv_formats import parse_csv_map

    try:
        return parse_csv_map(value)
    except ValueError as error:
        raise click.BadParameter(str(error), ctx, param) from error


@click.command("ingest")
@_PATHS
@workspace_option
@_STRICT
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Report format: a line per file, or JSON Lines.")
@click.option("--csv-map", "csv_map", callback=_csv_map, metavar="FIELD=COLUMN,...",
              help="Read CSV files with these columns, e.g. ts=time,mmsi=id,lat=y,lon=x "
              "(fields: ts, mmsi, lat, lon, speed_kn, course_deg, heading_deg, nav_status, imo, "
              "callsign, shipname, ship_type, draught_m, destination, or their synonyms such "
              "as timestamp, latitude, longitude, sog).")
@engine_options
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], workspace: Path, strict: bool,
           fmt: str, csv_map: dict[str, str] | None, engine: str | None,
           workers: int | None, scheduler: str | None) -> None:
    """Ingest AIS files (NMEA, gzip, or `-` for stdin) into the workspace.

    NMEA (plain, tag blocks, multi-sentence) and CSV (Danish Maritime Authority, NOAA
    MarineCadastre, any header with time, MMSI, latitude and longitude columns by a common
    name, or any CSV with --csv-map). Positions and static reports go to Parquet partitioned by
    day; bad lines to the quarantine table with file, line and reason. Re-ingesting a file, or
    the same messages in other bytes, adds nothing. Prints one report per file: lines,
    sentences, messages, positions, static_reports, quarantined, ignored, duplicates, first_ts,
    last_ts. Exits 1 for a file of an unknown layout, and (after storing what it could read) for
    a gzip file that breaks, naming the byte.

    Example:

        darkfleet ingest data/*.nmea.gz -w ws --format json
        darkfleet ingest data/*.nmea.gz -w ws --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from darkfleet.ingest.file_keys import FileKeys

    # the files' keys are hashed from now on, on a core this start-up leaves idle
    with FileKeys(paths) as keys:
        reports = _ingest(ctx, paths, workspace, strict, csv_map, engine, workers, scheduler,
                          keys)
    if fmt == "json":
        write_jsonl(report.to_json() for report in reports)
    else:
        for report in reports:
            click.echo(_text(report.to_json()))
    broken = [report for report in reports if report.read_error is not None]
    if broken:
        from darkfleet.errors import InputError

        raise InputError(str(broken[0].read_error), path=broken[0].path)


def _ingest(ctx: click.Context, paths: tuple[str, ...], workspace: Path, strict: bool,
            csv_map: dict[str, str] | None, engine: str | None, workers: int | None,
            scheduler: str | None, keys: FileKeys) -> list[FileReport]:
    """The ingest itself: `ingest` without its output."""
    # ingest does no linear algebra: no OpenBLAS threads (they spin a while after they start),
    # here nor in the workers (set before NumPy is loaded)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from darkfleet.ingest.pool import started_pool, workers_for

    config = config_for(ctx, workspace)
    on = engine_for(config, engine, workers, scheduler)
    local = 0 if on.distributed or "-" in paths else workers_for(config.ingest, paths, strict)
    # the local workers start first: their imports run while this process loads its own
    with started_pool(local) as pool:
        from darkfleet.ingest import ingest_files
        from darkfleet.ingest.startup import keep_freed_memory, skip_pandas_probe
        from darkfleet.store import Workspace

        skip_pandas_probe()
        keep_freed_memory()
        with Workspace.open(config.workspace, create=True) as ws, _progress() as progress:
            if on.distributed:
                from darkfleet.scale import ingest_on

                reports = ingest_on(on, paths, ws, config.ingest, strict=strict,
                                    progress=progress, csv_map=csv_map, keys=keys.sha256)
            else:
                reports = ingest_files(paths, ws, config.ingest, strict=strict,
                                       progress=progress, csv_map=csv_map, pool=pool,
                                       keys=keys.sha256)
    return reports


def _text(report: dict[str, object]) -> str:
    if report.get("already_ingested"):
        return f"{report['path']}: already ingested, nothing added"
    span = f"{report['first_ts']} .. {report['last_ts']}" if report["first_ts"] else "no times"
    return (
        f"{report['path']}: {report['lines']} lines, {report['messages']} messages, "
        f"{report['positions']} positions, {report['static_reports']} static reports, "
        f"{report['quarantined']} quarantined, {report['ignored']} ignored, "
        f"{report['duplicates']} duplicates; {span}"
    )


@contextmanager
def _progress() -> Iterator[Progress]:
    """A rich progress bar on stderr for long files (only on a terminal)."""
    from rich.console import Console
    from rich.progress import DownloadColumn, Progress

    console = Console(stderr=True)
    bar = Progress(*Progress.get_default_columns(), DownloadColumn(), console=console,
                   transient=True, disable=not console.is_terminal)
    tasks: dict[str, int] = {}

    def update(path: str, done: int, total: int | None) -> None:
        if total is not None and total < _PROGRESS_MIN_BYTES:
            return
        if path not in tasks:
            tasks[path] = int(bar.add_task(Path(path).name, total=total))
        bar.update(tasks[path], completed=done)  # type: ignore[arg-type]

    with bar:
        yield update
    sys.stderr.flush()


COMMANDS: list[click.Command] = [decode, ingest]
