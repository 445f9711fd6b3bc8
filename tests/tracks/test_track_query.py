"""The track point readers (brief, map, export) over a small real workspace."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pytest

from darkfleet.store import Workspace
from darkfleet.tracks.query import (
    Track,
    gap_ends,
    last_fixes,
    read_thinned,
    segment_lines,
    simulated_mmsis,
    voyage_fixes,
)

T0 = datetime(2023, 8, 1, tzinfo=UTC)


def _points() -> list[dict[str, object]]:
    """Vessel 1: six fixes 10 min apart, a 5 h silence, then two more (segment 1); vessel 2:
    one fix."""
    times = [T0 + timedelta(minutes=10 * i) for i in range(6)]
    times += [times[-1] + timedelta(hours=5), times[-1] + timedelta(hours=5, minutes=10)]
    rows: list[dict[str, object]] = [
        {"mmsi": 1, "segment": 0 if i < 6 else 1, "ts": t, "lat": 42.0 + i / 10,
         "lon": 131.0 + i / 10} for i, t in enumerate(times)]
    rows.append({"mmsi": 2, "segment": 0, "ts": T0, "lat": 40.0, "lon": 130.0})
    return rows


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tracks") / "ws"
    with Workspace.open(path, create=True) as ws:
        ws.replace_table("track_points", pa.Table.from_pylist(_points()))
        ws.replace_table("positions", pa.Table.from_pylist([
            {"mmsi": 1, "ts": T0, "lat": 42.0, "lon": 131.0, "source": "darkfleet-simulated",
             "kind": "vessel"},
            {"mmsi": 2, "ts": T0, "lat": 40.0, "lon": 130.0, "source": "kystverket",
             "kind": "vessel"}]))
        ws.replace_table("events", pa.Table.from_pylist([
            {"id": "g1", "type": "ais_gap", "mmsi": 1, "start": T0 + timedelta(minutes=50),
             "end": T0 + timedelta(hours=5, minutes=50)}]))
        ws.replace_table("voyages", pa.Table.from_pylist([
            {"id": "v1", "mmsi": 1, "depart": T0 + timedelta(minutes=10),
             "arrive": T0 + timedelta(minutes=30)}]))
    return path


def test_thinned_tracks_keep_both_ends_of_a_silence(workspace: Path) -> None:
    with Workspace.open(workspace) as ws:
        tracks = read_thinned(ws, 2)
    start = T0.timestamp()
    assert [t.mmsi for t in tracks] == [1, 2]
    assert [(round(p[0] - start), p[3]) for p in tracks[0].points] == [
        (0, 0), (1800, 0), (3000, 0), (21000, 1), (21600, 1)]
    assert tracks[1] == Track(2, ((start, 40.0, 130.0, 0),))


def test_map_lines_gap_ends_voyage_fixes_and_last_fixes(workspace: Path) -> None:
    with Workspace.open(workspace) as ws:
        lines = segment_lines(ws, [1], None, None, 100)
        ends = gap_ends(ws, ["g1"])
        fixes = voyage_fixes(ws, ["v1"])
        last = last_fixes(ws, [1, 2])
        simulated = simulated_mmsis(ws, ("darkfleet-simulated",))
    assert [(r["mmsi"], r["segment"], len(r["line"])) for r in lines] == [(1, 0, 6), (1, 1, 2)]
    assert ends == {"g1": (pytest.approx(131.5), pytest.approx(42.5), pytest.approx(131.6),
                           pytest.approx(42.6))}
    assert fixes == {"v1": ([pytest.approx(131.1), pytest.approx(131.2), pytest.approx(131.3)],
                            [pytest.approx(42.1), pytest.approx(42.2), pytest.approx(42.3)])}
    assert {m: (r["lat"], r["lon"]) for m, r in last.items()} == {
        1: (pytest.approx(42.7), pytest.approx(131.7)), 2: (40.0, 130.0)}
    assert simulated == frozenset({1})
