"""Dask engine: one file ingested in byte ranges, each decoded by a worker, equals one process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import Client, LocalCluster
from equivalence import sorted_rows

from darkfleet.config import Config
from darkfleet.ingest import ingest_files
from darkfleet.ingest.ranges import Ranging, spans_of
from darkfleet.store import Workspace


@pytest.fixture(scope="module")
def threads() -> Iterator[Client]:
    """A cluster of two workers in this process (the ranges are what is tested here)."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                      scheduler_kwargs={"dashboard": False}) as cluster, \
            Client(cluster) as client:
        yield client


def test_ingest_of_one_file_in_ranges_equals_one_process(threads: Client, inputs: list[str],
                                                         reference: Path, tmp_path: Path
                                                         ) -> None:
    scenario = inputs[0]  # the simulated scenario: tag blocks, two-sentence type 5 messages
    size = Path(scenario).stat().st_size
    ranging = Ranging(block_bytes=size // 7, range_bytes=size // 7, lead_bytes=size // 20,
                      min_bytes=0)
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        reports = ingest_files([scenario], ws, Config().ingest,
                               executor=threads.get_executor(pure=False), ranging=ranging)
    with Workspace.open(reference) as ws:
        assert [r.to_json() for r in reports] == [ws.batches("ingest")[0]["report"]]
    assert len(spans_of(scenario, size, ranging, 2) or []) == 7
    for table in ("positions", "static_reports"):
        expected = [row for row in sorted_rows(reference, table) if row["file"] == scenario]
        assert sorted_rows(tmp_path / "ws", table) == expected, table
