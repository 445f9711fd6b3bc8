"""The imagery stage's reads of the workspace (all its SQL): the Detection records back (for
`darkfleet detections`), drawn as GeoJSON too, and the AIS that matching needs."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pyarrow as pa

from darkfleet.errors import StoreError
from darkfleet.store.workspace import Workspace

#: The table of matched detections (the Detection records).
RESULTS = "detections"
_POSITIONS = ("SELECT mmsi, ts, lat, lon, CAST(speed_kn AS DOUBLE) AS speed_kn, "
              "CAST(course_deg AS DOUBLE) AS course_deg FROM {positions} "
              "WHERE kind = 'vessel' AND lat IS NOT NULL AND lon IS NOT NULL AND ts IS NOT NULL "
              "AND ts BETWEEN ? AND ?")
_LENGTHS = ("SELECT mmsi, arg_max(to_bow_m + to_stern_m, ts) AS length_m FROM {static_reports} "
            "WHERE to_bow_m > 0 AND to_stern_m > 0 GROUP BY mmsi")

#: The Detection record's fields, in DESIGN.md's order, then the extras darkfleet keeps.
FIELDS = ("detection_id", "ts", "lat", "lon", "length_m", "source", "score", "matched_mmsi",
          "match_distance_m", "match_score", "dark", "candidates", "match_time_min", "width_m",
          "heading_deg", "speed_kn", "scene_id", "image_url", "port")


def read_detections(workspace: Workspace, dark: bool = False, port: str | None = None,
                    mmsi: int | None = None) -> list[dict[str, Any]]:
    """Detection records by time, optionally only dark ones, those in one port area, or those
    matched to (or listing as a candidate) one vessel.

    Raises:
        StoreError: no detections were loaded and matched in this workspace.
    """
    if not workspace.has_table(RESULTS):
        raise StoreError("no detections yet (run `darkfleet detections load`)",
                         path=workspace.path)
    clauses, params = [], []
    if dark:
        clauses.append("dark")
    if port:
        clauses.append("port = ?")
        params.append(port)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    cols = ", ".join(f'"{c}"' for c in FIELDS)
    sql = f"SELECT {cols} FROM {{{RESULTS}}}{where} ORDER BY ts, detection_id"
    rows: list[dict[str, Any]] = workspace.query(sql, params).to_pylist()
    for row in rows:
        row["candidates"] = json.loads(row["candidates"])
    if mmsi is not None:
        rows = [r for r in rows if r["matched_mmsi"] == mmsi
                or any(c["mmsi"] == mmsi for c in r["candidates"])]
    return rows


def vessel_positions(workspace: Workspace, low: datetime, high: datetime) -> pa.Table:
    """Vessel positions (mmsi, ts, lat, lon, speed_kn, course_deg) timed from `low` to `high`.

    Raises:
        StoreError: there are no positions, or they are unreadable.
    """
    return workspace.query(_POSITIONS, [low, high])


def ais_lengths(workspace: Workspace) -> dict[int, float]:
    """Per MMSI, the length (bow + stern) of its latest static report that gives one."""
    rows = workspace.query(_LENGTHS).to_pylist()
    return {int(r["mmsi"]): float(r["length_m"]) for r in rows if r["length_m"] is not None}


def detections_geojson(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """A FeatureCollection of detections; `properties.status` is `matched`, `dark` or
    `unmatched` (no AIS match, score below the dark threshold) for the map to tell apart."""
    features = []
    for row in rows:
        props = {k: v for k, v in row.items() if k not in ("lat", "lon")}
        props["status"] = ("matched" if row["matched_mmsi"] is not None
                           else "dark" if row["dark"] else "unmatched")
        features.append({"type": "Feature", "id": row["detection_id"], "properties": props,
                         "geometry": {"type": "Point",
                                      "coordinates": [round(row["lon"], 6), round(row["lat"], 6)]}})
    return {"type": "FeatureCollection", "features": features}
