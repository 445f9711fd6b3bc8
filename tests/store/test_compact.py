"""Compaction: the small parts of each day merged into one, every row kept, in one batch; a part
that cannot be read leaves the workspace as it was; the command line and a live watch use it."""

from datetime import UTC, datetime

import pyarrow as pa
import pytest
from click.testing import CliRunner

from darkfleet.cli import cli
from darkfleet.errors import StoreError
from darkfleet.ingest.settings import IngestSettings
from darkfleet.store import POSITIONS, Workspace
from darkfleet.store.compact import SMALL_ROWS, compact
from darkfleet.watch.batcher import Batcher


def _positions(mmsi: int, day: int, n: int) -> pa.Table:
    rows = {name: [None] * n for name in POSITIONS.names}
    rows["mmsi"] = [mmsi] * n
    rows["ts"] = [datetime(2024, 5, day, 0, i, tzinfo=UTC) for i in range(n)]
    rows["file"] = ["f.nmea"] * n
    rows["line"] = list(range(n))
    return pa.table(rows, schema=POSITIONS)


def _fill(ws: Workspace) -> None:
    """Five small batches over two days (ten parts of 3 rows), one large part on day 1."""
    for mmsi in range(1, 6):
        with ws.batch("ingest", f"small-{mmsi}") as batch:
            batch.add("positions", pa.concat_tables([_positions(mmsi, 1, 3),
                                                     _positions(mmsi, 2, 3)]))
    with ws.batch("ingest", "large") as batch:
        batch.add("positions", _positions(9, 1, 50))


def _rows(ws: Workspace) -> list[dict[str, object]]:
    return ws.query("SELECT * FROM {positions} ORDER BY mmsi, ts").to_pylist()


def test_small_parts_of_each_day_become_one_and_every_row_stays(tmp_path):
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        _fill(ws)
        before = _rows(ws)
        done = compact(ws, ["positions"], small_rows=40)
        assert (done.parts_before, done.parts_after, done.rows_moved) == (
            {"positions": 11}, {"positions": 3}, {"positions": 30})
        assert _rows(ws) == before
        assert sorted(n for _, _, n in ws.part_rows("positions")) == [15, 15, 50]
        assert [b["report"] for b in ws.batches("compact")] == [
            {"parts_before": {"positions": 11}, "rows_moved": {"positions": 30}}]
        again = compact(ws, ["positions"], small_rows=40)  # nothing left to merge
        assert (again.parts_after, again.rows_moved) == ({"positions": 3}, {"positions": 0})
        assert len(ws.batches("compact")) == 1
    assert len(list((tmp_path / "ws" / "tables").glob("*/*/*.parquet"))) == 3  # old files gone


def test_merged_parts_hold_at_most_small_rows(tmp_path):
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        _fill(ws)
        compact(ws, ["positions"], small_rows=7)  # groups of two 3-row parts, one left over
        assert sorted(n for _, _, n in ws.part_rows("positions")) == [3, 3, 6, 6, 6, 6, 50]


def test_a_part_that_cannot_be_read_leaves_the_workspace_as_it_was(tmp_path):
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        _fill(ws)
        parts = ws.part_rows("positions")
        broken = tmp_path / "ws" / next(path for _, path, n in parts if n == 3)  # a small one
        broken.write_bytes(b"not parquet")
        with pytest.raises(StoreError, match="cannot read a part to compact") as error:
            compact(ws, ["positions"], small_rows=40)
        assert str(broken.relative_to(tmp_path / "ws")) in str(error.value)
        assert ws.part_rows("positions") == parts and ws.batches("compact") == []
    assert len(list((tmp_path / "ws" / "tables").glob("*/*/*.parquet"))) == 11


def test_the_command_reports_each_table_and_refuses_an_unknown_one(tmp_path):
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        _fill(ws)
    runner = CliRunner()
    done = runner.invoke(cli, ["compact", "-w", str(tmp_path / "ws"), "--small-rows", "40"])
    assert (done.exit_code, done.stderr) == (0, "positions: 11 parts -> 3 (30 rows merged)\n")
    assert f"(default: {SMALL_ROWS:,})" in runner.invoke(cli, ["compact", "--help"]).output
    unknown = runner.invoke(cli, ["compact", "-w", str(tmp_path / "ws"), "alerts"])
    assert unknown.exit_code == 2
    assert "no table alerts in the workspace (it has: positions)" in unknown.stderr


def test_a_watch_merges_its_parts_every_few_commits(tmp_path):
    batcher = Batcher(tmp_path / "ws", "test", IngestSettings(), compact_every=2)
    sentence = b"!AIVDM,1,1,,A,15B4FT5000JRP>PE6E68Nbkl0PS5,0*70"  # one position
    for second in range(4):
        tag = b"c:%d" % (1717200000 + second)  # 2024-06-01T00:00:00Z and after
        checksum = 0
        for byte in tag:
            checksum ^= byte
        batcher.decode([b"\\%s*%02X\\%s" % (tag, checksum, sentence)])
        batcher.commit([])
    with Workspace.open(tmp_path / "ws") as ws:
        assert len(ws.batches("watch")) == 4 and len(ws.batches("compact")) == 2
        assert [(day, n) for day, _, n in ws.part_rows("positions")] == [("2024-06-01", 4)]
