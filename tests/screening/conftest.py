"""Fixtures of the screening tests: the real bundled lists, each parsed once per session.

Fixture policy: the real lists bundled with darkfleet (OFAC SDN 2024-05-03 with the alt.csv
aliases, the UN consolidated list, the UK list) are the acceptance data; `data/` holds small
real excerpts of the formats no bundled file covers, and the labelled evaluation set (see
`data/SOURCES.md`). Malformed files are written per test under `tmp_path`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from darkfleet.screening import SanctionsList, Screener, bundled_lists

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def lists() -> list[SanctionsList]:
    """Every bundled list, with OFAC's aliases."""
    return bundled_lists()


@pytest.fixture(scope="session")
def lists_without_aliases() -> list[SanctionsList]:
    return bundled_lists(aliases=False)


@pytest.fixture(scope="session")
def screener(lists: list[SanctionsList]) -> Screener:
    return Screener(lists)


@pytest.fixture(scope="session")
def screener_without_aliases(lists_without_aliases: list[SanctionsList]) -> Screener:
    return Screener(lists_without_aliases)


@pytest.fixture
def data() -> Path:
    return DATA
