"""darkfleet export stage: tracks, voyages, events, detections and ports for GIS and notebooks.

Library API: `export_layer(workspace, what, fmt, out, filters)` writes GeoJSON, KML, GeoParquet
or CSV; `read_layer` gives the `Feature`s (geometry and attributes) and `to_geodataframe` a
GeoDataFrame of them. Geometries are built in plain Python (`darkfleet.export.geometry`), so
only GeoParquet and GeoDataFrames need the `geo` extra. Names are imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from darkfleet._lazy import lazy_exports

if TYPE_CHECKING:
    from darkfleet.export.frames import frame as frame
    from darkfleet.export.geoframe import to_geodataframe as to_geodataframe
    from darkfleet.export.geometry import Feature as Feature
    from darkfleet.export.geometry import Geometry as Geometry
    from darkfleet.export.geometry import split_antimeridian as split_antimeridian
    from darkfleet.export.layers import LAYERS as LAYERS
    from darkfleet.export.layers import read_layer as read_layer
    from darkfleet.export.text_formats import feature_collection as feature_collection
    from darkfleet.export.write import FORMATS as FORMATS
    from darkfleet.export.write import export_layer as export_layer
    from darkfleet.export.write import write_features as write_features

_EXPORTS = {
    "Feature": "geometry", "Geometry": "geometry", "split_antimeridian": "geometry",
    "LAYERS": "layers", "read_layer": "layers", "FORMATS": "write", "export_layer": "write",
    "write_features": "write", "to_geodataframe": "geoframe", "feature_collection": "text_formats",
    "frame": "frames",
}
__all__ = sorted(_EXPORTS)

if not TYPE_CHECKING:
    __getattr__ = lazy_exports(__name__, _EXPORTS)
