"""`--scheduler`: the commands on a scheduler and two workers started as separate processes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from equivalence import DETECTED, sorted_rows
from processes import dask_cluster, free_port

from darkfleet.cli import cli
from darkfleet.scale import ClusterError, Engine, dask_client

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with dask_cluster(workers=2) as address:
        yield address


def test_ingest_and_detect_on_a_running_cluster(scheduler: str, inputs: list[str],
                                                reference: Path, tmp_path: Path) -> None:
    workspace = str(tmp_path / "ws")
    runner = CliRunner()
    ingested = runner.invoke(cli, ["ingest", *inputs, "-w", workspace, "--scheduler", scheduler])
    assert ingested.exit_code == 0, ingested.output
    for table in ("positions", "static_reports", "quarantine"):
        assert sorted_rows(workspace, table) == sorted_rows(reference, table), table
    detected = runner.invoke(cli, ["detect", "-w", workspace, "--engine", "dask",
                                   "--scheduler", scheduler])
    assert detected.exit_code == 0, detected.output
    for table in DETECTED:
        assert sorted_rows(workspace, table) == sorted_rows(reference, table), table


def test_an_unreachable_scheduler_is_a_clear_error() -> None:
    address = f"tcp://127.0.0.1:{free_port()}"
    engine = Engine("dask", scheduler=address, connect_timeout_s=1)
    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler") as raised, \
            dask_client(engine):
        pass
    assert raised.value.address == address
