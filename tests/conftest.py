"""Shared fixtures.

Fixture policy: tests use the smallest real input that shows the behaviour. Real public samples
ship with the package (`src/darkfleet/data/`, see its SOURCES.md) and test vectors live in
`tests/data/`; tiny hand-written records are built by small factories in the test modules.
Workspaces are real DuckDB + Parquet directories under pytest's `tmp_path`. Nothing is mocked
and nothing reaches the network.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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


# Scheduling over xdist workers (`make test`: `-n 2 --dist loadscope --no-loadscope-reorder`).
# A session-scoped fixture (a built workspace, a running server, parsed lists) is built once
# per worker that runs a test using it, a module-scoped one once per worker that runs a test of
# the module. So the tests of a folder whose conftest.py has a session fixture go to one worker
# together, and the tests of any other module go to one worker together; these units start
# longest first (as long as they took in the last run, kept in pytest's cache; else as long as
# they took when `unit_seconds.json` was written; else 1 s a test and 20 s a slow one), so that
# the long ones begin early and the short ones fill the end.

SHARED_FOLDERS = frozenset(
    path.parent.relative_to(TESTS.parent).as_posix() for path in TESTS.glob("*/conftest.py")
    if 'scope="session"' in path.read_text())
UNIT_SECONDS = "darkfleet/unit-seconds"
#: Each unit's seconds as measured on a 2-core machine, for a first run with no cache.
RECORDED_SECONDS = TESTS / "unit_seconds.json"


def scope_of(nodeid: str) -> str:
    """The unit of scheduling of a test: its folder if that shares session fixtures, else its
    module."""
    module = nodeid.split("::", 1)[0]
    folder = module.rpartition("/")[0]
    return folder if folder in SHARED_FOLDERS else module


@pytest.hookimpl(optionalhook=True)  # xdist's hook: unknown under -p no:xdist
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`--dist loadscope` with the units of `scope_of`."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class SharedFixtureScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return scope_of(nodeid)

    return SharedFixtureScheduling(config, log)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On an xdist worker, order the tests by unit, longest unit first (the order in which the
    units are handed out with --no-loadscope-reorder)."""
    if not hasattr(config, "workerinput"):
        return
    measured = json.loads(RECORDED_SECONDS.read_text()) if RECORDED_SECONDS.exists() else {}
    cache = getattr(config, "cache", None)
    measured.update(cache.get(UNIT_SECONDS, {}) if cache is not None else {})
    estimated: dict[str, float] = {}
    for item in items:
        scope = scope_of(item.nodeid)
        estimated[scope] = estimated.get(scope, 0) + (20 if item.get_closest_marker("slow") else 1)
    seconds = {scope: measured.get(scope, guess) for scope, guess in estimated.items()}
    items.sort(key=lambda item: (-seconds[scope_of(item.nodeid)], scope_of(item.nodeid)))


_unit_seconds: dict[str, float] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    _unit_seconds[scope_of(report.nodeid)] = (_unit_seconds.get(scope_of(report.nodeid), 0)
                                              + report.duration)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Keep each unit's seconds for the next run's order (by the process that saw them all)."""
    config = session.config
    cache = getattr(config, "cache", None)  # None without pytest's cache plugin
    if hasattr(config, "workerinput") or cache is None or not _unit_seconds:
        return
    if getattr(config.option, "dist", "no") == "no":
        return
    kept = cache.get(UNIT_SECONDS, {})
    kept.update({scope: round(seconds, 2) for scope, seconds in _unit_seconds.items()})
    cache.set(UNIT_SECONDS, kept)
