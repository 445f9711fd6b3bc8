"""Reading a layer to export from the workspace: rows through the shared filters, then features.

Layers: `tracks`, `events`, `voyages` and `vessels` (after `darkfleet detect`), `detections`
(after `darkfleet detections load`) and `ports` (the port registry, no workspace needed).
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from darkfleet.errors import StoreError, UsageError
from darkfleet.events.ports import PortRegistry
from darkfleet.events.query import Filters, has_detected, query_table, read_table, selection_clauses
from darkfleet.export.features import GAP, event_feature, point_feature, track_feature
from darkfleet.export.geometry import Feature
from darkfleet.store.workspace import Workspace
from darkfleet.tracks.query import gap_ends, segment_rows, voyage_fixes

LAYERS = ("tracks", "events", "voyages", "detections", "ports")

def read_layer(workspace: Workspace | None, what: str, filters: Filters,
               registry: PortRegistry | None = None) -> list[Feature]:
    """The features of layer `what`, filtered.

    Raises:
        UsageError: an unknown layer, or a workspace layer asked without a workspace.
        StoreError: the workspace lacks what the layer is made of (names the command to run).
    """
    if what == "ports":
        if registry is None:
            raise UsageError("the ports layer needs a port registry")
        return port_features(registry, filters)
    if what not in LAYERS:
        raise UsageError(f"unknown layer {what!r}; choose one of {', '.join(LAYERS)}")
    if workspace is None:
        raise UsageError(f"the {what} layer needs a workspace")
    reader = {"tracks": track_features, "events": event_features,
              "voyages": voyage_features, "detections": detection_features}[what]
    return reader(workspace, filters)


def track_features(workspace: Workspace, filters: Filters) -> list[Feature]:
    """One feature per track segment; `since`/`until` clip the fixes, `area` keeps segments
    with a fix inside it."""
    _require_detected(workspace)
    clauses, params = selection_clauses(workspace, "track_points", filters)
    more, more_params = point_clauses(filters, "t.mmsi", "t.", with_area=False)
    clauses = [c.replace("mmsi IN", "t.mmsi IN") for c in clauses] + more
    rows = segment_rows(workspace, clauses, params + more_params, _box(filters))
    return [track_feature(row) for row in rows]


def voyage_features(workspace: Workspace, filters: Filters) -> list[Feature]:
    """One LineString per voyage through its fixes from departure to arrival."""
    rows = query_table(workspace, "voyages", filters).to_pylist()
    if not rows:
        return []
    fixes = voyage_fixes(workspace, [row["id"] for row in rows])
    features = []
    for row in rows:
        lons, lats = fixes.get(row["id"], ([], []))
        features.append(track_feature({**row, "lons": lons, "lats": lats}))
    return features


def event_features(workspace: Workspace, filters: Filters) -> list[Feature]:
    """Events as Points, gaps as LineStrings from the fix before to the fix after."""
    rows = read_table(workspace, "events", filters)
    gap_ids = [row["id"] for row in rows if row["type"] == GAP]
    ends: dict[str, tuple[Any, ...]] = {}
    if gap_ids and workspace.has_table("track_points"):
        ends = gap_ends(workspace, gap_ids)
    features = []
    for row in rows:
        b_lon, b_lat, a_lon, a_lat = ends.get(row["id"], (None, None, None, None))
        before = None if b_lon is None else (b_lon, b_lat)
        after = None if a_lon is None else (a_lon, a_lat)
        features.append(event_feature(row, before, after))
    return features


def detection_features(workspace: Workspace, filters: Filters) -> list[Feature]:
    """Imagery detections as Points, filtered by time, box and matched MMSI."""
    if not workspace.has_table("detections"):
        raise StoreError("the workspace has no detections (run `darkfleet detections load` "
                         "first)", path=workspace.path)
    rows = [row for row in workspace.read("detections").to_pylist()
            if _within(filters, row, row["matched_mmsi"])]
    return [point_feature(row) for row in sorted(rows, key=lambda row: row["ts"])]


def port_features(registry: PortRegistry, filters: Filters) -> list[Feature]:
    """The registry's ports as Points (a polygon area keeps its centre and radius)."""
    features = []
    for area in registry.areas:
        if filters.port and area.locode != filters.port:
            continue
        if filters.area is not None and not (
                filters.area[0] <= area.lat <= filters.area[2]
                and filters.area[1] <= area.lon <= filters.area[3]):
            continue
        row = {f.name: getattr(area, f.name) for f in fields(area) if f.name != "rings"}
        row["groups"] = list(row.get("groups") or ())
        features.append(point_feature(row))
    return features


def point_clauses(filters: Filters, mmsi_column: str = "mmsi", prefix: str = "",
                  *, with_area: bool = True) -> tuple[list[str], list[Any]]:
    """SQL conditions of the MMSI, time and (optionally) box filters on timed positions."""
    clauses: list[str] = []
    params: list[Any] = []
    for value, condition in ((filters.mmsi, f"{mmsi_column} = ?"),
                             (filters.since, f"{prefix}ts >= ?"),
                             (filters.until, f"{prefix}ts <= ?")):
        if value is not None:
            clauses.append(condition)
            params.append(value)
    if with_area and filters.area is not None:
        clauses.append(f"{prefix}lat BETWEEN ? AND ? AND {prefix}lon BETWEEN ? AND ?")
        params += _box(filters)
    return clauses, params


def _within(filters: Filters, row: dict[str, Any], mmsi: int | None) -> bool:
    """Whether a timed position meets the MMSI, time and box filters (`point_clauses`)."""
    ts = row["ts"]
    box = filters.area
    return ((filters.mmsi is None or mmsi == filters.mmsi)
            and (filters.since is None or (ts is not None and ts >= filters.since))
            and (filters.until is None or (ts is not None and ts <= filters.until))
            and (box is None or (row["lat"] is not None and row["lon"] is not None
                                 and box[0] <= row["lat"] <= box[2]
                                 and box[1] <= row["lon"] <= box[3])))


def _box(filters: Filters) -> list[float]:
    """The area filter as (min lat, max lat, min lon, max lon) parameters, or none."""
    if filters.area is None:
        return []
    min_lat, min_lon, max_lat, max_lon = filters.area
    return [min_lat, max_lat, min_lon, max_lon]


def _require_detected(workspace: Workspace) -> None:
    if not has_detected(workspace) or not workspace.has_table("track_points"):
        raise StoreError("no tracks yet (run `darkfleet detect` first)", path=workspace.path)
