"""`darkfleet ports`: the port registry in force (built-in world ports and curated overrides)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from darkfleet.cli._common import config_for, write_jsonl
from darkfleet.errors import UsageError


def _position(text: str | None) -> tuple[float, float] | None:
    if text is None:
        return None
    try:
        lat, lon = (float(x) for x in text.split(","))
    except ValueError:
        raise UsageError("--near takes LAT,LON (degrees, such as 42.24,130.30)") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise UsageError(f"--near {text}: latitude or longitude out of range")
    return lat, lon


@click.command()
@click.option("--near", help="List nearest this position first (LAT,LON in degrees).")
@click.option("--group", help="Only the ports of this group (such as dprk, russia-far-east).")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many ports.")
@click.option("--ports", "ports_file", type=click.Path(dir_okay=False, path_type=Path),
              help="A GeoJSON FeatureCollection of port areas over the built-in registry.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "geojson"]), default="jsonl",
              show_default=True)
@click.pass_context
def ports(ctx: click.Context, near: str | None, group: str | None, limit: int | None,
          ports_file: Path | None, fmt: str) -> None:
    """List the port registry: UN/LOCODE, name, country, position, radius, group, source.

    Example:

        darkfleet ports --near 42.24,130.30 --limit 5
    """
    from darkfleet.events import load_registry
    from darkfleet.events.port_list import port_records, ports_geojson

    registry = load_registry(ports_file, config_for(ctx).detect.ports.radius_m)
    records = port_records(registry, _position(near), group, limit)
    if fmt == "geojson":
        click.echo(json.dumps(ports_geojson(records), ensure_ascii=False))
    else:
        write_jsonl(records)


COMMANDS: list[click.Command] = [ports]
