"""Features from the workspace's rows: the pure builders of every exported layer.

- tracks: one LineString per track segment of a vessel, through its fixes in time order;
- voyages: one LineString per voyage, through the vessel's fixes from departure to arrival
  (a dark stretch is the straight jump between the fixes around it);
- events: an `ais_gap` is a LineString from the last fix before the gap to the first fix after it
  (an open gap, with no fix after, is a Point at the last fix); every other event, port calls and
  encounters among them, is a Point at the event's position;
- detections and ports: Points.

Lines are split at the antimeridian (see `geometry`). Attributes are the row's columns, less the
ones the geometry carries (`lat`, `lon`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from darkfleet.export.geometry import Coordinate, Feature, line, point

GAP = "ais_gap"


def _attributes(row: Mapping[str, Any], drop: Iterable[str] = ()) -> dict[str, Any]:
    dropped = {"lat", "lon", *drop}
    return {k: v for k, v in row.items() if k not in dropped}


def track_feature(row: Mapping[str, Any]) -> Feature:
    """A track segment from a row with `lons` and `lats` (its fixes in time order)."""
    return Feature(line(row["lons"], row["lats"]), _attributes(row, ("lons", "lats")))


def voyage_feature(row: Mapping[str, Any]) -> Feature:
    """A voyage from its row plus `lons` and `lats` (the fixes from departure to arrival)."""
    return track_feature(row)


def event_feature(row: Mapping[str, Any], before: Coordinate | None = None,
                  after: Coordinate | None = None) -> Feature:
    """An event; `before` and `after` are a gap's fixes around it as (lon, lat)."""
    attributes = _attributes(row)
    if row["type"] == GAP and before is not None and after is not None:
        return Feature(line([before[0], after[0]], [before[1], after[1]]), attributes)
    if row["type"] == GAP and before is not None:
        return Feature(point(*before), attributes)
    return point_feature(row)


def point_feature(row: Mapping[str, Any]) -> Feature:
    """A record with `lat` and `lon` (None: no geometry) as a Point."""
    if row.get("lat") is None or row.get("lon") is None:
        return Feature(None, _attributes(row))
    return Feature(point(row["lon"], row["lat"]), _attributes(row))
