"""Comparing workspaces table by table: the rows of each table in a total order."""

from __future__ import annotations

from pathlib import Path

from darkfleet.store import Workspace

#: Sorted outputs compared row for row (the key makes the order total).
ORDER = {"positions": ["mmsi", "ts", "file", "line"], "static_reports": ["mmsi", "ts", "line"],
         "quarantine": ["file", "line"], "track_points": ["mmsi", "segment", "ts"],
         "events": ["id"], "voyages": ["mmsi", "depart"], "vessels": ["mmsi"],
         "detection_rows": ["detection_id"]}
DETECTED = ("track_points", "events", "voyages", "vessels")


def sorted_rows(workspace: str | Path, table: str) -> list[dict[str, object]]:
    """Every row of `table`, in the order of its `ORDER` key (none when it has no parts)."""
    with Workspace.open(workspace) as ws:
        if not ws.has_table(table):
            return []
        order = ", ".join(f'"{c}"' for c in ORDER[table])
        return ws.query(f"SELECT * FROM {{{table}}} ORDER BY {order}").to_pylist()
