import json
from collections import Counter

import polars as pl
import pytest

from darkfleet.errors import InputError
from darkfleet.events.port_index import PortIndex
from darkfleet.events.port_list import port_records, ports_geojson
from darkfleet.events.ports import (
    CURATED_SOURCE,
    WORLD_SOURCE,
    PortArea,
    PortRegistry,
    builtin_registry,
    load_registry,
    read_geojson,
    world_ports,
)
from darkfleet.tracks.geo import haversine_m


def test_builtin_groups_of_the_flagship_case():
    registry = builtin_registry()
    assert set(registry.group("dprk")) >= {"KPNJN", "KPCHO", "KPNAM"}
    assert set(registry.group("russia-far-east")) >= {
        "RUVYP", "RUVVO", "RUNJK", "RUPSE", "RUZAR", "RUDUN"}
    assert registry.get("KPNJN").radius_m == 3000.0


# Charted harbour positions (World Port Index, NGA Pub. 150): Najin 42°14'N 130°18'E,
# Vostochny (Wrangel Bay) 42°44'N 133°04'E.
CHARTED = {"KPNJN": (42.2333, 130.3000), "RUVYP": (42.7333, 133.0667)}


def test_the_world_registry_is_searoutes_ports_with_curated_overrides():
    registry = builtin_registry()
    sources = Counter(a.source for a in registry.areas)
    assert len(registry) == 3927
    assert sources == {WORLD_SOURCE: 3864, CURATED_SOURCE: 63}
    assert all(len(a.locode) == 5 and a.country == a.locode[:2] for a in registry.areas)
    for code, (lat, lon) in CHARTED.items():
        area = registry.get(code)
        assert area.source == CURATED_SOURCE
        assert haversine_m(area.lat, area.lon, lat, lon) < 5_000
        world = next(a for a in world_ports() if a.locode == code)
        assert haversine_m(world.lat, world.lon, lat, lon) < 5_000
    assert registry.get("ALDRZ") == PortArea("ALDRZ", "Durres", 41.318731, 19.448813, 3000.0,
                                             country="AL", source=WORLD_SOURCE)


def test_port_records_near_a_position_and_of_a_group():
    registry = builtin_registry()
    near = port_records(registry, near=(42.24, 130.30), limit=3)
    assert [(r["locode"], r["group"], r["distance_km"]) for r in near] == [
        ("KPNJN", "dprk", 0.42), ("RUPSE", "russia-far-east", 61.33),
        ("KPCHO", "dprk", 66.62)]
    assert near[0] | {"distance_km": None} == {
        "locode": "KPNJN", "name": "Rajin (Najin)", "country": "KP", "lat": 42.243,
        "lon": 130.303, "radius_m": 3000.0, "group": "dprk", "source": CURATED_SOURCE,
        "distance_km": None}
    dprk = port_records(registry, group="dprk")
    assert [r["locode"] for r in dprk] == ["KPCHO", "KPHGM", "KPNAM", "KPNJN", "KPSON", "KPWON"]


def test_ports_geojson_reads_back_as_port_areas(tmp_path):
    records = port_records(builtin_registry(), group="dprk")
    path = _write(tmp_path, ports_geojson(records)["features"])
    areas = read_geojson(path, PortRegistry(()), 1000.0)
    assert [(a.locode, a.groups, a.radius_m, a.source) for a in areas][:2] == [
        ("KPCHO", ("dprk",), 3000.0, "ports.geojson"), ("KPHGM", ("dprk",), 3000.0,
                                                          "ports.geojson")]


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


def test_the_ports_command_lists_the_world_registry():
    from click.testing import CliRunner

    from darkfleet.cli import cli

    runner = CliRunner()
    listed = runner.invoke(cli, ["ports", "--format", "jsonl"])
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert listed.exit_code == 0 and len(rows) == 3927
    assert {r["locode"] for r in rows} >= {"KPNJN", "RUVYP", "RUDUN", "ALDRZ"}
    near = runner.invoke(cli, ["ports", "--near", "42.74,133.06", "--limit", "1"])
    assert json.loads(near.output)["locode"] == "RUVYP"
    bad = runner.invoke(cli, ["ports", "--near", "north"])
    assert bad.exit_code == 2 and "--near takes LAT,LON" in bad.output
