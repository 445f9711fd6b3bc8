"""Fixtures of the watch tests: one workspace with the bundled lists loaded, copied per test
(loading the lists takes seconds; copying a workspace directory takes milliseconds)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from darkfleet.screening import bundled_list_paths, load_list_files
from darkfleet.store import Workspace


@pytest.fixture(scope="session")
def lists_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace holding only the bundled sanctions lists (do not write to it)."""
    path = tmp_path_factory.mktemp("watch") / "lists-ws"
    with Workspace.open(path, create=True) as ws:
        load_list_files(ws, bundled_list_paths())
    return path


@pytest.fixture
def workspace(lists_workspace: Path, tmp_path: Path) -> Path:
    """A fresh copy of the lists workspace for one test."""
    target = tmp_path / "ws"
    shutil.copytree(lists_workspace, target)
    return target
