"""`darkfleet detections`: imagery detections in (load), matched to AIS (match), and listed."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from darkfleet.cli._common import config_for, workspace_option, write_csv, write_jsonl
from darkfleet.cli._engine import engine_for, engine_options
from darkfleet.config import Config

_PORTS = click.option("--ports", "ports_file", type=click.Path(dir_okay=False, path_type=Path),
                      help="A GeoJSON FeatureCollection of port areas that add to or override "
                           "the built-in registry.")


def _map(ctx: click.Context, param: click.Parameter, value: str | None) -> dict[str, str] | None:
    from darkfleet.imagery.layouts import parse_map

    if value is None:
        return None
    try:
        return parse_map(value)
    except ValueError as error:
        raise click.BadParameter(str(error), ctx, param) from error


@click.group("detections", invoke_without_command=True)
@workspace_option
@click.option("--dark", is_flag=True, help="Only dark detections (no AIS match).")
@click.option("--port", help="Only detections inside this port area (UN/LOCODE).")
@click.option("--mmsi", type=int, help="Only detections matched to this vessel or listing it "
              "as a candidate.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "geojson"]),
              default="jsonl", show_default=True)
@click.pass_context
def detections(ctx: click.Context, workspace: Path, dark: bool, port: str | None,
               mmsi: int | None, fmt: str) -> None:
    """Print the imagery detections with their AIS match, or load and match them.

    Each record: detection_id, ts, lat, lon, length_m, source, score, matched_mmsi,
    match_distance_m, match_score, dark, candidates (docs/imagery.md).

    Example:

        darkfleet detections -w ws --dark --port KPNJN --format geojson
    """
    if ctx.invoked_subcommand is not None:
        return
    from darkfleet.imagery.query import detections_geojson, read_detections
    from darkfleet.store import Workspace
    from darkfleet.timefmt import iso_utc

    with Workspace.open(config_for(ctx, workspace).workspace) as ws:
        rows = read_detections(ws, dark=dark, port=port, mmsi=mmsi)
    rows = [{**r, "ts": iso_utc(r["ts"])} for r in rows]
    if fmt == "geojson":
        sys.stdout.write(json.dumps(detections_geojson(rows), ensure_ascii=False) + "\n")
    elif fmt == "csv":
        write_csv(rows)
    else:
        write_jsonl(rows)


@detections.command("load")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@workspace_option
@click.option("--source", type=click.Choice(["sar", "optical", "viirs", "rf"]),
              help="The sensor, for rows that do not say.")
@click.option("--map", "mapping", callback=_map, metavar="FIELD=COLUMN,...",
              help="Name the columns, e.g. ts=acquired,lat=y_deg,lon=x_deg (fields: ts, lat, "
                   "lon, detection_id, length_m, width_m, heading_deg, speed_kn, source, score, "
                   "scene_id, image_url).")
@click.option("--strict", is_flag=True, help="Stop at the first bad row (exit 1).")
@_PORTS
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Report format: a line per file, or JSON Lines.")
@engine_options
@click.pass_context
def load(ctx: click.Context, paths: tuple[Path, ...], workspace: Path, source: str | None,
         mapping: dict[str, str] | None, strict: bool, ports_file: Path | None,
         fmt: str, engine: str | None, workers: int | None, scheduler: str | None) -> None:
    """Load vessel detections (CSV, GeoJSON, Parquet) and match them against the AIS.

    Layouts: darkfleet's columns, Global Fishing Watch's SAR detections, or any columns named
    by synonyms of ts, lat and lon (or by --map). Bad rows are quarantined with a reason and
    counted; loading a file again adds nothing. Then every detection in the workspace is
    matched (see `darkfleet detections match`). With --engine dask the files are parsed on a
    Dask cluster, with the same results.

    Example:

        darkfleet detections load sar-2023-08.csv -w ws --source sar
        darkfleet detections load sar/*.parquet -w ws --engine dask --workers 4
    """
    from darkfleet.imagery import load_detections
    from darkfleet.store import Workspace

    config = config_for(ctx, workspace)
    on = engine_for(config, engine, workers, scheduler)
    with Workspace.open(config.workspace, create=True) as ws:
        if on.distributed:
            from darkfleet.scale import load_on

            reports = load_on(on, paths, ws, source=source, mapping=mapping, strict=strict)
        else:
            reports = load_detections(paths, ws, source=source, mapping=mapping,
                                      strict=strict)
        if fmt == "json":
            write_jsonl(report.to_json() for report in reports)
        else:
            for report in reports:
                click.echo(_text(report.to_json()))
        rematch(ws, config, ports_file)


@detections.command("match")
@workspace_option
@_PORTS
@click.pass_context
def match(ctx: click.Context, workspace: Path, ports_file: Path | None) -> None:
    """Match the loaded detections against the AIS again (after new AIS or `darkfleet detect`).

    Writes the Detection records, dark_port_presence events, seen_by on AIS gaps and voyage
    reasons; prints a summary on stderr.

    Example:

        darkfleet detections match -w ws
    """
    from darkfleet.store import Workspace

    config = config_for(ctx, workspace)
    with Workspace.open(config.workspace) as ws:
        rematch(ws, config, ports_file)


def rematch(ws: Any, config: Config, ports_file: Path | None) -> None:
    """Match the workspace's detections and print the summary on stderr."""
    from rich.console import Console

    from darkfleet.cli._progress import busy
    from darkfleet.events import load_registry
    from darkfleet.imagery import match_workspace

    console = Console(stderr=True)
    registry = load_registry(ports_file, config.detect.ports.radius_m)
    with busy("matching detections against AIS"):
        s = match_workspace(ws, config.imagery, registry, config.detect.ports.watched_groups)
    console.print(f"{s.detections:,} detections: {s.matched:,} matched to AIS, {s.dark:,} dark "
                  f"({s.with_candidates:,} with candidates); {s.dark_port_presence} "
                  f"dark_port_presence, {s.gaps_seen} AIS gaps seen by imagery")


def _text(report: dict[str, Any]) -> str:
    if report.get("already_loaded"):
        return f"{report['path']}: already loaded, nothing added"
    reasons = ", ".join(f"{n} {r}" for r, n in report["quarantined_by_reason"].items())
    span = f"{report['first_ts']} .. {report['last_ts']}" if report["first_ts"] else "no times"
    return (f"{report['path']}: {report['format']} ({report['layout']}), {report['rows']} rows, "
            f"{report['loaded']} loaded, {report['quarantined']} quarantined"
            + (f" ({reasons})" if reasons else "") + f"; {span}")


COMMANDS: list[click.Command] = [detections]
