"""A workspace at an `s3://` URL, on a real S3-compatible server (moto) on 127.0.0.1."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest
from click.testing import CliRunner
from equivalence import DETECTED, sorted_rows
from processes import moto_server

from darkfleet.cli import cli
from darkfleet.store import Workspace
from darkfleet.store.object_workspace import ObjectWorkspace, object_url

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """An S3 filesystem on a moto server, with the environment that points every process
    (workers too) at it; the catalogue cache under a temporary folder."""
    import s3fs

    env = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
           "AWS_DEFAULT_REGION": "us-east-1",
           "XDG_CACHE_HOME": str(tmp_path_factory.mktemp("cache"))}
    saved = {name: os.environ.get(name) for name in [*env, "AWS_ENDPOINT_URL"]}
    with moto_server() as endpoint:
        os.environ.update(env, AWS_ENDPOINT_URL=endpoint)
        s3fs.S3FileSystem.clear_instance_cache()
        try:
            yield s3fs.S3FileSystem()
        finally:
            for name, value in saved.items():
                os.environ.pop(name, None) if value is None else os.environ.update({name: value})
            s3fs.S3FileSystem.clear_instance_cache()


def test_urls_survive_a_path() -> None:
    assert object_url(Path("s3://bucket/ws")) == "s3://bucket/ws"
    assert object_url("s3://bucket/ws/") == "s3://bucket/ws"
    assert object_url(Path("file:///data/ws")) == "file:///data/ws"
    assert object_url(Path("ws")) is None and object_url("/data/ws") is None


def test_detect_on_dask_with_the_workspace_in_a_bucket(s3: object, reference: Path,
                                                      tmp_path: Path) -> None:
    fs = s3
    fs.mkdir("fleet")  # type: ignore[attr-defined]
    fs.put(str(reference.parent / "ingested"), "fleet/ws", recursive=True)  # type: ignore[attr-defined]
    config = tmp_path / "two-buckets.toml"  # (each bucket reads every day: fewer requests)
    config.write_text("[scale]\nbuckets = 2\n")
    result = CliRunner().invoke(cli, ["--config", str(config), "detect", "-w", "s3://fleet/ws",
                                      "--engine", "dask", "--workers", "2"])
    assert result.exit_code == 0, result.output
    for table in DETECTED:
        assert sorted_rows("s3://fleet/ws", table) == sorted_rows(reference, table), table
    with Workspace.open("s3://fleet/ws") as ws:  # the bucket holds exactly the listed parts
        listed = {where for table in ws.tables() for _, where in ws.part_locations(table)}
    stored = {f"s3://{key}" for key in fs.find("fleet/ws/tables")}  # type: ignore[attr-defined]
    assert stored == listed


def test_a_failed_batch_leaves_the_bucket_as_it_was(s3: object) -> None:
    fs = s3
    fs.mkdir("empty")  # type: ignore[attr-defined]
    with Workspace.open("s3://empty/ws", create=True) as ws:
        assert isinstance(ws, ObjectWorkspace)
        with ws.batch("test", "one") as batch:
            batch.add("notes", pa.table({"n": [1, 2]}), day_column=None)
        with pytest.raises(RuntimeError), ws.batch("test", "two") as batch:
            batch.add("notes", pa.table({"n": [3]}), day_column=None)
            raise RuntimeError("interrupted")
    with Workspace.open("s3://empty/ws") as ws:
        assert ws.read("notes")["n"].to_pylist() == [1, 2]
        assert [b["key"] for b in ws.batches()] == ["one"]
    assert len(fs.find("empty/ws/tables")) == 1  # type: ignore[attr-defined]


def test_compaction_in_a_bucket(s3: object) -> None:
    from darkfleet.store.compact import compact

    fs = s3
    fs.mkdir("small")  # type: ignore[attr-defined]
    with Workspace.open("s3://small/ws", create=True) as ws:
        for n in range(3):
            with ws.batch("test", f"b{n}") as batch:
                batch.add("notes", pa.table({"n": [n, n + 10]}), day_column=None)
        done = compact(ws, ["notes"])
        assert (done.parts_before, done.parts_after) == ({"notes": 3}, {"notes": 1})
    with Workspace.open("s3://small/ws") as ws:
        assert sorted(ws.read("notes")["n"].to_pylist()) == [0, 1, 2, 10, 11, 12]
    assert len(fs.find("small/ws/tables")) == 1  # type: ignore[attr-defined]
