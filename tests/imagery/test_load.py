"""Loading detections files into a real workspace: formats, quarantine, idempotence, strict."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from darkfleet.errors import InputError
from darkfleet.imagery import load_detections
from darkfleet.store import Workspace

GFW_CSV = """scene_id,timestamp,lat,lon,presence_score,length_m,detect_id
S1A_1,2023-08-03 02:10:00 UTC,42.2431,130.3032,0.93,121.0,S1A_1;130.3032;42.2431
S1A_1,2023-08-03 02:10:00 UTC,42.9,132.36,0.88,,S1A_1;132.36;42.9
S1A_1,not a time,42.5,131.0,0.7,80,S1A_1;131;42.5
S1A_1,2023-08-03 02:10:00 UTC,95.0,131.0,0.7,80,S1A_1;131;95
S1A_1,2023-08-03 02:10:00 UTC,42.6,131.1,0.7
S1A_1,2023-08-03 02:10:00 UTC,42.2431,130.3032,0.93,121.0,S1A_1;130.3032;42.2431
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace.open(tmp_path / "ws", create=True)


def test_bad_rows_are_quarantined_and_counted(tmp_path: Path, workspace: Workspace) -> None:
    path = tmp_path / "gfw.csv"
    path.write_text(GFW_CSV)
    [report] = load_detections([path], workspace, source="sar")
    assert (report.format, report.layout, report.rows, report.loaded, report.quarantined) == (
        "csv", "gfw-sar", 6, 2, 4)
    assert report.quarantined_by_reason == {"bad_ts": 1, "duplicate_detection_id": 1,
                                            "lat_out_of_range": 1, "wrong_field_count": 1}
    assert (report.first_ts, report.last_ts) == ("2023-08-03T02:10:00Z", "2023-08-03T02:10:00Z")
    stored = workspace.read("detection_rows").to_pylist()
    assert [(r["detection_id"], r["length_m"], r["score"], r["source"], r["line"])
            for r in stored] == [("S1A_1;130.3032;42.2431", 121.0, 0.93, "sar", 2),
                                 ("S1A_1;132.36;42.9", None, 0.88, "sar", 3)]
    quarantine = workspace.query("SELECT line, reason FROM {quarantine} ORDER BY line")
    assert quarantine.to_pylist() == [
        {"line": 4, "reason": "bad_ts"}, {"line": 5, "reason": "lat_out_of_range"},
        {"line": 6, "reason": "wrong_field_count"},
        {"line": 7, "reason": "duplicate_detection_id"}]


def test_the_same_file_twice_adds_nothing(tmp_path: Path, workspace: Workspace) -> None:
    path = tmp_path / "gfw.csv"
    path.write_text(GFW_CSV)
    load_detections([path], workspace)
    [again] = load_detections([path], workspace)
    assert again.already_loaded and again.loaded == 2
    assert workspace.query("SELECT count(*) AS n FROM {detection_rows}").to_pylist() == [{"n": 2}]


def test_strict_stops_at_the_first_bad_row(tmp_path: Path, workspace: Workspace) -> None:
    path = tmp_path / "gfw.csv"
    path.write_text(GFW_CSV)
    with pytest.raises(InputError) as caught:
        load_detections([path], workspace, strict=True)
    assert str(caught.value) == f"{path}:4: bad detection row: bad_ts"
    assert not workspace.has_table("detection_rows")


def test_geojson_points_and_a_feature_that_is_not_one(tmp_path: Path,
                                                      workspace: Workspace) -> None:
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [130.3, 42.25]},
         "properties": {"time": "2023-08-03T02:10:00Z", "length": 95, "confidence": 0.8}},
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]},
         "properties": {"time": "2023-08-03T02:10:00Z"}},
    ]
    path = tmp_path / "optical.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    [report] = load_detections([path], workspace, source="optical")
    assert (report.format, report.layout, report.loaded, report.quarantined_by_reason) == (
        "geojson", "synonyms", 1, {"bad_geometry": 1})
    [row] = workspace.read("detection_rows", ["lat", "lon", "length_m", "score", "source"]
                           ).to_pylist()
    assert row == {"lat": 42.25, "lon": 130.3, "length_m": 95.0, "score": 0.8,
                   "source": "optical"}


def test_parquet_with_typed_columns(tmp_path: Path, workspace: Workspace) -> None:
    table = pa.table({"detect_timestamp": pa.array([1691028600000], pa.timestamp("ms")),
                      "detect_lat": [42.25], "detect_lon": [130.3], "detect_id": ["a"],
                      "scene_id": ["S1"]})
    path = tmp_path / "s1.parquet"
    pq.write_table(table, path)
    [report] = load_detections([path], workspace)
    assert (report.format, report.layout, report.loaded, report.first_ts) == (
        "parquet", "gfw-sentinel1", 1, "2023-08-03T02:10:00Z")


def test_an_unrecognised_layout_is_an_input_error(tmp_path: Path,
                                                  workspace: Workspace) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("when,north,east\n2023-08-03,42,130\n")
    with pytest.raises(InputError, match="unrecognised detections layout"):
        load_detections([path], workspace)


def test_a_file_that_is_not_text_is_an_input_error(tmp_path: Path,
                                                   workspace: Workspace) -> None:
    path = tmp_path / "binary.csv"
    path.write_bytes(b"ts,lat,lon\n\xff\xfe\x00bad,1,2\n")
    with pytest.raises(InputError, match=r"binary\.csv: cannot read detections: 'utf-8' codec"):
        load_detections([path], workspace)
