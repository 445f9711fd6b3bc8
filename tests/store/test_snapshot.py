"""Readers of the catalogue's snapshot never block writers; a writer that meets a busy workspace
waits a bounded time and then names who holds it."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pyarrow as pa
import pytest

from darkfleet.errors import StoreError
from darkfleet.store import Workspace
from darkfleet.store.snapshot import SNAPSHOT, snapshot_id


def _table(n: int) -> pa.Table:
    ts = pa.array([1_690_848_000_000_000 + i for i in range(n)], pa.timestamp("us", tz="UTC"))
    return pa.table({"ts": ts, "value": list(range(n))})


def _count(ws: Workspace) -> int:
    return int(ws.query("SELECT count(*) AS n FROM {x}").column("n")[0].as_py())


def test_each_commit_leaves_a_snapshot_that_readers_open_without_a_lock(tmp_path):
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        ws.replace_table("x", _table(2))
        first = snapshot_id(tmp_path / "ws")
        reader = Workspace.read_snapshot(tmp_path / "ws")
        assert reader.tables() == ["x"] and _count(reader) == 2
        ws.replace_table("x", _table(5))
        assert snapshot_id(tmp_path / "ws") != first
        with pytest.raises(StoreError, match="No files found"):
            _count(reader)  # the old snapshot's part was replaced: read again
        reader.close()
        with Workspace.read_snapshot(tmp_path / "ws") as fresh:
            assert _count(fresh) == 5 and [b["kind"] for b in fresh.batches()] == [
                "derived", "derived"]


def test_a_writer_opens_the_workspace_while_a_reader_holds_a_snapshot(tmp_path):
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        ws.replace_table("x", _table(2))
    with Workspace.read_snapshot(tmp_path / "ws") as reader:
        code = ("from darkfleet.store import Workspace; import pyarrow as pa\n"
                f"with Workspace.open({str(tmp_path / 'ws')!r}, wait_s=0) as ws:\n"
                "    ws.replace_table('y', pa.table({'ts': [None], 'v': [1]}))")
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                timeout=60)
        assert result.returncode == 0, result.stderr
        assert reader.tables() == ["x"]
    with Workspace.read_snapshot(tmp_path / "ws") as reader:
        assert reader.tables() == ["x", "y"]


def test_a_busy_workspace_is_retried_then_named(tmp_path):
    Workspace.open(tmp_path / "ws", create=True).close()
    assert (tmp_path / "ws" / SNAPSHOT).exists()
    with Workspace.open(tmp_path / "ws"):
        code = ("import time\nfrom darkfleet.store import Workspace\n"
                "from darkfleet.errors import StoreError\nstart = time.monotonic()\n"
                f"try:\n    Workspace.open({str(tmp_path / 'ws')!r}, wait_s=0.6)\n"
                "except StoreError as e:\n    print(e.message)\n"
                "    print(time.monotonic() - start >= 0.6)")
        start = time.monotonic()
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                timeout=60)
        assert time.monotonic() - start < 30
    message, waited = result.stdout.splitlines()
    assert message.startswith("workspace busy (held by ") and f"PID {os.getpid()})" in message
    assert message.endswith("): its catalogue is locked; waited 0.6 s") and waited == "True"
