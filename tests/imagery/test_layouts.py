"""Recognising detections layouts: named layouts, synonyms, --map and the error."""

from __future__ import annotations

import pytest

from darkfleet.errors import InputError
from darkfleet.imagery.layouts import parse_map, recognise


def test_gfw_public_sar_layout() -> None:
    columns = ["scene_id", "timestamp", "lat", "lon", "presence_score", "length_m", "mmsi",
               "detect_id"]
    layout = recognise(columns)
    assert layout.name == "gfw-sar"
    assert dict(layout.columns) == {
        "ts": "timestamp", "lat": "lat", "lon": "lon", "detection_id": "detect_id",
        "length_m": "length_m", "score": "presence_score", "scene_id": "scene_id"}


def test_gfw_sentinel1_tables_layout() -> None:
    layout = recognise(["detect_id", "scene_id", "detect_lon", "detect_lat",
                        "detect_timestamp", "inferred_length_m", "inferred_presence"])
    assert layout.name == "gfw-sentinel1"
    assert layout.columns["length_m"] == "inferred_length_m"
    assert layout.columns["score"] == "inferred_presence"


def test_synonyms_are_case_insensitive_and_keep_the_file_spelling() -> None:
    layout = recognise(["Time", "Latitude", "Longitude", "Heading", "Width", "SOG"])
    assert layout.name == "synonyms"
    assert dict(layout.columns) == {"ts": "Time", "lat": "Latitude", "lon": "Longitude",
                                    "heading_deg": "Heading", "width_m": "Width",
                                    "speed_kn": "SOG"}


def test_a_map_names_columns_outright() -> None:
    layout = recognise(["acquired", "y_deg", "x_deg", "len"],
                       parse_map("ts=acquired,lat=y_deg,lon=x_deg,length_m=len"))
    assert layout.name == "map"
    assert layout.columns["length_m"] == "len"


def test_unrecognised_layout_lists_layouts_and_a_map_example() -> None:
    with pytest.raises(InputError) as caught:
        recognise(["when", "north", "east"], path="odd.csv")
    message = str(caught.value)
    assert message.startswith("odd.csv: unrecognised detections layout (columns: when, north, ")
    assert "gfw-sar (Global Fishing Watch public SAR vessel detections: timestamp, lat, lon, " \
           "length_m, presence_score)" in message
    assert "--map ts=acquired,lat=y_deg,lon=x_deg,length_m=len" in message


def test_a_map_naming_a_missing_column_is_an_error() -> None:
    with pytest.raises(InputError, match="--map names columns the file lacks: nope"):
        recognise(["ts", "lat", "lon"], {"score": "nope"})


@pytest.mark.parametrize(("text", "message"), [
    ("ts", "expected FIELD=COLUMN"), ("colour=c", "unknown field 'colour'")])
def test_bad_maps(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_map(text)
