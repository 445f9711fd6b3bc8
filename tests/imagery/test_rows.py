"""One detections row to a record, or the reason it is quarantined."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from darkfleet.imagery.layouts import recognise
from darkfleet.imagery.rows import BadRow, detection_id, parse_row

LAYOUT = recognise(["ts", "lat", "lon", "detection_id", "length_m", "heading_deg", "score",
                    "source", "scene_id"])
GOOD = {"ts": "2023-08-03T02:10:00Z", "lat": "42.25", "lon": "130.3", "detection_id": "d1",
        "length_m": "118.5", "heading_deg": "360", "score": "0.9", "source": "", "scene_id": ""}


def test_a_good_row() -> None:
    row = parse_row(GOOD, LAYOUT, "sar")
    assert row == {"ts": datetime(2023, 8, 3, 2, 10, tzinfo=UTC), "lat": 42.25, "lon": 130.3,
                   "length_m": 118.5, "width_m": None, "heading_deg": 0.0, "speed_kn": None,
                   "score": 0.9, "source": "sar", "scene_id": None, "image_url": None,
                   "detection_id": "d1"}


@pytest.mark.parametrize(("ts", "expected"), [
    ("1691028600", datetime(2023, 8, 3, 2, 10, tzinfo=UTC)),
    ("1691028600000", datetime(2023, 8, 3, 2, 10, tzinfo=UTC)),
    ("2023-08-03 02:10:00", datetime(2023, 8, 3, 2, 10, tzinfo=UTC)),
    ("2023-08-03T04:10:00+02:00", datetime(2023, 8, 3, 2, 10, tzinfo=UTC)),
])
def test_times(ts: str, expected: datetime) -> None:
    assert parse_row({**GOOD, "ts": ts}, LAYOUT, None)["ts"] == expected


@pytest.mark.parametrize(("change", "reason"), [
    ({"ts": ""}, "missing_ts"), ({"ts": "yesterday"}, "bad_ts"), ({"lat": "NA"}, "missing_lat"),
    ({"lat": "north"}, "bad_lat"), ({"lat": "91"}, "lat_out_of_range"),
    ({"lon": "-181"}, "lon_out_of_range"), ({"length_m": "-3"}, "length_m_out_of_range"),
    ({"score": "1.5"}, "score_out_of_range"), ({"length_m": "inf"}, "bad_length_m"),
])
def test_bad_rows(change: dict[str, str], reason: str) -> None:
    with pytest.raises(BadRow) as caught:
        parse_row({**GOOD, **change}, LAYOUT, None)
    assert caught.value.reason == reason


def test_a_row_without_an_id_gets_a_deterministic_one() -> None:
    row = parse_row({**GOOD, "detection_id": ""}, LAYOUT, "optical")
    assert row["detection_id"] == detection_id("optical", row["ts"], 42.25, 130.3)
    # sha1("optical|2023-08-03T02:10:00Z|42.250000|130.300000"), first 16 hex digits
    assert row["detection_id"] == "d9f1db0b184417aa"
