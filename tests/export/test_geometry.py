"""The pure geometry builders: lines, points, the antimeridian split, GeoJSON and WKT."""

from datetime import UTC, datetime

from darkfleet.export.features import event_feature, track_feature
from darkfleet.export.geometry import line, point, split_antimeridian


def test_a_line_crossing_the_antimeridian_is_split_on_the_meridian():
    fixes = [(179.0, 10.0), (-179.0, 12.0), (-178.0, 12.0)]
    assert split_antimeridian(fixes) == (
        ((179.0, 10.0), (180.0, 11.0)), ((-180.0, 11.0), (-179.0, 12.0), (-178.0, 12.0)))
    westward = [(-179.5, 0.0), (179.5, 1.0)]
    assert split_antimeridian(westward) == (((-179.5, 0.0), (-180.0, 0.5)),
                                           ((180.0, 0.5), (179.5, 1.0)))
    assert split_antimeridian([(10.0, 0.0), (20.0, 0.0)]) == (((10.0, 0.0), (20.0, 0.0)),)


def test_line_geojson_and_wkt():
    geometry = line([179.0, -179.0], [10.0, 12.0])
    assert geometry is not None
    assert geometry.geojson() == {"type": "MultiLineString", "coordinates": [
        [[179.0, 10.0], [180.0, 11.0]], [[-180.0, 11.0], [-179.0, 12.0]]]}
    assert geometry.wkt() == (
        "MULTILINESTRING ((179.0 10.0, 180.0 11.0), (-180.0 11.0, -179.0 12.0))")
    simple = line([1.1234567, 2.0, 2.0], [3.0, 4.0, 4.0])  # a repeated fix is dropped
    assert simple is not None and simple.wkt() == "LINESTRING (1.123457 3.0, 2.0 4.0)"
    assert line([5.0, 5.0], [6.0, 6.0]) == point(5.0, 6.0)  # a vessel that never moved
    assert line([], []) is None


def test_a_gap_is_the_jump_from_the_fix_before_to_the_fix_after():
    row = {"id": "g", "type": "ais_gap", "mmsi": 1, "lat": 42.51, "lon": 131.55,
           "start": datetime(2023, 8, 1, 5, tzinfo=UTC), "details": {"open": False}}
    feature = event_feature(row, (131.3, 42.5), (131.8, 42.52))
    assert feature.geometry is not None
    assert feature.geometry.geojson() == {"type": "LineString",
                                          "coordinates": [[131.3, 42.5], [131.8, 42.52]]}
    assert "lat" not in feature.properties and feature.properties["details"] == {"open": False}
    open_gap = event_feature(row, (131.3, 42.5), None)
    assert open_gap.geometry == point(131.3, 42.5)
    call = event_feature({**row, "type": "port_call"}, (0.0, 0.0), (1.0, 1.0))
    assert call.geometry == point(131.55, 42.51)


def test_track_feature_keeps_its_attributes():
    feature = track_feature({"mmsi": 7, "segment": 2, "lons": [1.0, 2.0], "lats": [0.0, 0.5]})
    assert feature.properties == {"mmsi": 7, "segment": 2}
    assert feature.geometry is not None and feature.geometry.kind == "LineString"
