"""The trade stage's reads of the workspace (all its SQL): hull dimensions and ship type per
vessel from its static reports."""

from __future__ import annotations

from typing import Any

from darkfleet.store import Workspace

_HULL_SQL = """
SELECT mmsi, max(imo) AS imo,
       median(to_bow_m + to_stern_m) FILTER (WHERE to_bow_m > 0 AND to_stern_m > 0) AS length_m,
       median(to_port_m + to_starboard_m)
           FILTER (WHERE to_port_m > 0 AND to_starboard_m > 0) AS beam_m,
       mode(ship_type) AS ship_type
FROM {static_reports} GROUP BY mmsi
"""


def hull_rows(ws: Workspace) -> list[dict[str, Any]]:
    """Per MMSI: `imo`, the median `length_m` and `beam_m` over the static reports that give
    both ends, and the most frequent `ship_type`.

    Raises:
        StoreError: there are no static reports, or they are unreadable.
    """
    return list(ws.query(_HULL_SQL).to_pylist())
