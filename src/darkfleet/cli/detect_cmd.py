"""Commands of the tracks, events and voyages stage: detect, events, voyages, vessels,
simulate and evaluate."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from darkfleet.cli._common import config_for, workspace_option, write_csv, write_jsonl
from darkfleet.errors import UsageError
from darkfleet.timefmt import iso_utc, parse_utc


def _open(workspace: Path) -> Any:
    from darkfleet.store import Workspace

    return Workspace.open(workspace)


@click.command()
@workspace_option
@click.option("--ports", "ports_file", type=click.Path(dir_okay=False, path_type=Path),
              help="A GeoJSON FeatureCollection of port areas that add to or override the "
                   "built-in registry.")
@click.pass_context
def detect(ctx: click.Context, workspace: Path, ports_file: Path | None) -> None:
    """Build tracks, then detect events and voyages in what was ingested.

    Writes the workspace tables track_points, events, voyages and vessels, and prints a
    summary on stderr.

    Example:

        darkfleet detect -w ws --ports my-ports.geojson
    """
    from rich.console import Console

    from darkfleet.events import detect as run_detect
    from darkfleet.events import load_registry

    config = config_for(ctx, workspace)
    registry = load_registry(ports_file, config.detect.port_radius_m)
    console = Console(stderr=True)
    with _open(config.workspace) as ws, console.status("detecting") as status:
        summary = run_detect(ws, config.detect, registry,
                             progress=lambda day: status.update(f"detecting {day}"))
    counts = ", ".join(f"{n} {kind}" for kind, n in summary.events.items()) or "no events"
    console.print(f"{summary.positions:,} track points of {summary.vessels:,} vessels over "
                  f"{summary.days} days: {counts}; {summary.voyages} voyages "
                  f"({summary.watched_voyages} watched)")


def _filters(**options: Any) -> Any:
    from darkfleet.events.query import Filters

    area = None
    if options.get("area"):
        try:
            values = [float(x) for x in options["area"].split(",")]
        except ValueError:
            values = []
        if len(values) != 4:
            raise UsageError("--area takes MIN_LAT,MIN_LON,MAX_LAT,MAX_LON")
        area = (values[0], values[1], values[2], values[3])
    return Filters(types=options.get("types") or (), mmsi=options.get("mmsi"),
                   port=options.get("port"), since=_time(options.get("since"), "--since"),
                   until=_time(options.get("until"), "--until"), area=area,
                   watched=bool(options.get("watched")))


def _time(text: str | None, option: str) -> datetime | None:
    if not text:
        return None
    try:
        return parse_utc(text)
    except ValueError as error:
        raise UsageError(f"{option}: not an ISO 8601 time: {text}") from error


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {k: iso_utc(v) if isinstance(v, datetime) else v for k, v in row.items()}


def _emit(rows: list[dict[str, Any]], fmt: str) -> None:
    from darkfleet.events.query import events_geojson

    plain = [_plain(r) for r in rows]
    if fmt == "csv":
        write_csv(plain)
    elif fmt == "geojson":
        sys.stdout.write(json.dumps(events_geojson(plain), ensure_ascii=False) + "\n")
    else:
        write_jsonl(plain)


def _common_filters(function: Any) -> Any:
    for option in reversed([
        click.option("--mmsi", type=int, help="Only this vessel."),
        click.option("--port", help="Only this port (UN/LOCODE)."),
        click.option("--since", help="Only what ends at or after this time (ISO 8601)."),
        click.option("--until", help="Only what starts at or before this time (ISO 8601)."),
    ]):
        function = option(function)
    return function


@click.command()
@workspace_option
@click.option("--type", "types", multiple=True, help="Only events of this type (repeatable).")
@_common_filters
@click.option("--area", help="Only events inside MIN_LAT,MIN_LON,MAX_LAT,MAX_LON.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "geojson"]),
              default="jsonl", show_default=True)
@click.pass_context
def events(ctx: click.Context, /, workspace: Path, fmt: str, **options: Any) -> None:
    """Print the detected events (see docs/events.md for their definitions).

    Example:

        darkfleet events -w ws --type ais_gap --type encounter --format geojson
    """
    from darkfleet.events.query import read_table

    with _open(config_for(ctx, workspace).workspace) as ws:
        rows = read_table(ws, "events", _filters(**options))
    _emit(rows, fmt)


@click.command()
@workspace_option
@_common_filters
@click.option("--watched", is_flag=True, help="Only voyages touching a watched port group.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True)
@click.pass_context
def voyages(ctx: click.Context, /, workspace: Path, fmt: str, **options: Any) -> None:
    """Print the voyages between port calls, with their risk and its reasons.

    Example:

        darkfleet voyages -w ws --watched --format csv
    """
    from darkfleet.events.query import read_table

    with _open(config_for(ctx, workspace).workspace) as ws:
        rows = read_table(ws, "voyages", _filters(**options))
    _emit(rows, fmt)


@click.command()
@workspace_option
@click.option("--mmsi", type=int, help="Only this vessel.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True)
@click.pass_context
def vessels(ctx: click.Context, workspace: Path, fmt: str, mmsi: int | None) -> None:
    """Print the vessels seen: identity, flag, names used and when they were seen.

    Example:

        darkfleet vessels -w ws --mmsi 273999001
    """
    from darkfleet.events.query import read_table

    with _open(config_for(ctx, workspace).workspace) as ws:
        rows = read_table(ws, "vessels", _filters(mmsi=mmsi))
    _emit(rows, fmt)


COMMANDS: list[click.Command] = [detect, events, voyages, vessels]
