"""The map's features as one GeoJSON FeatureCollection, read from a workspace snapshot.

Each feature has a `kind`: `land` (the packaged Natural Earth coastlines, clipped to the data's
box: the base map, no tile server), `port` (watched port areas), `track` (a vessel's track
segment, thinned to at most `points_per_vessel` fixes), `gap` (a straight dashed jump from the
last fix before an AIS gap to the first after it), and one Point per other event (`port_call`,
`encounter`, `loitering`, `dark_port_presence` for an imagery detection no AIS matched, ...).
Properties carry what a click shows.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from darkfleet.events.ports import PortRegistry
from darkfleet.report.coastlines import BBox, land_in
from darkfleet.store import Workspace
from darkfleet.timefmt import iso_utc

Feature = dict[str, Any]

#: Degrees added around the data's box for the base map.
PAD_DEG = 6.0


Vessels = list[int] | None  # the vessels to show (None: all)


def _where(mmsis: Vessels, since: datetime | None, until: datetime | None,
           start: str, end: str, column: str = "mmsi") -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if mmsis is not None:  # imagery detections no AIS matched (no MMSI) are always shown
        clauses.append(f"({column} IN (SELECT unnest(?::BIGINT[])) OR {column} IS NULL)")
        params.append(mmsis)
    if since is not None:
        clauses.append(f"{end} >= ?")
        params.append(since)
    if until is not None:
        clauses.append(f"{start} <= ?")
        params.append(until)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def tracks(ws: Workspace, mmsis: Vessels, since: datetime | None, until: datetime | None,
           points_per_vessel: int) -> list[Feature]:
    """One LineString per vessel track segment, thinned evenly."""
    where, params = _where(mmsis, since, until, "ts", "ts")
    sql = ("SELECT mmsi, segment, list([lon, lat] ORDER BY ts) AS line, min(ts) AS first_ts, "
           "max(ts) AS last_ts FROM (SELECT *, row_number() OVER (PARTITION BY mmsi ORDER BY "
           "ts) AS n, count(*) OVER (PARTITION BY mmsi) AS total FROM {track_points}"
           f"{where}) WHERE (n - 1) % greatest(1, ceil(total / ?)::BIGINT) = 0 OR n = total "
           "GROUP BY mmsi, segment HAVING count(*) > 1 ORDER BY mmsi, segment")
    rows = ws.query(sql, [*params, points_per_vessel]).to_pylist()
    return [_feature("LineString", [[round(x, 5), round(y, 5)] for x, y in row["line"]],
                     kind="track", mmsi=row["mmsi"], segment=row["segment"],
                     first_ts=iso_utc(row["first_ts"]), last_ts=iso_utc(row["last_ts"]))
            for row in rows]


def events(ws: Workspace, mmsis: Vessels, since: datetime | None,
           until: datetime | None) -> list[Feature]:
    """Gaps as dashed jumps (from track points), other events as points."""
    where, params = _where(mmsis, since, until, "e.start", 'e."end"', "e.mmsi")
    jump = ""
    if ws.has_table("track_points"):
        jump = (", (SELECT [p.lon, p.lat] FROM {track_points} p WHERE p.mmsi = e.mmsi AND "
                "p.ts = e.start LIMIT 1) AS a, (SELECT [p.lon, p.lat] FROM {track_points} p "
                'WHERE p.mmsi = e.mmsi AND p.ts = e."end" LIMIT 1) AS b')
    rows = ws.query(f"SELECT e.*{jump} FROM {{events}} e{where} ORDER BY e.start",
                    params).to_pylist()
    out = []
    for row in rows:
        props = {"kind": row["type"], "id": row["id"], "mmsi": row["mmsi"],
                 "other_mmsi": row["other_mmsi"], "start": iso_utc(row["start"]),
                 "end": iso_utc(row["end"]), "duration_h": row["duration_h"],
                 "port": row["port"], "details": json.loads(row["details"] or "{}")}
        if row["type"] == "ais_gap" and row.get("a") and row.get("b"):
            out.append(_feature("LineString", [_pair(row["a"]), _pair(row["b"])],
                                **{**props, "kind": "gap"}))
        elif row["lat"] is not None:
            out.append(_feature("Point", [round(row["lon"], 5), round(row["lat"], 5)], **props))
    return out


def ports(registry: PortRegistry, groups: tuple[str, ...]) -> list[Feature]:
    """The port areas of the watched groups, as points with their radius."""
    return [_feature("Point", [area.lon, area.lat], kind="port", locode=area.locode,
                     name=area.name, radius_m=area.radius_m, groups=list(area.groups))
            for area in registry.areas if set(area.groups) & set(groups)]


def land(features: list[Feature]) -> list[Feature]:
    """The packaged land polygons around `features` (the base map)."""
    box = extent(features)
    if box is None:
        return []
    coast = land_in(box)
    return [_feature("Polygon", [[list(p) for p in ring]], kind="land", source=coast.dataset)
            for ring in coast.rings]


def extent(features: list[Feature]) -> BBox | None:
    """The padded box around the features' coordinates (None when there are none)."""
    xs: list[float] = []
    ys: list[float] = []
    for feature in features:
        coords = feature["geometry"]["coordinates"]
        points = coords if feature["geometry"]["type"] == "LineString" else [coords]
        xs += [p[0] for p in points]
        ys += [p[1] for p in points]
    if not xs:
        return None
    return BBox(max(-180.0, min(xs) - PAD_DEG), max(-90.0, min(ys) - PAD_DEG),
                min(180.0, max(xs) + PAD_DEG), min(90.0, max(ys) + PAD_DEG))


def _pair(point: list[float]) -> list[float]:
    return [round(point[0], 5), round(point[1], 5)]


def _feature(geometry: str, coordinates: Any, **properties: Any) -> Feature:
    return {"type": "Feature", "geometry": {"type": geometry, "coordinates": coordinates},
            "properties": properties}
