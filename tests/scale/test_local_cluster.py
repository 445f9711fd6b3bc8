"""The stages on a real `LocalCluster` of two worker processes equal the local engine's."""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import cloudpickle
import pytest
from distributed import Client
from distributed.diagnostics.plugin import WorkerPlugin
from equivalence import DETECTED, sorted_rows
from processes import local_cluster

from darkfleet.config import Config
from darkfleet.events import load_registry
from darkfleet.imagery.load import ParsedFile, load_detections, parse_file
from darkfleet.ingest import ingest_files
from darkfleet.scale import detect_distributed, screen_distributed
from darkfleet.scale.detect_dask import EARLY_REACH_PARTS
from darkfleet.scale.detect_window import Receipt
from darkfleet.screening import Screener, bundled_lists
from darkfleet.screening.query import make_identity
from darkfleet.store import Workspace
from darkfleet.tracks.io import dated_days

cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the plugin below, on workers
pytestmark = pytest.mark.slow


def _detect(workspace: Path, client: Client, buckets: int, window_days: int = 1,
            on_cost: Callable[[Receipt], None] | None = None) -> Any:
    config = Config()
    with Workspace.open(workspace) as ws:
        return detect_distributed(ws, config.detect,
                                  load_registry(None, config.detect.ports.radius_m), client,
                                  buckets, window_days=window_days, on_cost=on_cost)


def test_detect_by_buckets_equals_one_process(client: Client, ingested: Path,
                                              reference: Path) -> None:
    costs: list[Receipt] = []
    summary = _detect(ingested, client, 3, on_cost=costs.append)
    assert summary.positions == len(sorted_rows(reference, "track_points"))
    for table in DETECTED:
        assert sorted_rows(ingested, table) == sorted_rows(reference, table), table
    # every suspected gap closed before the last window had its reach found early
    with Workspace.open(reference) as ws:
        last_day = datetime.fromisoformat(dated_days(ws)[-1]).replace(tzinfo=UTC)
    gaps = [(e["end"], json.loads(str(e["details"]))) for e in sorted_rows(reference, "events")
            if e["type"] == "ais_gap"]
    reached = [end for end, d in gaps if d["suspected"] and not d["open"]]
    finishes = [r for r in costs if r.stage == "finish"]
    assert len(finishes) == 3 and sum(r.reaches for r in finishes) == len(reached) > 0
    assert sum(r.reaches_early for r in finishes) == sum(
        end < last_day for end in reached) > 0
    assert sorted((r.stage, r.bucket, r.window) for r in costs if r.stage in (
        "judge", "reach")) == [("judge", b, -1) for b in range(3)] + [
        ("reach", b, k) for b in range(3) for k in range(EARLY_REACH_PARTS)]
    with Workspace.open(ingested) as ws:  # each task wrote its own parts of the one batch
        names = {table: [Path(where).name for _, where in ws.part_locations(table)]
                 for table in DETECTED}
        days = len(dated_days(ws))
    assert days == 5  # one window per day
    assert {tuple(n.split("-")[1:3]) for n in names["track_points"]} == {
        (f"{b:04d}", f"w{w:04d}") for b in range(3) for w in range(days)}
    assert {n.split("-")[1] for n in names["events"]} == {"0000", "0001", "0002"}
    assert len({n.split("-")[0] for table in DETECTED for n in names[table]}) == 1


def test_ingest_by_file_equals_one_process(client: Client, inputs: list[str], reference: Path,
                                           tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        reports = ingest_files(inputs, ws, Config().ingest,
                               executor=client.get_executor(pure=False))
        batches = [b["key"] for b in ws.batches("ingest")]
    with Workspace.open(reference) as ws:
        assert batches == [b["key"] for b in ws.batches("ingest")]  # committed in input order
        assert [r.to_json() for r in reports] == [b["report"] for b in ws.batches("ingest")]
    for table in ("positions", "static_reports", "quarantine"):
        assert sorted_rows(tmp_path / "ws", table) == sorted_rows(reference, table), table


def test_screen_in_chunks_equals_one_process(client: Client) -> None:
    screener = Screener(bundled_lists())
    identities = [make_identity(imo=9179842), make_identity(name="LADY R", flag="RU"),
                  make_identity(mmsi=273_000_000), make_identity(name="MARIA"),
                  make_identity(imo=9743033)]
    expected = screener.screen_many(identities)
    found = screen_distributed(client, screener, identities, chunk=2)
    assert [[m.to_record() for m in ms] for ms in found] == [
        [m.to_record() for m in ms] for ms in expected]
    assert sum(len(ms) for ms in found) >= 3


def test_detections_parsed_by_workers_equal_one_process(client: Client, ingested: Path,
                                                        detection_files: list[Path],
                                                        tmp_path: Path) -> None:
    def parse(paths: list[Path]) -> Iterator[ParsedFile]:
        return (f.result() for f in client.map(parse_file, paths, source="sar", mapping=None))

    local = Path(shutil.copytree(ingested, tmp_path / "local"))
    with Workspace.open(local) as ws:
        expected = load_detections(detection_files, ws, source="sar")
    with Workspace.open(ingested) as ws:
        found = load_detections(detection_files, ws, source="sar", parse=parse)
    assert found == expected
    assert expected[1].quarantined_by_reason["duplicate_detection_id"] > 0
    for table, order in (("detection_rows", "detection_id"), ("quarantine", "file, line")):
        rows = []
        for where in (local, ingested):
            with Workspace.open(where) as ws:
                rows.append(ws.query(f"SELECT * FROM {{{table}}} ORDER BY {order}").to_pylist())
        assert rows[0] == rows[1], table


class _DieOnce(WorkerPlugin):
    """Kills its worker process when a detection partition starts, the first time only."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        if finish == "executing" and "detect_window" in str(key) \
                and not os.path.exists(self.marker):
            Path(self.marker).touch()
            os._exit(1)


def test_a_worker_killed_mid_run_is_retried(ingested: Path, reference: Path,
                                            tmp_path: Path) -> None:
    marker = tmp_path / "killed"
    with local_cluster() as client:  # its own: a worker of it dies
        client.register_plugin(_DieOnce(str(marker)), name="die-once")
        _detect(ingested, client, 4)
    assert marker.exists()  # a worker did die, with a partition running
    for table in DETECTED:
        assert sorted_rows(ingested, table) == sorted_rows(reference, table), table
