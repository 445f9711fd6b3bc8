"""darkfleet export stage: tracks, voyages, events, detections and ports for GIS and notebooks.

Library API: `export_layer(workspace, what, fmt, out, filters)` writes GeoJSON, KML, GeoParquet
or CSV; `read_layer` gives the `Feature`s (geometry and attributes) and `to_geodataframe` a
GeoDataFrame of them. Geometries are built in plain Python (`darkfleet.export.geometry`), so
only GeoParquet and GeoDataFrames need the `geo` extra. Names are imported on first use.
"""

from __future__ import annotations

from darkfleet._lazy import lazy_exports

_EXPORTS = {
    "Feature": "geometry", "Geometry": "geometry", "split_antimeridian": "geometry",
    "LAYERS": "layers", "read_layer": "layers", "FORMATS": "write", "export_layer": "write",
    "write_features": "write", "to_geodataframe": "geoframe", "feature_collection": "text_formats",
    "frame": "frames",
}
__all__ = sorted(_EXPORTS)

__getattr__ = lazy_exports(__name__, _EXPORTS)
