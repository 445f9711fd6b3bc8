"""Shared fixtures.

Fixture policy: tests use the smallest real input that shows the behaviour. Real public samples
ship with the package (`src/darkfleet/data/`, see its SOURCES.md) and test vectors live in
`tests/data/`; tiny hand-written records are built by small factories in the test modules.
Workspaces are real DuckDB + Parquet directories under pytest's `tmp_path`. Nothing is mocked
and nothing reaches the network.
"""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).parent
PACKAGE_DATA = TESTS.parent / "src" / "darkfleet" / "data"


@pytest.fixture
def package_data() -> Path:
    """The real public samples bundled with darkfleet."""
    return PACKAGE_DATA


@pytest.fixture
def test_data() -> Path:
    """Test vectors (`tests/data/`)."""
    return TESTS / "data"
