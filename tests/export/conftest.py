"""Fixtures of the export tests: one detected workspace (see `export_builders`) for the session.

Fixture policy: the workspace is written once, like the stages write it (positions and static
reports in a batch, then the real `detect`), and only read by the tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from export_builders import write_workspace


@pytest.fixture(scope="session")
def export_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workspace(tmp_path_factory.mktemp("export") / "ws")
