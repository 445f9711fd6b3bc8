from datetime import UTC, datetime

import pyarrow as pa
import pytest

from darkfleet.errors import StoreError
from darkfleet.store import POSITIONS, Workspace


def positions(*rows):
    data = {name: [] for name in POSITIONS.names}
    for mmsi, ts in rows:
        for name in POSITIONS.names:
            data[name].append(None)
        data["mmsi"][-1] = mmsi
        data["ts"][-1] = ts
        data["file"][-1] = "f.nmea"
        data["line"][-1] = len(data["line"])
    return pa.table(data, schema=POSITIONS)


def day(d, h=0):
    return datetime(2023, 8, d, h, tzinfo=UTC)


def test_open_missing_workspace_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="no darkfleet workspace"):
        Workspace.open(tmp_path / "none")


def test_batch_partitions_by_day_and_commits(tmp_path):
    with Workspace.open(tmp_path, create=True) as ws:
        with ws.batch("ingest", "sha-1") as batch:
            batch.add("positions", positions((1, day(1, 23)), (1, day(2, 1)), (2, None)))
        assert ws.days("positions") == ["2023-08-01", "2023-08-02", "undated"]
        assert ws.query("SELECT count(*) AS n FROM {positions}").to_pylist() == [{"n": 3}]
        assert ws.has_batch("sha-1") and not ws.has_batch("sha-2")


def test_failed_batch_leaves_nothing_visible(tmp_path):
    with Workspace.open(tmp_path, create=True) as ws:
        with pytest.raises(KeyboardInterrupt), ws.batch("ingest", "k") as batch:
            batch.add("positions", positions((1, day(1))))
            raise KeyboardInterrupt
        assert ws.tables() == []
        assert list((tmp_path / "tables").glob("*/*/*.parquet")) == []


def test_parts_written_in_the_background_are_all_committed(tmp_path):
    days = [day(d, h) for d in range(1, 11) for h in (0, 12)]  # ten parts, more than are queued
    with Workspace.open(tmp_path, create=True) as ws:
        with ws.batch("ingest", "k") as batch:
            for index, ts in enumerate(days):
                batch.add("positions", positions((index, ts)))
        assert len(ws.days("positions")) == 10
        assert ws.query("SELECT count(*) AS n, sum(mmsi) AS s FROM {positions}").to_pylist() == [
            {"n": 20, "s": sum(range(20))}]


def test_a_batch_of_more_parts_than_one_insert_takes_lists_them_all(tmp_path, monkeypatch):
    from darkfleet.store import workspace

    monkeypatch.setattr(workspace, "INSERT_ROWS", 3)
    days = [day(d, h) for d in range(1, 6) for h in (0, 12)]  # ten parts: inserts of 3, 3, 3, 1
    with Workspace.open(tmp_path, create=True) as ws:
        with ws.batch("ingest", "k") as batch:
            for index, ts in enumerate(days):
                batch.add("positions", positions((index, ts)))
        listed = ws.query("SELECT day, path, rows FROM parts ORDER BY path").to_pylist()
        assert [(row["day"], row["path"], row["rows"]) for row in listed] == [
            (day, path, rows) for _, day, path, _, rows in sorted(batch.parts,
                                                                  key=lambda p: p[2])]
        assert len(listed) == 10
        assert ws.query("SELECT sum(mmsi) AS s FROM {positions}").to_pylist() == [
            {"s": sum(range(10))}]


def test_a_part_failing_in_the_background_fails_the_batch_and_leaves_nothing(tmp_path):
    # Parquet cannot hold this type: the writer thread fails after the earlier parts were written
    odd = pa.table({"x": pa.array([pa.MonthDayNano([1, 2, 3])], pa.month_day_nano_interval())})
    with Workspace.open(tmp_path, create=True) as ws:
        with pytest.raises(pa.ArrowNotImplementedError, match="month_day_nano_interval"), \
                ws.batch("ingest", "k") as batch:
            for d in range(1, 7):
                batch.add("positions", positions((1, day(d))))
            batch.add("odd", odd, day_column=None)
        assert ws.tables() == [] and not ws.has_batch("k")
        assert list((tmp_path / "tables").glob("*/*/*.parquet")) == []


def test_unlisted_files_are_removed_on_open(tmp_path):
    with Workspace.open(tmp_path, create=True) as ws, ws.batch("ingest", "k") as batch:
        batch.add("positions", positions((1, day(1))))
    stray = tmp_path / "tables" / "positions" / "day=2023-08-01" / "half-written.parquet"
    stray.write_bytes(b"PAR1 half")
    with Workspace.open(tmp_path) as ws:
        assert not stray.exists()
        assert ws.read("positions", ["mmsi"]).to_pylist() == [{"mmsi": 1}]


def test_replace_table_swaps_all_parts(tmp_path):
    with Workspace.open(tmp_path, create=True) as ws:
        ws.replace_table("notes", pa.table({"id": ["a", "b"]}))
        ws.replace_table("notes", pa.table({"id": ["c"]}))
        assert ws.read("notes").to_pylist() == [{"id": "c"}]


def test_missing_table_and_corrupt_part_are_store_errors(tmp_path):
    with Workspace.open(tmp_path, create=True) as ws:
        with pytest.raises(StoreError, match="no positions"):
            ws.read("positions")
        with ws.batch("ingest", "k") as batch:
            batch.add("positions", positions((1, day(1))))
        ws.part_paths("positions")[0].write_bytes(b"not parquet at all")
        with pytest.raises(StoreError, match="cannot read"):
            ws.read("positions")


def test_batches_and_batch_reports(tmp_path):
    with Workspace.open(tmp_path, create=True) as ws:
        with ws.batch("ingest", "sha-1") as batch:
            batch.add("positions", positions((1, day(1))))
            batch.report = {"lines": 1}
        [info] = ws.batches("ingest")
        assert (info["kind"], info["key"], info["report"]) == ("ingest", "sha-1", {"lines": 1})
        assert info["committed_at"].endswith("Z")
        assert ws.batch_report("sha-1") == {"lines": 1}
        assert ws.batch_report("sha-2") is None


def test_reads_and_queries_of_some_days_only(tmp_path):
    with Workspace.open(tmp_path, create=True) as ws:
        with ws.batch("ingest", "sha-1") as batch:
            batch.add("positions", positions((1, day(1, 23)), (2, day(2, 1)), (3, day(2, 5))))
        assert not ws.has_batch_kind("detect") and ws.has_batch_kind("ingest")
        assert ws.read("positions", ["mmsi"], days=["2023-08-02"]).to_pylist() == [
            {"mmsi": 2}, {"mmsi": 3}]
        sql = "SELECT count(*) AS n FROM {positions} WHERE mmsi > ?"
        assert ws.query(sql, [1], days={"positions": ["2023-08-01"]}).to_pylist() == [{"n": 0}]
        assert ws.query(sql, [1]).to_pylist() == [{"n": 2}]
        with pytest.raises(StoreError, match="no positions"):
            ws.read("positions", days=["2023-08-09"])


def test_replace_tables_commits_all_of_them_or_none(tmp_path):
    from darkfleet.errors import SchemaError

    with Workspace.open(tmp_path, create=True) as ws:
        ws.replace_tables({"notes": pa.table({"n": [1]}), "positions": positions((1, day(1)))})
        assert ws.tables() == ["notes", "positions"] and len(ws.batches()) == 1
        with pytest.raises(SchemaError, match="table positions: column speed is not declared"):
            ws.replace_tables({"notes": pa.table({"n": [2]}),
                               "positions": pa.table({"mmsi": [1], "speed": [2.0]})})
        assert ws.read("notes").to_pylist() == [{"n": 1}]
        assert ws.read("positions", ["mmsi"]).to_pylist() == [{"mmsi": 1}]
        assert len(list((tmp_path / "tables").glob("*/*/*.parquet"))) == 2
        assert ws.catalogue_table("batches").num_rows == 1
        assert ws.catalogue_table("evidence_claims") is None
