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
@click.option("--gap-model", type=click.Choice(["darkfleet", "gfw"]),
              help="Rules for a suspected AIS gap: darkfleet's coverage-aware rules or Global "
                   "Fishing Watch's (see docs/events.md); default: the detect.gap_model setting.")
@click.pass_context
def detect(ctx: click.Context, workspace: Path, ports_file: Path | None,
           gap_model: str | None) -> None:
    """Build tracks, then detect events and voyages in what was ingested.

    Writes the workspace tables track_points, events, voyages and vessels, and prints a
    summary on stderr. When the workspace was screened (`darkfleet screen`), the sanctions
    matches add their reasons to the voyages' risk.

    Example:

        darkfleet detect -w ws --ports my-ports.geojson --gap-model gfw
    """
    from dataclasses import replace

    from rich.console import Console

    from darkfleet.events import detect as run_detect
    from darkfleet.events import load_registry
    from darkfleet.screening import workspace_screening_reasons

    config = config_for(ctx, workspace)
    settings = replace(config.detect, gap_model=gap_model) if gap_model else config.detect
    registry = load_registry(ports_file, config.detect.port_radius_m)
    console = Console(stderr=True)
    with _open(config.workspace) as ws, console.status("detecting") as status:
        summary = run_detect(ws, settings, registry, workspace_screening_reasons(ws),
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


@click.command()
@click.option("--scenario", default="dprk-russia-2023", show_default=True,
              help="The scenario to simulate.")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Directory for SCENARIO.nmea and truth.json.")
@click.option("--seed", default=1, show_default=True, help="Random seed (same seed, same data).")
@click.option("--days", default=14.0, show_default=True, help="Length of the window in days.")
@click.option("--background", default=8, show_default=True,
              help="Number of background coastal vessels (a size knob for larger runs).")
def simulate(scenario: str, out: Path, seed: int, days: float, background: int) -> None:
    """Write a SIMULATED scenario as NMEA (tag-block timestamps) plus its ground truth.

    The scenario dprk-russia-2023 follows the public reporting on the DPRK-Russia munitions
    shuttle; only what the simulated coastal stations and satellites heard is written, every
    line marked with the tag-block source darkfleet-simulated (or darkfleet-simulated-sat).

    Example:

        darkfleet simulate --scenario dprk-russia-2023 --out sim --seed 7
    """
    from darkfleet.simulate import Size
    from darkfleet.simulate import simulate as run_simulate

    if days <= 0 or background < 0:
        raise UsageError("--days must be positive and --background not negative")
    summary = run_simulate(scenario, out, seed, Size(days=days, background=background))
    write_jsonl([summary])


@click.command()
@workspace_option
@click.option("--truth", "truth", required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A truth.json written by `darkfleet simulate`.")
@click.option("--tolerance-h", default=1.0, show_default=True,
              help="Slack in hours when matching event times.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.pass_context
def evaluate(ctx: click.Context, workspace: Path, truth: Path, tolerance_h: float,
             fmt: str) -> None:
    """Score the detected events and voyages against a truth file: precision and recall.

    Example:

        darkfleet evaluate --truth sim/truth.json -w ws --format json
    """
    from darkfleet.simulate import evaluate_workspace, load_truth

    planted = load_truth(truth)
    with _open(config_for(ctx, workspace).workspace) as ws:
        scores = evaluate_workspace(planted, ws, tolerance_h)
    rows = [{"kind": s.kind, "truth": s.truth, "detected": s.detected, "matched": s.matched,
             "precision": round(s.precision, 4), "recall": round(s.recall, 4),
             "unmatched_truth": [_plain(r) for r in s.unmatched_truth],
             "unmatched_detected": [_plain(r) for r in s.unmatched_detected]} for s in scores]
    if fmt == "json":
        sys.stdout.write(json.dumps({"scores": rows}, default=str) + "\n")
        return
    click.echo(f"{'kind':<16}{'truth':>7}{'detected':>10}{'matched':>9}{'precision':>11}"
               f"{'recall':>8}")
    for r in rows:
        click.echo(f"{r['kind']:<16}{r['truth']:>7}{r['detected']:>10}{r['matched']:>9}"
                   f"{r['precision']:>11.3f}{r['recall']:>8.3f}")
    for r in rows:
        for side in ("unmatched_truth", "unmatched_detected"):
            for item in r[side]:
                click.echo(f"{side.replace('_', ' ')}: {json.dumps(item, default=str)}")


COMMANDS: list[click.Command] = [detect, events, voyages, vessels, simulate, evaluate]
