"""`detect` writes track points, events, voyages and vessels in one batch: all or nothing."""

import pytest
from event_factories import RAJIN, make_positions, sail, stay

from darkfleet.errors import StoreError
from darkfleet.events import DetectSettings, detect, load_registry
from darkfleet.events.stay_detectors import LoiteringDetector
from darkfleet.store import Workspace

DUNAI = (42.893, 132.358)
TABLES = ("track_points", "events", "voyages", "vessels")


def _workspace(tmp_path):
    pings = stay(*RAJIN, 0, 3) + sail(RAJIN, DUNAI, 180, 120) + stay(*DUNAI, 25 * 60, 3)
    with Workspace.open(tmp_path / "ws", create=True) as ws, ws.batch("test", "k") as batch:
        batch.add("positions", make_positions(pings))
    return tmp_path / "ws"


def _add_a_day(ws):
    """Positions of a third day: a successful detection would change every table."""
    with ws.batch("test", "more") as batch:
        batch.add("positions", make_positions(sail(DUNAI, RAJIN, 48 * 60, 60)
                                              + stay(*RAJIN, 58 * 60, 3)))


def _state(ws):
    """Every row and every part file of the detected tables."""
    return {name: (sorted(map(repr, ws.read(name).to_pylist())), ws.part_paths(name))
            for name in TABLES}


def _files(path):
    return sorted(p for name in TABLES for p in (path / "tables" / name).glob("*/*.parquet"))


def test_a_run_commits_all_its_tables_in_one_batch(tmp_path):
    path = _workspace(tmp_path)
    with Workspace.open(path) as ws:
        detect(ws, DetectSettings(), load_registry())
        _add_a_day(ws)
        detect(ws, DetectSettings(), load_registry())
        runs = ws.batches("detect")
        owners = {name: {p.name.split("-")[0] for p in ws.part_paths(name)} for name in TABLES}
        assert ws.days("track_points") == ["2023-08-01", "2023-08-02", "2023-08-03"]
        assert _files(path) == sorted(p for name in TABLES for p in ws.part_paths(name))
    assert len(runs) == 2
    assert owners == {name: {runs[-1]["id"]} for name in TABLES}


def test_a_detector_failing_after_the_track_points_leaves_the_previous_run(tmp_path,
                                                                           monkeypatch):
    path = _workspace(tmp_path)
    with Workspace.open(path) as ws:
        detect(ws, DetectSettings(), load_registry())
        before, runs = _state(ws), ws.batches("detect")
        _add_a_day(ws)

        def failing(self, gathered, window):
            raise RuntimeError("loitering failed")

        monkeypatch.setattr(LoiteringDetector, "events", failing)
        with pytest.raises(RuntimeError, match="loitering failed"):
            detect(ws, DetectSettings(), load_registry())
        assert _state(ws) == before
        assert ws.batches("detect") == runs
        assert _files(path) == sorted(p for name in TABLES for p in ws.part_paths(name))
    assert [len(before[name][0]) > 0 for name in TABLES] == [True] * 4


def test_an_unreadable_day_midway_leaves_the_previous_run(tmp_path):
    path = _workspace(tmp_path)
    with Workspace.open(path) as ws:
        detect(ws, DetectSettings(), load_registry())
        before = _state(ws)
        _add_a_day(ws)
        for part in (path / "tables" / "positions").glob("day=2023-08-03/*.parquet"):
            part.write_bytes(b"not parquet")  # days 1 and 2 are read (and their points added)
        with pytest.raises(StoreError, match="cannot read positions of 2023-08-03"):
            detect(ws, DetectSettings(), load_registry())
        assert _state(ws) == before
        assert _files(path) == sorted(p for name in TABLES for p in ws.part_paths(name))
