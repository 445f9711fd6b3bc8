"""Lists stored in a workspace: cached entries, versions, designation history, atomic loads."""

from pathlib import Path

import pytest

from darkfleet.data import sample_path
from darkfleet.errors import ScreeningError
from darkfleet.screening import (
    designation_history,
    list_versions,
    load_lists,
    read_lists,
    store_lists,
)
from darkfleet.store import Workspace

SDN = sample_path("sanctions/ofac_sdn_2024-05-03/sdn.csv")


def _sdn_version(tmp_path: Path, date: str, first: int, last: int) -> Path:
    lines = SDN.read_text(encoding="utf-8").splitlines(keepends=True)[first:last]
    folder = tmp_path / f"sdn_{date}"
    folder.mkdir()
    (folder / "sdn.csv").write_text("".join(lines), encoding="utf-8")
    return folder / "sdn.csv"


def test_a_newer_version_records_what_was_added_and_removed(tmp_path):
    old = read_lists([_sdn_version(tmp_path, "2024-01-01", 0, 40)])
    new = read_lists([_sdn_version(tmp_path, "2024-02-01", 2, 45)])
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        assert store_lists(ws, old, "v1") == []
        changes = store_lists(ws, new, "v2")
        assert [(c["id"], c["change"]) for c in changes] == [
            ("1555", "added"), ("1570", "added"), ("1571", "added"), ("1641", "added"),
            ("1660", "added"), ("173", "removed"), ("36", "removed")]
        assert changes[-1] == {"list": "OFAC SDN", "id": "36", "name": "AEROCARIBBEAN AIRLINES",
                               "kind": "organization", "change": "removed",
                               "version": "2024-02-01", "previous_version": "2024-01-01"}
        assert [r["version"] for r in list_versions(ws)] == ["2024-01-01", "2024-02-01"]
        assert len(designation_history(ws, "OFAC SDN")) == 7
        assert designation_history(ws, "UK") == []
        [current] = load_lists(ws)
        assert (current.version, len(current.entries)) == ("2024-02-01", 43)


def test_stored_lists_read_back_equal(tmp_path, lists):
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        store_lists(ws, lists, "bundled")
        back = load_lists(ws)
    assert sorted(back, key=lambda x: x.list) == sorted(lists, key=lambda x: x.list)


def test_a_malformed_file_loads_nothing(tmp_path):
    good = _sdn_version(tmp_path, "2024-01-01", 0, 10)
    bad = tmp_path / "un.xml"
    bad.write_text("<CONSOLIDATED_LIST>\n<ENTITIES>\n", encoding="utf-8")
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        with pytest.raises(ScreeningError, match=r"un\.xml:3: malformed XML"):
            store_lists(ws, read_lists([good, bad]), "k")
        assert ws.tables() == []
        assert load_lists(ws) == []


def test_vessels_only(tmp_path, lists):
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        store_lists(ws, lists, "bundled")
        vessels = load_lists(ws, vessels_only=True)
    assert [(x.list, len(x.entries)) for x in vessels] == [("OFAC SDN", 851), ("UK", 461),
                                                          ("UN", 26)]
    assert {e.kind for x in vessels for e in x.entries} == {"vessel", "vessel_ref"}


def test_loading_an_older_version_warns(tmp_path):
    from darkfleet.screening import load_list_files

    newer = _sdn_version(tmp_path, "2024-02-01", 0, 5)
    older = _sdn_version(tmp_path, "2024-01-01", 0, 6)
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        assert load_list_files(ws, [newer]).warnings == ()
        report = load_list_files(ws, [older])
    assert report.warnings == (
        "OFAC SDN 2024-01-01 is older than the loaded 2024-02-01: it becomes the current "
        "version, and its changes are recorded against it",)
    assert [(c["id"], c["change"]) for c in report.changes] == [("480", "added")]
