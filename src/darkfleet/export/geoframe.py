"""Features as a GeoPandas GeoDataFrame, and GeoParquet through GeoPandas (the `geo` extra).

GeoParquet files carry the `geo` metadata of the GeoParquet 1.x specification (primary column
`geometry`, WKB encoding, CRS WGS 84 as `EPSG:4326`), which QGIS, GDAL and GeoPandas read.
Nested attributes (`details`) are JSON text; lists (`reasons`) stay lists; times stay times (UTC).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from darkfleet.export.geometry import Feature
from darkfleet.extras import require

CRS = "EPSG:4326"


def _geopandas() -> Any:
    require("geo")
    import geopandas
    import shapely

    return geopandas, shapely


def check_installed() -> None:
    """Raises `MissingExtraError` when the `geo` extra is not installed."""
    _geopandas()


def to_geodataframe(features: Sequence[Feature]) -> Any:
    """A GeoDataFrame (CRS WGS 84) with one row per feature and its attributes as columns."""
    geopandas, shapely = _geopandas()
    import pandas as pd
    import pyarrow as pa

    geometries = [None if f.geometry is None else shapely.geometry.shape(f.geometry.geojson())
                  for f in features]
    keys = list(dict.fromkeys(k for f in features for k in f.properties))
    table = pa.Table.from_pylist(
        [{k: _cell(f.properties.get(k)) for k in keys} for f in features])
    # integers with gaps stay integers (pandas would make them floats)
    data = table.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
    return geopandas.GeoDataFrame(data, geometry=geopandas.GeoSeries(geometries, crs=CRS),
                                  crs=CRS)


def _cell(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False, default=str) if isinstance(value, dict) else value


def write_geoparquet(features: Sequence[Feature], path: Path) -> None:
    """Write GeoParquet (WKB geometry, `geo` metadata) to `path`."""
    to_geodataframe(features).to_parquet(path, index=False)
