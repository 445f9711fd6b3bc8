"""Port records for listing and export: the registry as plain records or GeoJSON, filtered.

A port record (DESIGN.md): `locode`, `name`, `country`, `lat`, `lon`, `radius_m`, `group` (the
port's first group, or null) and `source` (the package or curated file it came from); listed
`near` a position, each also has `distance_km` and the records come nearest first.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from darkfleet.events.ports import PortArea, PortRegistry
from darkfleet.tracks.geo import haversine_m


def port_record(area: PortArea) -> dict[str, Any]:
    """The record of one port area."""
    return {"locode": area.locode, "name": area.name, "country": area.country or None,
            "lat": area.lat, "lon": area.lon, "radius_m": area.radius_m,
            "group": area.groups[0] if area.groups else None, "source": area.source or None}


def port_records(registry: PortRegistry, near: tuple[float, float] | None = None,
                 group: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """The registry's port records: of `group` only when given; nearest `near` first (with
    `distance_km`) when given, else by UN/LOCODE; at most `limit`."""
    areas = [a for a in registry.areas if group is None or group in a.groups]
    records = [port_record(a) for a in areas]
    if near is not None and records:
        lat = np.array([a.lat for a in areas])
        lon = np.array([a.lon for a in areas])
        km = haversine_m(lat, lon, near[0], near[1]) / 1000
        for record, distance in zip(records, km, strict=True):
            record["distance_km"] = round(float(distance), 2)
        records.sort(key=lambda r: (r["distance_km"], r["locode"]))
    else:
        records.sort(key=lambda r: str(r["locode"]))
    return records if limit is None else records[:limit]


def ports_geojson(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Port records as a GeoJSON FeatureCollection of points (readable back with `--ports`)."""
    features = [{"type": "Feature", "geometry": {"type": "Point",
                                                 "coordinates": [r["lon"], r["lat"]]},
                 "properties": {**{k: v for k, v in r.items() if k not in ("lat", "lon")},
                                "groups": [r["group"]] if r["group"] else []}}
                for r in records]
    return {"type": "FeatureCollection", "features": features}
