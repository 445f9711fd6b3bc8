"""Recognising the columns of a detections file: named layouts, synonyms and `--map`.

A layout maps darkfleet's detection fields to a file's columns. Files in a named layout
(darkfleet's own, Global Fishing Watch's public SAR detections, GFW's Sentinel-1 tables) are
recognised by their columns; any other file whose columns include a synonym of each required
field (`ts`, `lat`, `lon`) is read by synonyms; a `--map FIELD=COLUMN,...` names the columns
outright. Column names compare case-insensitively. Pure functions; no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from darkfleet.errors import InputError

REQUIRED = ("ts", "lat", "lon")
OPTIONAL = ("detection_id", "length_m", "width_m", "heading_deg", "speed_kn", "source", "score",
            "scene_id", "image_url")
FIELDS = REQUIRED + OPTIONAL

#: Named layouts: field -> column. A file is in a layout when it has all of its columns.
LAYOUTS: dict[str, dict[str, str]] = {
    "darkfleet": {"ts": "ts", "lat": "lat", "lon": "lon", "detection_id": "detection_id"},
    "gfw-sar": {"ts": "timestamp", "lat": "lat", "lon": "lon", "length_m": "length_m",
                "score": "presence_score"},
    "gfw-sentinel1": {"ts": "detect_timestamp", "lat": "detect_lat", "lon": "detect_lon",
                      "detection_id": "detect_id", "scene_id": "scene_id"},
}
LAYOUT_NOTES = {
    "darkfleet": "darkfleet's own columns (the field names)",
    "gfw-sar": "Global Fishing Watch public SAR vessel detections",
    "gfw-sentinel1": "Global Fishing Watch Sentinel-1 detection tables",
}

#: Synonyms of every field, most specific first.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "ts": ("ts", "timestamp", "detect_timestamp", "time", "datetime", "date_time",
           "acquisition_time", "acq_time", "image_time"),
    "lat": ("lat", "latitude", "detect_lat", "y"),
    "lon": ("lon", "longitude", "detect_lon", "lng", "long", "x"),
    "detection_id": ("detection_id", "detect_id", "id", "event_id"),
    "length_m": ("length_m", "inferred_length_m", "vessel_length_m", "length", "est_length_m"),
    "width_m": ("width_m", "vessel_width_m", "width"),
    "heading_deg": ("heading_deg", "heading", "orientation_deg", "orientation"),
    "speed_kn": ("speed_kn", "speed", "sog"),
    "source": ("source", "sensor"),
    "score": ("score", "presence_score", "inferred_presence", "presence", "confidence"),
    "scene_id": ("scene_id", "scene", "image_id", "product_id"),
    "image_url": ("image_url", "url", "preview_url", "chip_url"),
}
MAP_EXAMPLE = "--map ts=acquired,lat=y_deg,lon=x_deg,length_m=len"


@dataclass(frozen=True, slots=True)
class Layout:
    """How to read one file: its layout's name and field -> column (as spelled in the file)."""

    name: str
    columns: Mapping[str, str]


def recognise(columns: Sequence[str], mapping: Mapping[str, str] | None = None,
              path: str | None = None) -> Layout:
    """The layout of a file with these columns; `mapping` (from `--map`) wins over synonyms.

    Raises:
        InputError: a mapped column is missing, or no layout gives `ts`, `lat` and `lon`; the
            message lists the recognised layouts and a `--map` example.
    """
    spelled = {c.strip().lower(): c for c in columns}
    if mapping:
        missing = [c for c in mapping.values() if c.strip().lower() not in spelled]
        if missing:
            raise InputError(f"--map names columns the file lacks: {', '.join(missing)}",
                             path=path)
    found = {field: spelled[col.lower()] for field, col in (mapping or {}).items()}
    name = "map" if mapping else "synonyms"
    for layout, wanted in LAYOUTS.items():
        if not mapping and all(col in spelled for col in wanted.values()):
            name = layout
            break
    for field, names in SYNONYMS.items():
        if field not in found:
            hit = next((spelled[n] for n in names if n in spelled), None)
            if hit is not None:
                found[field] = hit
    if not all(field in found for field in REQUIRED):
        raise InputError(unrecognised_message(columns), path=path)
    return Layout(name, found)


def unrecognised_message(columns: Sequence[str]) -> str:
    """The error for a file no layout reads: its columns, the layouts, a `--map` example."""
    known = "; ".join(f"{name} ({LAYOUT_NOTES[name]}: {', '.join(cols.values())})"
                      for name, cols in LAYOUTS.items())
    shown = ", ".join(list(columns)[:12]) or "none"
    return (f"unrecognised detections layout (columns: {shown}); recognised layouts: {known}; "
            f"or any columns named by synonyms of ts, lat and lon; or name them, e.g. "
            f"{MAP_EXAMPLE}")


def parse_map(text: str) -> dict[str, str]:
    """`FIELD=COLUMN,...` as a dict.

    Raises:
        ValueError: a malformed pair or an unknown field.
    """
    mapping: dict[str, str] = {}
    for pair in text.split(","):
        field, sep, column = pair.partition("=")
        field, column = field.strip(), column.strip()
        if not sep or not field or not column:
            raise ValueError(f"expected FIELD=COLUMN, got {pair!r}")
        if field not in FIELDS:
            raise ValueError(f"unknown field {field!r} (fields: {', '.join(FIELDS)})")
        mapping[field] = column
    return mapping
