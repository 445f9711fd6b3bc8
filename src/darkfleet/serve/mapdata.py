"""The map's features as one GeoJSON FeatureCollection, read from a workspace snapshot.

Each feature has a `kind`: `land` (the packaged Natural Earth coastlines, clipped to the data's
box: the base map, no tile server), `port` (watched port areas), `track` (a vessel's track
segment, thinned to at most `points_per_vessel` fixes), `gap` (a straight dashed jump from the
last fix before an AIS gap to the first after it), and one Point per other event (`port_call`,
`encounter`, `loitering`, `dark_port_presence` for an imagery detection no AIS matched, ...).
Properties carry what a click shows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from darkfleet.events.ports import PortRegistry
from darkfleet.events.records import event_from_row
from darkfleet.report.coastlines import BBox, land_in
from darkfleet.store import Workspace
from darkfleet.timefmt import iso_utc
from darkfleet.tracks.query import events_with_ends, segment_lines

Feature = dict[str, Any]

#: Degrees added around the data's box for the base map.
PAD_DEG = 6.0


Vessels = list[int] | None  # the vessels to show (None: all)


def tracks(ws: Workspace, mmsis: Vessels, since: datetime | None, until: datetime | None,
           points_per_vessel: int) -> list[Feature]:
    """One LineString per vessel track segment, thinned evenly."""
    rows = segment_lines(ws, mmsis, since, until, points_per_vessel)
    return [_feature("LineString", [[round(x, 5), round(y, 5)] for x, y in row["line"]],
                     kind="track", mmsi=row["mmsi"], segment=row["segment"],
                     first_ts=iso_utc(row["first_ts"]), last_ts=iso_utc(row["last_ts"]))
            for row in rows]


def events(ws: Workspace, mmsis: Vessels, since: datetime | None,
           until: datetime | None) -> list[Feature]:
    """Gaps as dashed jumps (from track points), other events as points."""
    out = []
    for index, row in enumerate(events_with_ends(ws, mmsis, since, until)):
        event = event_from_row(row, index)
        props = {"kind": event.type, "id": event.id, "mmsi": event.mmsi,
                 "other_mmsi": event.other_mmsi, "start": iso_utc(event.start),
                 "end": iso_utc(event.end), "duration_h": row["duration_h"],
                 "port": event.port, "details": dict(event.details)}
        if event.type == "ais_gap" and row.get("a") and row.get("b"):
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
