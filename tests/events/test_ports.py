import json

import polars as pl
import pytest

from darkfleet.errors import InputError
from darkfleet.events.port_index import PortIndex
from darkfleet.events.ports import builtin_registry, load_registry


def test_builtin_groups_of_the_flagship_case():
    registry = builtin_registry()
    assert registry.group("dprk")[:3] == ("KPNJN", "KPCHO", "KPNAM")
    assert set(registry.group("russia-far-east")) >= {
        "RUVYP", "RUVVO", "RUNJK", "RUPSE", "RUZAR", "RUDUN"}
    assert registry.get("KPNJN").radius_m == 3000.0


def _write(tmp_path, features):
    path = tmp_path / "ports.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def test_geojson_point_and_polygon_areas(tmp_path):
    ring = [[131.0, 41.0], [131.2, 41.0], [131.2, 41.2], [131.0, 41.2], [131.0, 41.0]]
    path = _write(tmp_path, [
        {"type": "Feature", "properties": {"locode": "XXPOL", "name": "Box"},
         "geometry": {"type": "Polygon", "coordinates": [ring]}},
        {"type": "Feature", "properties": {"locode": "KPNJN", "radius_m": 500},
         "geometry": {"type": "Point", "coordinates": [130.303, 42.243]}}])
    registry = load_registry(path)
    assert registry.get("KPNJN").radius_m == 500 and registry.get("KPNJN").groups == ("dprk",)
    points = pl.DataFrame({"lat": [41.1, 41.3, 42.243, 42.253],
                           "lon": [131.1, 131.1, 130.303, 130.303]})
    annotated = PortIndex(registry, 10_000).annotate(points)
    assert annotated.get_column("port").to_list() == ["XXPOL", None, "KPNJN", None]
    # 0.1 degree of latitude north of the box's top edge: 11.1 km
    assert annotated.get_column("port_dist_m")[1] == pytest.approx(11_119.5, abs=1)
    assert annotated.get_column("port_dist_m")[3] == pytest.approx(612, abs=5)


@pytest.mark.parametrize(("document", "message"), [
    ({"type": "Feature"}, "port areas must be a GeoJSON FeatureCollection"),
    ({"type": "FeatureCollection", "features": [
        {"properties": {}, "geometry": {"type": "Point", "coordinates": [0, 0]}}]},
     "feature 0: properties.locode is missing"),
    ({"type": "FeatureCollection", "features": [
        {"properties": {"locode": "XXAAA"},
         "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [0, 0]]]}}]},
     "feature 0: bad geometry: a polygon ring needs at least 4 positions"),
    ({"type": "FeatureCollection", "features": [
        {"properties": {"locode": "XXAAA"},
         "geometry": {"type": "Point", "coordinates": [200, 0]}}]},
     "feature 0: bad geometry: position [200.0, 0.0] out of range"),
])
def test_bad_geojson_names_file_and_feature(tmp_path, document, message):
    path = tmp_path / "bad.geojson"
    path.write_text(json.dumps(document))
    with pytest.raises(InputError) as error:
        load_registry(path)
    assert str(error.value) == f"{path}: {message}"
