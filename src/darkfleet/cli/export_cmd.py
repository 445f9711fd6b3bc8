"""`darkfleet export`: a layer of the workspace for QGIS, Google Earth or a notebook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from darkfleet.cli._common import config_for, workspace_option
from darkfleet.cli._filters import build_filters, filter_options
from darkfleet.cli._progress import busy

LAYERS = ("tracks", "events", "voyages", "detections", "ports")
FORMATS = ("geojson", "kml", "geoparquet", "csv")


@click.command("export")
@workspace_option
@click.option("--what", type=click.Choice(LAYERS), required=True, help="The layer to export.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="geojson (QGIS, web maps), kml (Google Earth), geoparquet (GeoPandas, "
                   "QGIS; needs darkfleet[geo]) or csv (geometry as WKT).")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write ('-': stdout, except for geoparquet).")
@click.option("--type", "types", multiple=True, help="Only events of this type (repeatable).")
@filter_options()
@click.option("--watched", is_flag=True, help="Only voyages touching a watched port group.")
@click.option("--ports", "ports_file", type=click.Path(dir_okay=False, path_type=Path),
              help="A GeoJSON FeatureCollection of port areas added to the built-in registry.")
@click.pass_context
def export(ctx: click.Context, /, workspace: Path, what: str, fmt: str, out: Path,
           ports_file: Path | None, **options: Any) -> None:
    """Export tracks, events, voyages, detections or ports as GeoJSON, KML, GeoParquet or CSV.

    Tracks and voyages are LineStrings (split at the antimeridian), AIS gaps LineStrings from
    the last fix before to the first fix after, port calls, encounters and the other events
    Points, all with their attributes; KML has a style per event type and time spans for
    Google Earth's time slider. Prints how many features it wrote on stderr.

    Example:

        darkfleet export -w ws --what voyages --watched --format kml --out voyages.kml
    """
    from darkfleet.events import load_registry
    from darkfleet.export import export_layer
    from darkfleet.store import Workspace

    config = config_for(ctx, workspace)
    filters = build_filters(**options)
    with busy(f"exporting {what}"):
        if what == "ports":
            registry = load_registry(ports_file, config.detect.ports.radius_m)
            count = export_layer(None, what, fmt, out, filters, registry)
        else:
            with Workspace.open(config.workspace) as ws:
                count = export_layer(ws, what, fmt, out, filters)
    click.echo(f"{count} {what} written to {out}", err=True)


COMMANDS: list[click.Command] = [export]
