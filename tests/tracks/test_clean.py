from datetime import UTC, datetime, timedelta

import polars as pl

from darkfleet.tracks.clean import clean_positions

T0 = datetime(2023, 8, 1, tzinfo=UTC)


def _raw(rows):
    return pl.DataFrame(
        [{"mmsi": m, "ts": T0 + timedelta(seconds=s), "kind": k, "lat": la, "lon": lo,
          "speed_kn": sp, "course_deg": None} for m, s, k, la, lo, sp in rows],
        schema={"mmsi": pl.Int64, "ts": pl.Datetime("ms", "UTC"), "kind": pl.String,
                "lat": pl.Float64, "lon": pl.Float64, "speed_kn": pl.Float32,
                "course_deg": pl.Float32})


def test_cleaning_drops_duplicates_invalid_fixes_and_non_vessels():
    raw = _raw([
        (2, 60, "vessel", 42.0, 131.0, 5.0),
        (1, 0, "vessel", 42.0, 131.0, 5.0),
        (1, 0, "vessel", 42.0, 131.0, 5.0),  # heard by a second receiver
        (1, 0, "vessel", 42.0, 131.0000001, 5.0),  # same to 1e-5 degrees
        (1, 10, "vessel", 0.0, 0.0, 5.0),  # null island
        (1, 20, "vessel", 91.0, 131.0, 5.0),  # out of range
        (1, 30, "base_station", 42.0, 131.0, None),
        (1, 40, None, 42.1, 131.0, 102.3),  # kind unknown: kept; speed not available
    ])
    cleaned = clean_positions(raw)
    assert cleaned.select("mmsi", "ts", "lat", "speed_kn").rows() == [
        (1, T0, 42.0, 5.0), (1, T0 + timedelta(seconds=40), 42.1, None),
        (2, T0 + timedelta(seconds=60), 42.0, 5.0)]
