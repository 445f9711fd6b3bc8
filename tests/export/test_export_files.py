"""Each export opened with the reader an analyst would use, checked against the workspace.

GeoJSON and CSV through GDAL (pyogrio, as QGIS reads them) and GeoPandas, GeoParquet through
GeoPandas plus its `geo` metadata, KML through an XML parser against the elements the KML 2.2
schema requires (and through GDAL's KML driver, as QGIS opens it).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import geopandas
import pyarrow.parquet as pq
import pyogrio
import pytest
from click.testing import CliRunner
from export_builders import ANGARA, DUNAI, PACIFIC

from darkfleet.cli import cli
from darkfleet.store import Workspace

KML = "{http://www.opengis.net/kml/2.2}"


def _export(ws: Path, out: Path, *args: str) -> Path:
    result = CliRunner().invoke(cli, ["export", "-w", str(ws), "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    # no progress off a terminal: stderr holds the count only
    assert result.stderr.endswith(f" written to {out}\n") and result.stderr.count("\n") == 1
    return out


@pytest.fixture(scope="module")
def files(export_ws: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("exports")
    out = {}
    for what in ("tracks", "events", "voyages", "detections"):
        for fmt in ("geojson", "kml", "geoparquet", "csv"):
            out[f"{what}.{fmt}"] = _export(export_ws, folder / f"{what}.{fmt}",
                                           "--what", what, "--format", fmt)
    out["ports.geojson"] = _export(export_ws, folder / "ports.geojson", "--what", "ports",
                                   "--format", "geojson", "--area", "42,130,43.5,133")
    return out


def test_geojson_events_match_the_workspace(export_ws, files):
    frame = pyogrio.read_dataframe(files["events.geojson"])
    with Workspace.open(export_ws) as ws:
        events = ws.events().to_pylist()
    assert list(frame["id"]) == [e["id"] for e in events]
    kinds = dict(zip(frame["type"] + ":" + frame["mmsi"].astype(str), frame.geometry.geom_type,
                     strict=True))
    assert kinds == {f"port_call:{ANGARA}": "Point", "port_call:273999009": "Point",
                     f"ais_gap:{ANGARA}": "LineString", f"ais_gap:{PACIFIC}": "Point",
                     "encounter:273999003": "Point"}
    gap = frame[(frame["type"] == "ais_gap") & (frame["mmsi"] == ANGARA)].iloc[0]
    assert list(gap.geometry.coords) == [(131.3, 42.5), (131.8465, 42.551083)]
    assert (gap["start"].isoformat(), gap["end"].isoformat()) == (  # GDAL parses the times
        "2023-08-01T05:00:00+00:00", "2023-08-01T23:10:00+00:00")
    call = frame[frame["port"] == "RUDUN"].iloc[0]
    assert (call.geometry.x, call.geometry.y) == (DUNAI[1], DUNAI[0])
    raw = json.loads(files["events.geojson"].read_text())
    assert raw["features"][2]["properties"]["details"]["implied_speed_kn"] == 1.34


def test_geojson_tracks_and_voyages_are_lines(files):
    tracks = geopandas.read_file(files["tracks.geojson"])
    pacific = tracks[tracks["mmsi"] == PACIFIC].iloc[0]
    assert pacific.geometry.geom_type == "MultiLineString"  # split at the antimeridian
    west, east = pacific.geometry.geoms
    assert west.coords[-1] == (180.0, 50.0) and east.coords[0] == (-180.0, 50.0)
    assert (pacific["name"], pacific["points"]) == ("PACIFIC TRADER", 8)
    voyages = geopandas.read_file(files["voyages.geojson"])
    [voyage] = voyages.itertuples()
    assert voyage.geometry.geom_type == "LineString"
    assert (voyage.geometry.coords[0], voyage.geometry.coords[-1]) == (
        (130.303, 42.243), (DUNAI[1], DUNAI[0]))
    assert (voyage.name, voyage.origin, voyage.destination, voyage.dark_h) == (
        "ANGARA", "KPNJN", "RUDUN", 18.167)
    ports = geopandas.read_file(files["ports.geojson"])
    assert {"KPNJN", "RUDUN", "RUVVO"} <= set(ports["locode"])
    assert set(ports.geometry.geom_type) == {"Point"}


def test_geoparquet_has_valid_geo_metadata_and_the_rows(export_ws, files):
    geo = json.loads(pq.read_schema(files["voyages.geoparquet"]).metadata[b"geo"])
    assert geo["version"].startswith("1.") and geo["primary_column"] == "geometry"
    column = geo["columns"]["geometry"]
    assert (column["encoding"], column["geometry_types"]) == ("WKB", ["LineString"])
    assert column["crs"]["id"] == {"authority": "EPSG", "code": 4326}
    events = geopandas.read_parquet(files["events.geoparquet"])
    assert events.crs.to_epsg() == 4326
    with Workspace.open(export_ws) as ws:
        expected = ws.events().to_pylist()
    assert list(events["start"]) == [e["start"] for e in expected]
    assert list(events["other_mmsi"].astype(object).where(events["other_mmsi"].notna(), None)) \
        == [e["other_mmsi"] for e in expected]
    assert sorted(events.geometry.geom_type) == ["LineString"] + ["Point"] * 5
    detections = geopandas.read_parquet(files["detections.geoparquet"])
    assert list(detections["detection_id"]) == ["d1", "d2"]
    assert (detections.geometry.iloc[1].x, detections.geometry.iloc[1].y) == (DUNAI[1], DUNAI[0])


def test_csv_reads_in_gdal_with_wkt_geometry(files):
    frame = pyogrio.read_dataframe(files["voyages.csv"], GEOM_POSSIBLE_NAMES="wkt",
                                   KEEP_GEOM_COLUMNS="NO")
    assert frame.geometry.iloc[0].geom_type == "LineString"
    assert json.loads(frame["reasons"].iloc[0])[0] == "departed a DPRK port (KPNJN)"
    detections = pyogrio.read_dataframe(files["detections.csv"], GEOM_POSSIBLE_NAMES="wkt",
                                        KEEP_GEOM_COLUMNS="NO")
    assert [g.wkt for g in detections.geometry] == ["POINT (131.5 42.6)", "POINT (132.358 42.893)"]


def test_kml_has_the_required_elements_styles_and_time_spans(files):
    root = ET.parse(files["events.kml"]).getroot()
    assert root.tag == f"{KML}kml"
    document = root.find(f"{KML}Document")
    assert document is not None
    styles = {s.get("id") for s in document.findall(f"{KML}Style")}
    assert styles == {"port_call", "ais_gap", "encounter"}
    placemarks = document.findall(f".//{KML}Placemark")
    assert len(placemarks) == 6
    for placemark in placemarks:
        assert placemark.findtext(f"{KML}styleUrl")[1:] in styles
        assert placemark.find(f"{KML}TimeSpan/{KML}begin") is not None
        geometry = [c for c in placemark if c.tag in {f"{KML}Point", f"{KML}LineString"}]
        assert len(geometry) == 1
        for pair in geometry[0].findtext(f"{KML}coordinates").split():
            lon, lat = map(float, pair.split(","))
            assert -180 <= lon <= 180 and -90 <= lat <= 90
    gap = next(p for p in placemarks if p.findtext(f"{KML}styleUrl") == "#ais_gap"
               and p.find(f"{KML}LineString") is not None)
    assert gap.findtext(f"{KML}LineString/{KML}coordinates") == "131.3,42.5 131.8465,42.551083"
    assert gap.findtext(f"{KML}TimeSpan/{KML}end") == "2023-08-01T23:10:00Z"
    data = {d.get("name"): d.findtext(f"{KML}value") for d in gap.iter(f"{KML}Data")}
    assert (data["mmsi"], data["type"]) == (str(ANGARA), "ais_gap")
    assert pyogrio.list_layers(files["events.kml"])[:, 0].tolist() == [
        "port_call", "ais_gap", "encounter"]


def test_kml_tracks_cross_the_antimeridian_as_multigeometry(files):
    root = ET.parse(files["tracks.kml"]).getroot()
    pacific = next(p for p in root.iter(f"{KML}Placemark")
                   if p.findtext(f"{KML}name") == "track PACIFIC TRADER")
    lines = pacific.findall(f"{KML}MultiGeometry/{KML}LineString")
    assert len(lines) == 2
    assert lines[0].findtext(f"{KML}coordinates").endswith("180.0,50.0")
    assert pacific.findtext(f"{KML}TimeSpan/{KML}begin") == "2023-08-01T05:00:00Z"
    detections = ET.parse(files["detections.kml"]).getroot()
    assert [w.text for w in detections.iter(f"{KML}when")] == [
        "2023-08-01T12:00:00Z", "2023-08-02T02:00:00Z"]


def test_filters_apply_to_exports(export_ws, tmp_path):
    out = _export(export_ws, tmp_path / "gaps.geojson", "--what", "events", "--format",
                  "geojson", "--type", "ais_gap", "--name", "Ангара")
    features = json.loads(out.read_text())["features"]
    assert [(f["properties"]["type"], f["properties"]["mmsi"]) for f in features] == [
        ("ais_gap", ANGARA)]
    out = _export(export_ws, tmp_path / "t.csv", "--what", "tracks", "--format", "csv",
                  "--area", "49,179,51,180")
    assert [line.split(",")[0] for line in out.read_text().splitlines()] == ["mmsi", str(PACIFIC)]


def test_export_errors(tmp_path, export_ws):
    empty = tmp_path / "empty"
    Workspace.open(empty, create=True).close()
    result = CliRunner().invoke(cli, ["export", "-w", str(empty), "--what", "detections",
                                      "--format", "kml", "--out", str(tmp_path / "d.kml")])
    assert result.exit_code == 1
    assert "no detections (run `darkfleet detections load` first)" in result.output
    result = CliRunner().invoke(cli, ["export", "-w", str(export_ws), "--what", "events",
                                      "--format", "geoparquet", "--out", "-"])
    assert result.exit_code == 2
    assert result.output.startswith("Usage: cli export [OPTIONS]")  # its own usage
