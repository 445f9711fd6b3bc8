"""Window and cell edges: a track, a gap and an encounter across the edge of two time windows,
and an encounter whose two vessels lie in cells of different groups; on two workers, with one
window per day, the tables equal the local engine's and hold exactly the planted events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pyarrow as pa
import pytest
from distributed import Client
from equivalence import DETECTED, sorted_rows

from darkfleet.events import DetectSettings, detect, load_registry
from darkfleet.scale import detect_distributed
from darkfleet.scale.detect_window import encounter_detector, new_run
from darkfleet.scale.partitions import by_cell_group, cell_group, owned_by
from darkfleet.store import Workspace
from darkfleet.store.schema import POSITIONS

pytestmark = pytest.mark.slow

DAY = datetime(2024, 3, 1, tzinfo=UTC)
STEP = timedelta(minutes=10)
TRACK, DARK, MET, MEETS, EAST, WEST = (211000001, 211000002, 211000003, 211000004, 211000005,
                                       211000006)


def _fixes(mmsi: int, start: datetime, end: datetime, lat: float, lon: float,
           speed_kn: float) -> list[dict[str, object]]:
    """Fixes every 10 minutes from `start` (included) to `end` (excluded), heading north."""
    rows = []
    when = start
    while when < end:
        hours = (when - DAY).total_seconds() / 3600
        rows.append({"mmsi": mmsi, "ts": when, "kind": "vessel",
                     "lat": lat + speed_kn * hours / 60, "lon": lon, "speed_kn": speed_kn})
        when += STEP
    return rows


def _archive() -> pa.Table:
    at = lambda day, hour: DAY + timedelta(days=day, hours=hour)  # noqa: E731
    # a track across both edges; a gap across the first (and open across the second); an
    # encounter across the first; an encounter of two vessels in cells of two groups
    rows = (_fixes(TRACK, at(0, 0), at(3, 0), 30.0, -35.0, 10.0)
            + _fixes(DARK, at(0, 6), at(0, 20), 31.0, -36.0, 10.0)
            + _fixes(DARK, at(1, 4), at(1, 18), 31.0, -36.0, 10.0)
            + _fixes(MET, at(0, 21), at(1, 3), 42.0, -36.0, 0.0)
            + _fixes(MEETS, at(0, 21), at(1, 3), 42.001, -36.0, 0.0)
            + _fixes(EAST, at(1, 10), at(1, 14), 39.999, -30.0, 0.0)
            + _fixes(WEST, at(1, 10), at(1, 14), 40.001, -30.0, 0.0))
    columns = {f.name: [r.get(f.name) for r in rows] for f in POSITIONS}
    return pa.table(columns, schema=POSITIONS)


@pytest.fixture(scope="module")
def edges(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(detected by the local engine, ingested only) workspaces of the planted archive."""
    root = tmp_path_factory.mktemp("edges")
    for name in ("local", "dask"):
        with Workspace.open(root / name, create=True) as ws, ws.batch("test", "edges") as batch:
            batch.add("positions", _archive())
    with Workspace.open(root / "local") as ws:
        detect(ws, DetectSettings(), load_registry())
    return root / "local", root / "dask"


def test_the_pair_across_cells_is_in_two_groups_and_owned_by_one() -> None:
    settings = DetectSettings()
    detector = encounter_detector(settings)
    day = pl.from_arrow(_archive()).filter(pl.col("ts").dt.day() == 2)
    assert isinstance(day, pl.DataFrame)
    bins = detector.bins(new_run(settings, load_registry()).builder.chunk(day)).filter(
        pl.col("mmsi").is_in([EAST, WEST]))
    home = bins.select("mmsi", cell_group(pl.col("cy"), pl.col("cx"), 3).alias("g")).unique()
    assert home.sort("mmsi").get_column("g").to_list() == [0, 2]  # cells of two groups
    groups = by_cell_group(bins, 3)
    owners = [g for g, frame in groups.items()
              if owned_by(detector.pairs(frame), g, 3, 0.005).height]
    assert sorted(groups) == [0, 2]  # each group sees both vessels (the halo)...
    assert [detector.pairs(groups[g]).height for g in (0, 2)] == [8, 8]  # 4 h of 30-min bins
    assert owners == [2]  # ...and the group of the midpoint's cell alone keeps the pairs


def test_edges_inside_a_track_a_gap_and_an_encounter(client: Client,
                                                     edges: tuple[Path, Path]) -> None:
    local, dask = edges
    with Workspace.open(dask) as ws:
        summary = detect_distributed(ws, DetectSettings(), load_registry(), client, 3,
                                     window_days=1)
    assert summary.days == 3
    for table in DETECTED:
        assert sorted_rows(dask, table) == sorted_rows(local, table), table
    found = {(e["type"], e["mmsi"], e["other_mmsi"], e["start"], e["end"])
             for e in sorted_rows(dask, "events") if e["type"] in ("encounter", "ais_gap")}
    at = lambda day, hour, minute=0: DAY + timedelta(days=day, hours=hour, minutes=minute)  # noqa: E731
    assert found == {("ais_gap", DARK, None, at(0, 19, 50), at(1, 4)),
                     ("ais_gap", DARK, None, at(1, 17, 50), at(2, 23, 50)),  # open at the end
                     ("encounter", MET, MEETS, at(0, 21), at(1, 2, 50)),
                     ("encounter", EAST, WEST, at(1, 10), at(1, 13, 50))}
    track = [p for p in sorted_rows(dask, "track_points") if p["mmsi"] == TRACK]
    assert len(track) == 3 * 144 and {p["segment"] for p in track} == {0}
