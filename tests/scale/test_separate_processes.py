"""`--scheduler`: the commands on a scheduler and two workers started as separate processes."""

from __future__ import annotations

import shutil
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


def test_screen_input_and_detections_load_on_a_running_cluster(
        scheduler: str, reference: Path, detection_files: list[Path], tmp_path: Path) -> None:
    identities = tmp_path / "fleet.jsonl"
    identities.write_text('{"imo": 9179842}\n{"name": "LADY R", "flag": "RU"}\nnot json\n'
                          '{"mmsi": 273000000, "name": "MARIA"}\n')
    runner = CliRunner()
    local, ingested = tmp_path / "local", tmp_path / "ingested"
    shutil.copytree(reference, local)
    shutil.copytree(reference, ingested)
    outputs = []
    engines = ((local, ["--engine", "local"]), (ingested, ["--scheduler", scheduler]))
    for workspace, engine in engines:
        lists = runner.invoke(cli, ["lists", "load", "--bundled", "-w", str(workspace)])
        assert lists.exit_code == 0, lists.output
        screened = runner.invoke(cli, ["screen", "--input", str(identities), "-w", str(workspace),
                                       *engine])
        loaded = runner.invoke(cli, ["detections", "load", *map(str, detection_files), "-w",
                                     str(workspace), "--source", "sar", "--format", "json",
                                     *engine])
        assert screened.exit_code == 0 and loaded.exit_code == 0, screened.output + loaded.output
        outputs.append((screened.stdout, loaded.stdout))
    assert outputs[0] == outputs[1]
    assert outputs[0][0].count('"query"') >= 3  # matches, and the bad row's error record
    for table in ("detection_rows", "quarantine", "events"):
        assert sorted_rows(local, table) == sorted_rows(ingested, table), table


def test_an_unreachable_scheduler_is_a_clear_error() -> None:
    address = f"tcp://127.0.0.1:{free_port()}"
    engine = Engine("dask", scheduler=address, connect_timeout_s=1)
    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler") as raised, \
            dask_client(engine):
        pass
    assert raised.value.address == address
