"""darkfleet imagery stage: vessel detections from satellite imagery, fused with AIS.

Library API: `load_detections(paths, workspace)` reads CSV, GeoJSON or Parquet detections into a
workspace; `match_workspace(workspace, settings, registry, watched_groups)` matches them to AIS
and stores the Detection records and findings; `fuse(detections, positions, lengths, settings)`
is the pure core on frames; `read_detections` lists them back. Names are imported on first use.
"""

from __future__ import annotations

from darkfleet._lazy import lazy_exports

_EXPORTS = {
    "ImagerySettings": "settings", "LAYOUTS": "layouts", "Layout": "layouts",
    "recognise": "layouts", "parse_map": "layouts", "LoadReport": "load",
    "load_detections": "load", "fuse": "fusion", "RESULT_SCHEMA": "fusion",
    "match": "matching", "MatchSummary": "workspace_fusion",
    "match_workspace": "workspace_fusion", "read_detections": "query",
    "detections_geojson": "query", "DETECTIONS": "rows", "cited_detections": "citations",
}
__all__ = sorted(_EXPORTS)

__getattr__ = lazy_exports(__name__, _EXPORTS)
