"""Reading detections files: CSV, GeoJSON and Parquet, as columns and raw rows (I/O adapters).

Every reader yields `RawRow`s: where the row is (`line`: the CSV line, the GeoJSON feature's
1-based number or the Parquet row's), its values by column, the raw text kept in quarantine, and
a reason when the row is unreadable as such (a GeoJSON feature that is not a Point).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from darkfleet.errors import InputError

RAW_MAX = 1_000
FORMATS = ("csv", "geojson", "parquet")


@dataclass(frozen=True, slots=True)
class RawRow:
    line: int
    values: dict[str, Any]
    text: str
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class DetectionsFile:
    """An opened detections file: its format, columns and rows (read lazily)."""

    path: Path
    format: str
    columns: list[str]
    rows: Iterator[RawRow] = field(repr=False)


def open_detections(path: Path) -> DetectionsFile:
    """Open a detections file, its format told by the suffix or, failing that, the content.

    Raises:
        InputError: the file cannot be read, or is not CSV, GeoJSON or Parquet.
    """
    fmt = _format(path)
    try:
        if fmt == "parquet":
            return _parquet(path)
        if fmt == "geojson":
            return _geojson(path)
        return _csv(path)
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read detections: {error}", path=path) from error


def _format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        return "parquet"
    if suffix in (".geojson", ".json"):
        return "geojson"
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    try:
        with path.open("rb") as stream:
            head = stream.read(4)
    except OSError as error:
        raise InputError(f"cannot read detections: {error}", path=path) from error
    return "parquet" if head == b"PAR1" else "geojson" if head[:1] == b"{" else "csv"


def _csv(path: Path) -> DetectionsFile:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        first = stream.readline()
    delimiter = max(",;\t|", key=first.count)
    header = next(csv.reader([first], delimiter=delimiter), [])

    def rows() -> Iterator[RawRow]:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            reader = csv.reader(stream, delimiter=delimiter)
            try:
                next(reader, None)
                for values in reader:
                    if not any(v.strip() for v in values):
                        continue
                    text = delimiter.join(values)[:RAW_MAX]
                    reason = None if len(values) == len(header) else "wrong_field_count"
                    yield RawRow(reader.line_num, dict(zip(header, values, strict=False)),
                                 text, reason)
            except (csv.Error, UnicodeDecodeError) as error:
                raise InputError(f"not a readable CSV: {error}", path=path,
                                 line=reader.line_num) from error

    return DetectionsFile(path, "csv", header, rows())


def _geojson(path: Path) -> DetectionsFile:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise InputError(f"not valid GeoJSON: {error}", path=path) from error
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(
            data.get("features"), list):
        raise InputError("detections GeoJSON must be a FeatureCollection with features",
                         path=path)
    features = data["features"]
    columns: dict[str, None] = {}
    for feature in features[:1000]:
        props = feature.get("properties") if isinstance(feature, dict) else None
        columns.update(dict.fromkeys(props if isinstance(props, dict) else {}))
    columns.update({"lat": None, "lon": None})
    return DetectionsFile(path, "geojson", list(columns), _features(features))


def _features(features: list[Any]) -> Iterator[RawRow]:
    for index, feature in enumerate(features, start=1):
        text = json.dumps(feature, default=str)[:RAW_MAX]
        if not isinstance(feature, dict):
            yield RawRow(index, {}, text, "bad_feature")
            continue
        props = feature.get("properties") or {}
        if not isinstance(props, dict):
            yield RawRow(index, {}, text, "bad_feature")
            continue
        values = dict(props)
        geometry = feature.get("geometry") or {}
        coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
        point = (isinstance(geometry, dict) and geometry.get("type") == "Point"
                 and isinstance(coords, list) and len(coords) >= 2)
        if not point:
            yield RawRow(index, values, text, "bad_geometry")
            continue
        assert isinstance(coords, list)
        values["lon"], values["lat"] = coords[0], coords[1]
        yield RawRow(index, values, text)


def _parquet(path: Path) -> DetectionsFile:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as error:
        raise InputError(f"not a readable Parquet file: {error}", path=path) from error

    def rows() -> Iterator[RawRow]:
        line = 0
        for batch in parquet.iter_batches(batch_size=65_536):
            for values in batch.to_pylist():
                line += 1
                yield RawRow(line, values, json.dumps(values, default=str)[:RAW_MAX])

    return DetectionsFile(path, "parquet", list(parquet.schema_arrow.names), rows())
