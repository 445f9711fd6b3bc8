"""darkfleet imagery stage: vessel detections from satellite imagery, fused with AIS.

Library API: `load_detections(paths, workspace)` reads CSV, GeoJSON or Parquet detections into a
workspace; `match_workspace(workspace, settings, registry, watched_groups)` matches them to AIS
and stores the Detection records and findings; `fuse(detections, positions, lengths, settings)`
is the pure core on frames; `read_detections` lists them back. Names are imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from darkfleet._lazy import lazy_exports

if TYPE_CHECKING:
    from darkfleet.imagery.citations import cited_detections as cited_detections
    from darkfleet.imagery.fusion import RESULT_SCHEMA as RESULT_SCHEMA
    from darkfleet.imagery.fusion import fuse as fuse
    from darkfleet.imagery.layouts import LAYOUTS as LAYOUTS
    from darkfleet.imagery.layouts import Layout as Layout
    from darkfleet.imagery.layouts import parse_map as parse_map
    from darkfleet.imagery.layouts import recognise as recognise
    from darkfleet.imagery.load import LoadReport as LoadReport
    from darkfleet.imagery.load import load_detections as load_detections
    from darkfleet.imagery.matching import match as match
    from darkfleet.imagery.query import detections_geojson as detections_geojson
    from darkfleet.imagery.query import read_detections as read_detections
    from darkfleet.imagery.rows import DETECTIONS as DETECTIONS
    from darkfleet.imagery.settings import ImagerySettings as ImagerySettings
    from darkfleet.imagery.workspace_fusion import MatchSummary as MatchSummary
    from darkfleet.imagery.workspace_fusion import match_workspace as match_workspace

_EXPORTS = {
    "ImagerySettings": "settings", "LAYOUTS": "layouts", "Layout": "layouts",
    "recognise": "layouts", "parse_map": "layouts", "LoadReport": "load",
    "load_detections": "load", "fuse": "fusion", "RESULT_SCHEMA": "fusion",
    "match": "matching", "MatchSummary": "workspace_fusion",
    "match_workspace": "workspace_fusion", "read_detections": "query",
    "detections_geojson": "query", "DETECTIONS": "rows", "cited_detections": "citations",
}
__all__ = sorted(_EXPORTS)

if not TYPE_CHECKING:
    __getattr__ = lazy_exports(__name__, _EXPORTS)
