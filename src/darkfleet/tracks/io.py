"""The tracks stage's I/O: the day partitions it reads and the track points it writes.

Detection reads `positions` and `static_reports` one day partition at a time (memory is bounded
by the largest day) and writes `track_points` into the detection's batch, so that they become
visible together with the events, voyages and vessels made from them.
"""

from __future__ import annotations

import polars as pl
import pyarrow as pa

from darkfleet.errors import StoreError
from darkfleet.store.batch import UNDATED, Batch
from darkfleet.store.workspace import Workspace

TRACK_POINTS = "track_points"
POSITION_COLUMNS = "mmsi, ts, kind, lat, lon, speed_kn, course_deg, source"
# Draughts are stored as float32 at AIS resolution (0.1 m): read them back as exact decimetres.
STATIC_COLUMNS = ("mmsi, ts, imo, callsign, shipname, ship_type, "
                  "round(CAST(draught_m AS DOUBLE), 1) AS draught_m, destination")


def dated_days(workspace: Workspace) -> list[str]:
    """The day partitions of `positions` with timestamps, in order.

    Raises:
        StoreError: there are none.
    """
    if not workspace.has_table("positions"):
        raise StoreError("the workspace has no positions (run `darkfleet ingest` first)",
                         path=workspace.path)
    days = [d for d in workspace.days("positions") if d != UNDATED]
    if not days:
        raise StoreError("the workspace has no timestamped positions to detect events in",
                         path=workspace.path)
    return days


def static_days(workspace: Workspace) -> set[str]:
    """The day partitions of `static_reports` (none when nothing static was ingested)."""
    return set(workspace.days("static_reports")) if workspace.has_table(
        "static_reports") else set()


def read_day(workspace: Workspace, day: str, with_statics: bool
             ) -> tuple[pa.Table, pa.Table | None]:
    """The positions (and, with `with_statics`, the static reports) of one day partition.

    Raises:
        StoreError: a part is unreadable (names the table and the day).
    """
    positions = _read(workspace, "positions", POSITION_COLUMNS, day)
    statics = _read(workspace, "static_reports", STATIC_COLUMNS, day) if with_statics else None
    return positions, statics


def write_points(batch: Batch, points: pl.DataFrame) -> None:
    """Add track points (one chunk's fresh points) to `batch`."""
    batch.add(TRACK_POINTS, points.to_arrow())


def _read(workspace: Workspace, table: str, columns: str, day: str) -> pa.Table:
    source = workspace.source(table, days=[day]).replace("{", "{{").replace("}", "}}")
    try:
        return workspace.query(f"SELECT {columns} FROM {source}")
    except StoreError as error:
        message = error.message.removeprefix("cannot read the workspace: ").splitlines()[0]
        raise StoreError(f"cannot read {table} of {day}: {message}",
                         path=workspace.path) from error
