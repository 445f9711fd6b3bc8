"""Fixtures of the web app tests: real uvicorn servers on loopback over real workspaces.

Fixture policy: one workspace built once per session by the real pipeline on a small SIMULATED
flagship scenario (simulate, ingest, load the bundled lists, screen, detect), and one empty
workspace (created, nothing ingested), and a missing one. Each is served by a real uvicorn
server in a thread on a free 127.0.0.1 port (`serve_helpers.serving`); the tests query it over
HTTP with `urllib.request`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from serve_helpers import Server, build_workspace, serving

from darkfleet.config import Config
from darkfleet.store import Workspace


@pytest.fixture(scope="session")
def pipeline_config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    return build_workspace(tmp_path_factory.mktemp("serve"))


@pytest.fixture(scope="session")
def server(pipeline_config: Config) -> Iterator[Server]:
    with serving(pipeline_config) as served:
        yield served


@pytest.fixture(scope="session")
def empty_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    path = tmp_path_factory.mktemp("serve-empty") / "ws"
    Workspace.open(path, create=True).close()
    with serving(Config().with_workspace(path)) as served:
        yield served


@pytest.fixture(scope="session")
def missing_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with serving(Config().with_workspace(tmp_path_factory.mktemp("gone") / "nothing")) as served:
        yield served
