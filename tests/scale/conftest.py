"""Shared fixtures of the Dask engine's tests.

Fixture policy: one small simulated scenario (3 days, a dozen vessels) plus real public samples,
ingested and detected once per session by the local engine: the reference every cluster run
must equal row for row. Clusters are real (worker processes on 127.0.0.1) and cost seconds to
start, so each test module shares one.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import Client
from processes import local_cluster

from darkfleet.config import Config
from darkfleet.events import detect, load_registry
from darkfleet.ingest import ingest_files
from darkfleet.simulate import Size, simulate
from darkfleet.store import Workspace

PACKAGE_DATA = Path(__file__).parents[2] / "src" / "darkfleet" / "data"


@pytest.fixture(scope="session")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """AIS files to ingest: a simulated scenario and three real samples (absolute paths)."""
    out = tmp_path_factory.mktemp("sim")
    simulate("dprk-russia-2023", out, 3, Size(days=3, background=6))
    return [str(out / "dprk-russia-2023.nmea"),
            str(PACKAGE_DATA / "ais" / "kystverket-aisnet" / "Ais1000Lines.nm4"),
            str(PACKAGE_DATA / "ais" / "dma-aislib" / "ais250.txt"),
            str(PACKAGE_DATA / "ais" / "amsa-risky" / "nmea-timestamped.txt")]


@pytest.fixture(scope="session")
def detection_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Simulated satellite detections of the scenario, as a file and again in two halves (the
    second file's rows repeat ids of the first: quarantined as duplicates)."""
    from darkfleet.simulate import generate
    from darkfleet.simulate.imagery import write_imagery

    out = tmp_path_factory.mktemp("imagery")
    write_imagery(generate("dprk-russia-2023", 3, Size(days=3, background=6)), out)
    lines = (out / "detections.csv").read_text().splitlines(keepends=True)
    half = out / "first-half.csv"
    half.write_text("".join(lines[: len(lines) // 2]) + "not,a,row\n")
    return [half, out / "detections.csv"]


@pytest.fixture(scope="session")
def reference(tmp_path_factory: pytest.TempPathFactory, inputs: list[str]) -> Path:
    """The inputs ingested and detected by the local engine."""
    root = tmp_path_factory.mktemp("reference") / "ws"
    config = Config()
    with Workspace.open(root, create=True) as ws:
        ingest_files(inputs, ws, config.ingest)
    ingested = root.parent / "ingested"
    shutil.copytree(root, ingested)
    with Workspace.open(root) as ws:
        detect(ws, config.detect, load_registry(None, config.detect.ports.radius_m))
    return root


@pytest.fixture
def ingested(reference: Path, tmp_path: Path) -> Path:
    """A fresh copy of the reference workspace as it was before detection."""
    return Path(shutil.copytree(reference.parent / "ingested", tmp_path / "ws"))


@pytest.fixture(scope="session")
def client() -> Iterator[Client]:
    """A `LocalCluster` of two single-threaded worker processes on 127.0.0.1."""
    with local_cluster() as client:
        yield client
