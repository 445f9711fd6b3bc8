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
from darkfleet.tracks.query import POSITION_COLUMNS, STATIC_COLUMNS, read_day_table

__all__ = ["POSITION_COLUMNS", "STATIC_COLUMNS", "TRACK_POINTS", "dated_days", "read_day",
           "static_days", "write_points"]

TRACK_POINTS = "track_points"


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
    positions = read_day_table(workspace, "positions", POSITION_COLUMNS, day)
    statics = (read_day_table(workspace, "static_reports", STATIC_COLUMNS, day)
               if with_statics else None)
    return positions, statics


def write_points(batch: Batch, points: pl.DataFrame) -> None:
    """Add track points (one chunk's fresh points) to `batch`."""
    batch.add(TRACK_POINTS, points.to_arrow())
