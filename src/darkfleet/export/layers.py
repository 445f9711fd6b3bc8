"""Reading a layer to export from the workspace: rows through the shared filters, then features.

Layers: `tracks`, `events`, `voyages` and `vessels` (after `darkfleet detect`), `detections`
(after `darkfleet detections load`) and `ports` (the port registry, no workspace needed).
"""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

import pyarrow as pa

from darkfleet.errors import StoreError, UsageError
from darkfleet.events.ports import PortRegistry
from darkfleet.events.query import Filters, has_detected, query_table
from darkfleet.events.selection import selection_clauses
from darkfleet.export.features import GAP, event_feature, point_feature, track_feature
from darkfleet.export.geometry import Feature
from darkfleet.store.workspace import Workspace

LAYERS = ("tracks", "events", "voyages", "detections", "ports")

_TRACKS = """
SELECT t.mmsi, t.segment, any_value(v.imo) AS imo, any_value(v.name) AS name,
       min(t.ts) AS start, max(t.ts) AS "end", count(*) AS points,
       list(t.lon ORDER BY t.ts) AS lons, list(t.lat ORDER BY t.ts) AS lats
FROM {{track_points}} t LEFT JOIN {{vessels}} v ON v.mmsi = t.mmsi{where}
GROUP BY t.mmsi, t.segment{having}
ORDER BY t.mmsi, t.segment
"""

_VOYAGE_FIXES = """
SELECT v.id, list(p.lon ORDER BY p.ts) AS lons, list(p.lat ORDER BY p.ts) AS lats
FROM {voyages} v JOIN {track_points} p
  ON p.mmsi = v.mmsi AND p.ts BETWEEN v.depart AND v.arrive
WHERE list_contains(?, v.id) GROUP BY v.id
"""

_GAP_ENDS = """
SELECT e.id, any_value(b.lon), any_value(b.lat), any_value(a.lon), any_value(a.lat)
FROM {events} e
LEFT JOIN {track_points} b ON b.mmsi = e.mmsi AND b.ts = e.start
LEFT JOIN {track_points} a ON a.mmsi = e.mmsi AND a.ts = e."end"
WHERE e.type = 'ais_gap' AND list_contains(?, e.id) GROUP BY e.id
"""


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
    having = ""
    if filters.area is not None:
        having = "\nHAVING bool_or(t.lat BETWEEN ? AND ? AND t.lon BETWEEN ? AND ?)"
    params += more_params + _box(filters)
    where = "\nWHERE " + " AND ".join(clauses) if clauses else ""
    rows = workspace.query(_TRACKS.format(where=where, having=having), params).to_pylist()
    return [track_feature(row) for row in rows]


def voyage_features(workspace: Workspace, filters: Filters) -> list[Feature]:
    """One LineString per voyage through its fixes from departure to arrival."""
    rows = query_table(workspace, "voyages", filters).to_pylist()
    if not rows:
        return []
    fixes = {r[0]: (r[1], r[2]) for r in _rows(
        workspace.query(_VOYAGE_FIXES, [[row["id"] for row in rows]]))}
    features = []
    for row in rows:
        lons, lats = fixes.get(row["id"], ([], []))
        features.append(track_feature({**row, "lons": lons, "lats": lats}))
    return features


def event_features(workspace: Workspace, filters: Filters) -> list[Feature]:
    """Events as Points, gaps as LineStrings from the fix before to the fix after."""
    rows = _with_details(query_table(workspace, "events", filters).to_pylist())
    gap_ids = [row["id"] for row in rows if row["type"] == GAP]
    ends: dict[str, tuple[Any, ...]] = {}
    if gap_ids and workspace.has_table("track_points"):
        ends = {r[0]: r[1:] for r in _rows(workspace.query(_GAP_ENDS, [gap_ids]))}
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
    clauses, params = point_clauses(filters, "matched_mmsi")
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    rows = workspace.query("SELECT * FROM {detections}" + where + " ORDER BY ts",
                           params).to_pylist()
    return [point_feature(row) for row in rows]


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


def _box(filters: Filters) -> list[float]:
    """The area filter as (min lat, max lat, min lon, max lon) parameters, or none."""
    if filters.area is None:
        return []
    min_lat, min_lon, max_lat, max_lon = filters.area
    return [min_lat, max_lat, min_lon, max_lon]


def _require_detected(workspace: Workspace) -> None:
    if not has_detected(workspace) or not workspace.has_table("track_points"):
        raise StoreError("no tracks yet (run `darkfleet detect` first)", path=workspace.path)


def _rows(table: pa.Table) -> list[tuple[Any, ...]]:
    return list(zip(*(column.to_pylist() for column in table.columns), strict=True))


def _with_details(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for row in rows:
        if isinstance(row.get("details"), str):
            row["details"] = json.loads(row["details"])
    return rows
