"""GeoJSON and CSV writers of features (standard library only).

GeoJSON follows RFC 7946: a FeatureCollection in WGS 84 longitude/latitude, times as ISO 8601
with `Z`, nested attributes (`details`, `reasons`) kept as JSON objects and arrays. CSV has one
row per feature, the attributes as columns (nested ones as JSON text) and the geometry as
well-known text in the last column `wkt`, which QGIS's delimited-text layer reads.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any, TextIO

from darkfleet.export.geometry import Feature
from darkfleet.timefmt import iso_utc


def plain(value: Any) -> Any:
    """A property value as JSON has it: times as ISO 8601 with `Z`, tuples as lists."""
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def flat(value: Any) -> Any:
    """A property value as one cell: nested values as JSON text."""
    value = plain(value)
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value


def feature_collection(features: Sequence[Feature]) -> dict[str, Any]:
    """The GeoJSON FeatureCollection of the features (ids from the `id` attribute)."""
    out = []
    for feature in features:
        item: dict[str, Any] = {"type": "Feature"}
        if "id" in feature.properties:
            item["id"] = feature.properties["id"]
        item["geometry"] = None if feature.geometry is None else feature.geometry.geojson()
        item["properties"] = plain(feature.properties)
        out.append(item)
    return {"type": "FeatureCollection", "features": out}


def write_geojson(features: Sequence[Feature], stream: TextIO) -> None:
    json.dump(feature_collection(features), stream, ensure_ascii=False)
    stream.write("\n")


def write_csv(features: Sequence[Feature], stream: TextIO) -> None:
    columns: dict[str, None] = {}
    for feature in features:
        columns.update(dict.fromkeys(feature.properties))
    writer = csv.DictWriter(stream, fieldnames=[*columns, "wkt"], lineterminator="\n")
    writer.writeheader()
    for feature in features:
        row = {k: flat(v) for k, v in feature.properties.items()}
        row["wkt"] = "" if feature.geometry is None else feature.geometry.wkt()
        writer.writerow(row)
