"""`export_layer`: one layer of the workspace to a file an analyst's tool opens.

Formats: `geojson` (QGIS, GeoPandas, web maps), `kml` (Google Earth, with its time slider),
`geoparquet` (GeoPandas, QGIS, DuckDB; needs the `geo` extra) and `csv` (geometry as WKT).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from darkfleet.errors import UsageError
from darkfleet.events.ports import PortRegistry
from darkfleet.events.query import Filters
from darkfleet.export.geometry import Feature
from darkfleet.export.layers import read_layer
from darkfleet.store.workspace import Workspace

FORMATS = ("geojson", "kml", "geoparquet", "csv")
STDOUT = Path("-")


def export_layer(workspace: Workspace | None, what: str, fmt: str, out: Path,
                 filters: Filters | None = None, registry: PortRegistry | None = None) -> int:
    """Write layer `what` (see `LAYERS`) as `fmt` to `out` (`-`: stdout, text formats only);
    returns how many features were written.

    Raises:
        UsageError: an unknown layer or format, or GeoParquet asked on stdout.
        MissingExtraError: GeoParquet without the `geo` extra.
        StoreError: the workspace lacks the layer's tables.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "geoparquet":
        from darkfleet.export.geoframe import check_installed

        check_installed()
        if out == STDOUT:
            raise UsageError("GeoParquet is binary: give --out a file name")
    features = read_layer(workspace, what, filters or Filters(), registry)
    write_features(features, what, fmt, out)
    return len(features)


def write_features(features: Sequence[Feature], what: str, fmt: str, out: Path) -> None:
    """Write features of layer `what` as `fmt` to `out` (`-`: stdout)."""
    from darkfleet.export.geoframe import write_geoparquet
    from darkfleet.export.kml import write_kml
    from darkfleet.export.text_formats import write_csv, write_geojson

    if fmt == "geoparquet":
        write_geoparquet(features, out)
    elif fmt == "kml":
        if out == STDOUT:
            write_kml(features, what, sys.stdout.buffer)
        else:
            with out.open("wb") as stream:
                write_kml(features, what, stream)
    else:
        writer = write_geojson if fmt == "geojson" else write_csv
        if out == STDOUT:
            writer(features, sys.stdout)
        else:
            with out.open("w", encoding="utf-8", newline="") as text:
                writer(features, text)
