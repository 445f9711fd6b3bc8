"""`darkfleet lists ...` (load and inspect sanctions lists) and `darkfleet screen`."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

import click

from darkfleet.cli._common import config_for, workspace_option, write_jsonl
from darkfleet.cli._engine import engine_for, engine_options
from darkfleet.cli._progress import busy
from darkfleet.cli.network_cmd import network_cmd
from darkfleet.errors import UsageError


@click.group("lists")
def lists_group() -> None:
    """Load sanctions lists into the workspace and see what changed between versions.

    Example:

        darkfleet lists load sdn.csv alt.csv UN_consolidated.xml -w ws
    """


@lists_group.command("load")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--bundled", is_flag=True, help="Also load the lists bundled with darkfleet.")
@click.option("--date", "list_date", default=None, metavar="YYYY-MM-DD",
              help="The lists' publication date, when the files do not say it (required then).")
@click.option("--allow-shrink", is_flag=True,
              help="Load a list even if it is empty or shrinks by more than "
              "screening.max_shrink (20%) against the version in use.")
@workspace_option
@click.pass_context
def load_cmd(ctx: click.Context, paths: tuple[Path, ...], bundled: bool,
             list_date: str | None, allow_shrink: bool, workspace: Path) -> None:
    """Parse list files (any mix of formats) and store them in one all-or-nothing step.

    Formats: OFAC sdn.csv (+ alt.csv), OFAC advanced XML, UN consolidated XML, UK list CSV or
    ODS, OpenSanctions FtM JSON lines. A newer version of a list records what was added,
    removed or changed since the last one (see `darkfleet lists history`). A file cut short,
    an empty list, one that shrinks by more than 20%, or a file without a date (unless
    --date) is refused with exit 1, and the version in use stays current.

    Example:

        darkfleet lists load --bundled -w ws
    """
    from darkfleet.screening import bundled_list_paths, load_list_files
    from darkfleet.store import Workspace

    files = list(paths) + (bundled_list_paths() if bundled else [])
    if not files:
        raise UsageError("give list files to load, or --bundled")
    config = config_for(ctx, workspace)
    with Workspace.open(config.workspace, create=True) as ws, busy(
            f"loading {len(files)} list files"):
        report = load_list_files(ws, files, list_date, settings=config.screening,
                                 allow_shrink=allow_shrink)
    if report.already_loaded:
        click.echo("these list files are loaded already", err=True)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    for item in report.lists:
        named = sum(1 for e in item.entries if e.kind == "vessel_ref")
        click.echo(f"{item.list} {item.version}: {len(item.entries)} entries, "
                   f"{len(item.vessels())} vessels"
                   + (f", {named} more vessels named as owned or managed by listed parties"
                      if named else "") + f" ({item.source})")
    if not report.already_loaded:
        click.echo(f"{len(report.changes)} designation changes since the previous versions")


@lists_group.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text",
              show_default=True, help="Output format.")
@workspace_option
@click.pass_context
def versions_cmd(ctx: click.Context, fmt: str, workspace: Path) -> None:
    """Show every list version loaded, oldest first.

    Example:

        darkfleet lists list -w ws
    """
    from darkfleet.screening import list_versions
    from darkfleet.store import Workspace

    with Workspace.open(config_for(ctx, workspace).workspace) as ws:
        rows = list_versions(ws)
    if fmt == "jsonl":
        write_jsonl(rows)
        return
    for row in rows:
        click.echo(f"{row['list']}\t{row['version']}\t{row['entries']} entries\t"
                   f"{row['vessels']} vessels\t{row['source']}")


@lists_group.command("history")
@click.option("--list", "list_name", default=None, help="Only this list (e.g. 'OFAC SDN').")
@workspace_option
@click.pass_context
def history_cmd(ctx: click.Context, list_name: str | None, workspace: Path) -> None:
    """Designation history: entries added, removed or changed by each newer list version.

    Example:

        darkfleet lists history --list "OFAC SDN" -w ws
    """
    from darkfleet.screening import designation_history
    from darkfleet.store import Workspace

    with Workspace.open(config_for(ctx, workspace).workspace) as ws:
        write_jsonl(designation_history(ws, list_name))


def _identities_from(stream: TextIO, name: str, strict: bool) -> Iterator[tuple[int, Any]]:
    """(query index, identity or the error of a bad row); with `strict` a bad row raises."""
    from darkfleet.errors import ScreeningError
    from darkfleet.screening.identity_input import identity_from_json

    for number, line in enumerate(stream, 1):
        if line.strip():
            try:
                yield number - 1, identity_from_json(line, name, number)
            except ScreeningError as error:
                if strict:
                    raise
                yield number - 1, error


def _when(listed_on: str | None, list_date: str) -> str:
    return f"listed {listed_on}" if listed_on else f"(list of {list_date})"


def _sighting(record: dict[str, Any]) -> str:
    if record.get("sighting_age_d") is None:
        return ""
    years = record["sighting_age_d"] / 365.25
    when = "before" if years >= 0 else "after"
    return (f"  AIS seen {record['seen_at']}, {abs(years):.1f} years {when} the list of "
            f"{record['list_date']}")


def _text(record: dict[str, Any]) -> str:
    entry = record["entry"]
    mark = "" if record["above_threshold"] else "  (candidate, below threshold)"
    head = (f"{record['score']:.2f}  {record['basis']}  {entry['list']} {entry['id']}  "
            f"{entry['names'][0]}  IMO {entry['imo'] or '-'}  [{', '.join(entry['programs'])}]"
            f"  {_when(entry['listed_on'], record['list_date'])}{mark}{_sighting(record)}")
    lines = [head]
    lines += [f"      {field}: {e['how']} ({e['query']!r} ~ {e['listed']!r})"
              for field, e in record["evidence"].items()]
    lines += [f"      note: {n}" for n in record["notes"]]
    if entry["linked_to"]:
        lines.append(f"      linked to: {'; '.join(entry['linked_to'])}")
    return "\n".join(lines)


@click.command("screen")
@click.option("--imo", default=None, help="IMO number, in any written form (IMO 9179842).")
@click.option("--mmsi", default=None, help="MMSI (9 digits).")
@click.option("--name", default=None, help="Vessel name, in Latin, Hangul or Cyrillic script.")
@click.option("--former-name", "former_names", multiple=True,
              help="An earlier name of the vessel (repeatable).")
@click.option("--callsign", default=None, help="Call sign.")
@click.option("--flag", default=None,
              help="Flag state (ISO 3166 alpha-2 or a name); corroborates a name.")
@click.option("--vessel-type", default=None,
              help="Kind of vessel (tanker, bulk carrier, ro-ro...); corroborates a name.")
@click.option("--tonnage", type=int, default=None, help="Gross tonnage; corroborates a name.")
@click.option("--build-year", type=int, default=None, help="Build year; corroborates a name.")
@click.option("--length-m", type=float, default=None, help="Length (m); corroborates a name.")
@click.option("--input", "input_file", type=click.File("r"), default=None,
              help="JSON lines of identities to screen (`-` for stdin).")
@click.option("--threshold", type=click.FloatRange(0, 1), default=None,
              help="Report matches scoring at least this (default: screening.threshold, 0.8).")
@click.option("--all", "show_all", is_flag=True, help="Also show candidates below the threshold.")
@click.option("--strict", is_flag=True,
              help="With --input, stop at the first bad row (exit 1) instead of reporting it.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "text"]), default="jsonl",
              show_default=True, help="Output format.")
@workspace_option
@engine_options
@click.pass_context
def screen_cmd(ctx: click.Context, imo: str | None, mmsi: str | None, name: str | None,
               former_names: tuple[str, ...], callsign: str | None, flag: str | None,
               vessel_type: str | None, tonnage: int | None, build_year: int | None,
               length_m: float | None, input_file: TextIO | None, threshold: float | None,
               show_all: bool, strict: bool, fmt: str, workspace: Path, engine: str | None,
               workers: int | None, scheduler: str | None) -> None:
    """Screen vessels against the loaded sanctions lists: identifiers first, then names.

    Each match says its basis: `identifier`, `corroborated name` (a name and an attribute that
    agrees: flag, kind of vessel, tonnage, build year, length, former name), `name only` (a
    candidate, never above the default threshold) or `link` (linked to a listed party). With
    no identity, every vessel seen in the workspace is screened and the matches are stored in
    its `matches` table. With --input each output line carries `query`, the 0-based line of
    its identity; a bad row gives an `error` record and the batch goes on (--strict stops);
    --engine dask screens the input in chunks on a Dask cluster, with the same output.

    Example:

        darkfleet screen --name "LADY R" --flag RU --vessel-type ro-ro -w ws --format text
        darkfleet screen --input fleet.jsonl -w ws --engine dask --workers 4
    """
    import dataclasses

    from darkfleet.screening import Screener, required_lists, screen_workspace, seen_names
    from darkfleet.screening.identity_input import make_identity
    from darkfleet.store import Workspace

    config = config_for(ctx, workspace)
    settings = config.screening
    if threshold is not None:
        settings = dataclasses.replace(settings, threshold=threshold)
    single = any(v for v in (imo, mmsi, name, callsign, *former_names))
    if single and input_file is not None:
        raise UsageError("give either identity options or --input, not both")
    if not single and input_file is None:
        with Workspace.open(config.workspace) as ws:
            identities, results = screen_workspace(ws, settings, include_below=show_all)
        _write([(None, i, r) for i, r in zip(identities, results, strict=True)], fmt)
        return
    if single:
        queries: list[tuple[int | None, Any]] = [(None, make_identity(
            imo, mmsi, name, callsign, flag, former_names, vessel_type=vessel_type,
            tonnage=tonnage, build_year=build_year, length_m=length_m))]
    else:
        assert input_file is not None
        source = "<stdin>" if input_file.name == "<stdin>" else input_file.name
        queries = list(_identities_from(input_file, source, strict))
    with Workspace.open(config.workspace) as ws:
        lists, seen = required_lists(ws), seen_names(ws)
    good = [i for _, i in queries if not isinstance(i, Exception)]
    screener, on = Screener(lists, settings, seen), engine_for(config, engine, workers, scheduler)
    with busy(f"screening {len(good)} vessels"):
        if on.distributed and input_file is not None:
            from darkfleet.scale import screen_on

            found = iter(screen_on(on, screener, good, include_below=show_all))
        else:
            found = iter(screener.screen_many(good, include_below=show_all))
    _write([(q, i, [] if isinstance(i, Exception) else next(found)) for q, i in queries], fmt)


def _error_record(query: int | None, error: Any) -> dict[str, Any]:
    return {"query": query, "error": error.message, "path": error.path, "line": error.line}


def _write(results: Sequence[tuple[int | None, Any, list[Any]]], fmt: str) -> None:
    count = errors = 0
    for query, identity, matches in results:
        if isinstance(identity, Exception):
            errors += 1
            record = _error_record(query, identity)
            if fmt == "jsonl":
                write_jsonl([record])
            else:
                click.echo(f"[query {query}] error: {identity}")
        for match in matches:
            record = match.to_record()
            if query is not None:
                record = {"query": query, **record}
            count += 1
            if fmt == "jsonl":
                write_jsonl([record])
            else:
                click.echo(("" if query is None else f"[query {query}] ") + _text(record))
    bad = f", {errors} bad rows not screened (error records)" if errors else ""
    click.echo(f"{count} matches for {len(results) - errors} identities{bad}", err=True)
    sys.stdout.flush()


COMMANDS: list[click.Command] = [lists_group, screen_cmd, network_cmd]
