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
from darkfleet.cli._engine import engine_for, engine_options
from darkfleet.cli._filters import build_filters, filter_options
from darkfleet.cli._progress import steps
from darkfleet.errors import UsageError
from darkfleet.timefmt import iso_utc


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
                   "Fishing Watch's (see docs/events.md); default: the detect.gap.model setting.")
@click.option("--case", "case", metavar="NAME",
              help="A bundled case name or a case file whose watched_routes (pairs of port "
                   "groups) decide which voyages are watched; default: the "
                   "detect.ports.watched_routes setting.")
@engine_options
@click.pass_context
def detect(ctx: click.Context, workspace: Path, ports_file: Path | None,
           gap_model: str | None, case: str | None, engine: str | None, workers: int | None,
           scheduler: str | None) -> None:
    """Build tracks, then detect events and voyages in what was ingested.

    Writes the workspace tables track_points, events, voyages and vessels, and prints a
    summary on stderr. When the workspace was screened (`darkfleet screen`), the sanctions
    matches add their reasons to the voyages' risk. With `--case`, the case's watched routes
    replace the detect.ports.watched_routes setting. With --engine dask the vessels are split into
    MMSI hash buckets, each detected window by window, and encounters paired by cell groups, on
    a Dask cluster, with the same results (docs/scale.md).

    Example:

        darkfleet detect -w ws --case dprk-russia-2023 --gap-model gfw
        darkfleet detect -w s3://bucket/ws --engine dask --workers 4
    """
    from dataclasses import replace

    from rich.console import Console

    from darkfleet.events import detect as run_detect
    from darkfleet.events import load_registry
    from darkfleet.screening import workspace_screening_reasons

    config = config_for(ctx, workspace)
    settings = config.detect if not gap_model else replace(
        config.detect, gap=replace(config.detect.gap, model=gap_model))
    registry = load_registry(ports_file, config.detect.ports.radius_m)
    if case is not None:
        from darkfleet.events.case_routes import with_case_routes
        from darkfleet.evidence import load_case

        settings = with_case_routes(settings, load_case(case).watched_routes, registry, case)
    console = Console(stderr=True)
    on = engine_for(config, engine, workers, scheduler)
    with _open(config.workspace) as ws:
        if on.distributed:
            from darkfleet.scale import detect_on

            with steps("detecting on dask", None) as advance:
                summary = detect_on(on, ws, settings, registry, workspace_screening_reasons(ws),
                                    advance)
        else:
            days = len(ws.days("positions")) if ws.has_table("positions") else None
            with steps("detecting", days) as advance:
                summary = run_detect(ws, settings, registry, workspace_screening_reasons(ws),
                                     progress=advance)
    counts = ", ".join(f"{n} {kind}" for kind, n in summary.events.items()) or "no events"
    console.print(f"{summary.positions:,} track points of {summary.vessels:,} vessels over "
                  f"{summary.days} days: {counts}; {summary.voyages} voyages "
                  f"({summary.watched_voyages} watched)")
    with _open(config.workspace) as ws:
        if ws.has_table("detection_rows"):  # imagery findings follow the new events
            from darkfleet.cli.detections_cmd import rematch

            rematch(ws, config, ports_file)


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {k: iso_utc(v) if isinstance(v, datetime) else v for k, v in row.items()}


def _emit(rows: list[dict[str, Any]], fmt: str) -> None:
    plain = [_plain(r) for r in rows]
    if fmt == "csv":
        write_csv(plain)
    else:
        write_jsonl(plain)


@click.command()
@workspace_option
@click.option("--type", "types", multiple=True, help="Only events of this type (repeatable).")
@filter_options()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "geojson"]),
              default="jsonl", show_default=True)
@click.pass_context
def events(ctx: click.Context, /, workspace: Path, fmt: str, **options: Any) -> None:
    """Print the detected events (see docs/events.md for their definitions).

    As GeoJSON, an AIS gap is a LineString from the last fix before it to the first after it,
    and every other event a Point.

    Example:

        darkfleet events -w ws --type ais_gap --name angara --format geojson
    """
    from darkfleet.events.query import read_table
    from darkfleet.export.layers import event_features
    from darkfleet.export.text_formats import write_geojson

    with _open(config_for(ctx, workspace).workspace) as ws:
        if fmt == "geojson":
            write_geojson(event_features(ws, build_filters(**options)), sys.stdout)
            return
        rows = read_table(ws, "events", build_filters(**options))
    _emit(rows, fmt)


@click.command()
@workspace_option
@filter_options()
@click.option("--watched", is_flag=True, help="Only voyages touching a watched port group.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True)
@click.pass_context
def voyages(ctx: click.Context, /, workspace: Path, fmt: str, **options: Any) -> None:
    """Print the voyages between port calls, with their risk and its reasons.

    Example:

        darkfleet voyages -w ws --watched --name "maia 1" --format csv
    """
    from darkfleet.events.query import read_table

    with _open(config_for(ctx, workspace).workspace) as ws:
        rows = read_table(ws, "voyages", build_filters(**options))
    _emit(rows, fmt)


@click.command()
@workspace_option
@filter_options(port=False)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True)
@click.pass_context
def vessels(ctx: click.Context, /, workspace: Path, fmt: str, **options: Any) -> None:
    """Print the vessels seen: identity, flag, names used and when they were seen.

    Example:

        darkfleet vessels -w ws --name Ангара
    """
    from darkfleet.events.query import read_table

    with _open(config_for(ctx, workspace).workspace) as ws:
        rows = read_table(ws, "vessels", build_filters(**options))
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
@click.option("--imagery", is_flag=True, help="Also write simulated satellite detections "
              "(detections.csv) and their truth (detections-truth.json).")
def simulate(scenario: str, out: Path, seed: int, days: float, background: int,
             imagery: bool) -> None:
    """Write a SIMULATED scenario as NMEA (tag-block timestamps) plus its ground truth.

    The scenario dprk-russia-2023 follows the public reporting on the DPRK-Russia munitions
    shuttle; only what the simulated coastal stations and satellites heard is written, every
    line marked with the tag-block source darkfleet-simulated (or darkfleet-simulated-sat). The
    scenario dprk-russia-oil sails tankers with refined products to Rajin, each cargo in the truth.

    Example:

        darkfleet simulate --scenario dprk-russia-2023 --out sim --seed 7
    """
    from darkfleet.simulate import Size
    from darkfleet.simulate import simulate as run_simulate

    if days <= 0 or background < 0:
        raise UsageError("--days must be positive and --background not negative")
    summary = run_simulate(scenario, out, seed, Size(days=days, background=background))
    if imagery:
        from darkfleet.simulate import generate
        from darkfleet.simulate.imagery import write_imagery

        size = Size(days=days, background=background)
        summary.update(write_imagery(generate(scenario, seed, size), out))
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
@click.option("--imagery-truth", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A detections-truth.json (`simulate --imagery`): also score dark "
                   "detections and attribution.")
@click.pass_context
def evaluate(ctx: click.Context, workspace: Path, truth: Path, tolerance_h: float,
             fmt: str, imagery_truth: Path | None) -> None:
    """Score the detected events and voyages against a truth file: precision and recall.

    Example:

        darkfleet evaluate --truth sim/truth.json -w ws --format json
    """
    from darkfleet.simulate import evaluate_workspace, load_truth

    planted = load_truth(truth)
    config = config_for(ctx, workspace)
    with _open(config.workspace) as ws:
        scores = evaluate_workspace(planted, ws, tolerance_h)
        if imagery_truth is not None:
            from darkfleet.simulate.imagery_scoring import workspace_detection_scores

            scores += workspace_detection_scores(imagery_truth, ws)
        cargo = _cargo_coverage(planted, ws, config)
    rows: list[dict[str, Any]]
    rows = [{"kind": s.kind, "truth": s.truth, "detected": s.detected, "matched": s.matched,
             "precision": round(s.precision, 4), "recall": round(s.recall, 4),
             "unmatched_truth": [_plain(r) for r in s.unmatched_truth],
             "unmatched_detected": [_plain(r) for r in s.unmatched_detected]} for s in scores]
    if fmt == "json":
        sys.stdout.write(json.dumps({"scores": rows, **cargo}, default=str) + "\n")
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
    if cargo:
        from darkfleet.trade.text import coverage_lines

        for line in coverage_lines(cargo["cargo"]):
            click.echo(line)


def _cargo_coverage(truth: dict[str, Any], ws: Any, config: Any) -> dict[str, Any]:
    """`{"cargo": coverage}` when the truth holds cargoes (the oil scenario), else empty."""
    if not truth.get("cargoes"):
        return {}
    from darkfleet.trade.workspace_inputs import workspace_coverage

    return {"cargo": workspace_coverage(truth, ws, config.estimation).to_dict()}


COMMANDS: list[click.Command] = [detect, events, voyages, vessels, simulate, evaluate]
