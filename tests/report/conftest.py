"""Fixtures of the report tests: real workspaces (DuckDB + Parquet) written like the stages do.

Fixture policy: the flagship-like workspace of `report_builders` (three simulated vessels of
interest with gaps, an encounter, real OFAC entries) with its case mapping (the source
article's five sources) or the bundled case `dprk-russia-2023`, an empty workspace, and small
variants built in the tests themselves.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from report_builders import write_flagship

from darkfleet.store import Workspace


@pytest.fixture(scope="session")
def flagship_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_flagship(tmp_path_factory.mktemp("flagship") / "ws")


@pytest.fixture
def empty_ws(tmp_path: Path) -> Path:
    path = tmp_path / "empty"
    Workspace.open(path, create=True).close()
    return path
