"""A batch's parts: the UTC day a cast to date32 gives, for every kind of day column; encodings."""

from datetime import UTC, date, datetime, timedelta

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from darkfleet.store.batch import UNDATED, Batch

EDGES = [datetime(2023, 8, 1, 0, 0, tzinfo=UTC),
         datetime(2023, 8, 1, 23, 59, 59, 999000, tzinfo=UTC),
         datetime(2023, 8, 2, tzinfo=UTC), None, datetime(1969, 12, 31, 23, 59, tzinfo=UTC),
         datetime(2024, 2, 29, 12, tzinfo=UTC), datetime(2023, 8, 1, 12, tzinfo=UTC), None]


def _parts(root, column: pa.Array) -> list[tuple[str, list[int]]]:
    batch = Batch(root, "b", "test", "k")
    table = pa.table({"at": column, "row": list(range(len(column)))})
    batch.add("things", table, day_column="at")
    batch.finish()
    return [(day, pq.read_table(root.parent / path)["row"].to_pylist())
            for _, day, path, _, _ in batch.parts]


def _expected(column: pa.Array) -> list[tuple[str, list[int]]]:
    days = column.cast(pa.date32()).to_pylist()
    order = [UNDATED] if None in days else []
    order += list(dict.fromkeys(d.isoformat() for d in days if d is not None))
    return [(key, [i for i, d in enumerate(days)
                   if (d is None if key == UNDATED else d is not None and d.isoformat() == key)])
            for key in order]


@pytest.mark.parametrize("kind", [pa.timestamp("ms", tz="UTC"), pa.timestamp("s", tz="UTC"),
                                  pa.timestamp("us"), pa.timestamp("ns", tz="UTC")])
def test_days_of_timestamps_as_a_cast_gives_them(tmp_path, kind):
    values = [None if v is None else (v if kind.tz else v.replace(tzinfo=None)) for v in EDGES]
    if kind.unit == "s":
        values = [None if v is None else v.replace(microsecond=0) for v in values]
    column = pa.array(values, type=kind)
    got = _parts(tmp_path / "tables", column)
    assert got == _expected(column)
    assert [day for day, _ in got] == [UNDATED, "2023-08-01", "2023-08-02", "1969-12-31",
                                       "2024-02-29"]


def test_one_day_without_nulls_is_one_part_as_it_came(tmp_path):
    start = datetime(2023, 8, 5, tzinfo=UTC)
    column = pa.array([start + timedelta(minutes=7 * i) for i in range(200)],
                      type=pa.timestamp("ms", tz="UTC"))
    assert _parts(tmp_path / "tables", column) == [("2023-08-05", list(range(200)))]


@pytest.mark.parametrize("kind", [pa.timestamp("ms", tz="UTC"), pa.timestamp("us")])
def test_days_in_order_are_cut_at_their_edges(tmp_path, kind):
    edges = [datetime(2023, 7, 31, 23, 59, 59, 999000), datetime(2023, 8, 1),
             datetime(2023, 8, 1, 23, 59, 59, 999000), datetime(2023, 8, 3)]
    times = sorted(edges + [edge + timedelta(hours=h) for edge in edges for h in (0, 5)])
    column = pa.array([t.replace(tzinfo=UTC) if kind.tz else t for t in times], type=kind)
    got = _parts(tmp_path / "tables", column)
    assert got == _expected(column)
    assert got == [("2023-07-31", [0, 1]), ("2023-08-01", [2, 3, 4, 5, 6, 7]),
                   ("2023-08-02", [8]), ("2023-08-03", [9, 10, 11])]


def test_days_of_other_time_zones_and_dates_follow_the_cast(tmp_path):
    seoul = pa.array([datetime(2023, 8, 1, 20, tzinfo=UTC), datetime(2023, 8, 1, 10, tzinfo=UTC)],
                     type=pa.timestamp("ms", tz="Asia/Seoul"))
    assert _parts(tmp_path / "a" / "tables", seoul) == _expected(seoul)
    dates = pa.array([date(2023, 8, 3), None, date(2023, 8, 1)])
    assert _parts(tmp_path / "b" / "tables", dates) == [(UNDATED, [1]), ("2023-08-03", [0]),
                                                        ("2023-08-01", [2])]


def test_columns_of_rarely_repeated_values_are_written_plain_or_as_deltas(tmp_path):
    start = datetime(2023, 8, 5, tzinfo=UTC)
    table = pa.table({"ts": pa.array([start + timedelta(seconds=i) for i in range(1000)],
                                     type=pa.timestamp("ms", tz="UTC")),
                      "mmsi": [273_000_000 + i % 7 for i in range(1000)],
                      "lat": [40 + i / 1000 for i in range(1000)],
                      "line": list(range(1000))})
    batch = Batch(tmp_path / "tables", "b", "test", "k")
    batch.add("things", table)
    batch.finish()
    meta = pq.ParquetFile(tmp_path / batch.parts[0][2]).metadata.row_group(0)
    dictionary = {meta.column(i).path_in_schema: "RLE_DICTIONARY" in meta.column(i).encodings
                  for i in range(meta.num_columns)}
    assert dictionary == {"ts": False, "mmsi": True, "lat": False, "line": False}
    deltas = {meta.column(i).path_in_schema for i in range(meta.num_columns)
              if "DELTA_BINARY_PACKED" in meta.column(i).encodings}
    assert deltas == {"ts", "line"}  # rising integers and times as deltas
    split = {meta.column(i).path_in_schema for i in range(meta.num_columns)
             if "BYTE_STREAM_SPLIT" in meta.column(i).encodings}
    assert split == {"lat"}  # floats with their bytes split
    assert {meta.column(i).compression for i in range(meta.num_columns)} == {"LZ4"}
    codecs = duckdb.sql(f"SELECT DISTINCT compression FROM parquet_metadata("
                        f"'{tmp_path / batch.parts[0][2]}')").fetchall()
    assert codecs == [("LZ4_RAW",)]  # the codec Parquet keeps, not the legacy LZ4
    assert pq.read_table(tmp_path / batch.parts[0][2]).equals(table)


def test_a_dictionary_encoded_column_is_stored_as_its_values(tmp_path):
    start = datetime(2023, 8, 5, tzinfo=UTC)
    files = pa.DictionaryArray.from_arrays(pa.array([0, 1, 0, 0], pa.int32()),
                                           pa.array(["a.nmea", "b.nmea"]))
    table = pa.table({"ts": pa.array([start] * 4, type=pa.timestamp("ms", tz="UTC")),
                      "file": files, "line": [1, 2, 3, 4]})
    batch = Batch(tmp_path / "tables", "b", "test", "k", prefix="b-0001")
    batch.add("things", table)
    batch.finish()
    (_, day, path, batch_id, rows), = batch.parts
    assert (day, batch_id, rows) == ("2023-08-05", "b", 4)
    assert path.startswith("tables/things/day=2023-08-05/b-0001-")
    back = pq.read_table(tmp_path / path)
    assert back.schema.field("file").type == pa.string()
    assert back["file"].to_pylist() == ["a.nmea", "b.nmea", "a.nmea", "a.nmea"]
    assert back.schema.field("ts").type == pa.timestamp("ms", tz="UTC")


def test_statistics_are_kept_for_keys_times_positions_and_lineage_only(tmp_path):
    start = datetime(2023, 8, 5, tzinfo=UTC)
    table = pa.table({"mmsi": [273_000_001, 273_000_002],
                      "ts": pa.array([start, start], type=pa.timestamp("ms", tz="UTC")),
                      "lat": [43.1, 42.9], "lon": [131.9, 132.1],
                      "speed_kn": pa.array([10.5, 0.0], pa.float32()),
                      "kind": ["vessel", "vessel"], "moving": [True, False],
                      "names": [["A"], ["B", "C"]], "file": ["a.nmea", "a.nmea"], "line": [7, 9]})
    batch = Batch(tmp_path / "tables", "b", "test", "k")
    batch.add("things", table)
    batch.finish()
    path = tmp_path / batch.parts[0][2]
    meta = pq.ParquetFile(path).metadata.row_group(0)
    kept = {meta.column(i).path_in_schema for i in range(meta.num_columns)
            if meta.column(i).is_stats_set}
    assert kept == {"mmsi", "ts", "lat", "lon", "moving", "file", "line"}
    assert (meta.column(9).statistics.min, meta.column(9).statistics.max) == (7, 9)
    # DuckDB reads a part with and without statistics alike
    found = duckdb.sql(f"SELECT line FROM '{path}' WHERE speed_kn > 1 AND kind = 'vessel' "
                       "AND len(names) = 1").fetchall()
    assert found == [(7,)]
