"""Frames for notebooks: the workspace's tables as Arrow, pandas or GeoPandas, filtered.

`Workspace.events()`, `.voyages()`, `.vessels()` and `.tracks()` call `frame`. The filters are the
command line's (`darkfleet.events.query.Filters`: mmsi, imo, name in any script, callsign, port,
since, until, area, types, watched). As GeoDataFrames (CRS WGS 84), events are Points and gaps
LineStrings, voyages and tracks LineStrings, vessels Points at their last fix. As Arrow or pandas,
`tracks` are the track points themselves; pandas frames have `details` as dicts.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from darkfleet.errors import MissingExtraError, UsageError
from darkfleet.events.query import Filters, query_table, selection_clauses
from darkfleet.row_values import decoded
from darkfleet.store.workspace import FrameKind, Workspace
from darkfleet.tracks.query import last_fixes, point_rows

TABLES = ("events", "voyages", "vessels", "tracks")

def frame(workspace: Workspace, what: str, filters: Filters | None = None,
          kind: FrameKind = "arrow", **criteria: Any) -> Any:
    """Table `what` (events, voyages, vessels, tracks) filtered, as a frame of `kind`.

    `criteria` are `Filters` fields (`mmsi=`, `name=`, `since=`...) added to `filters`.

    Raises:
        UsageError: an unknown table, kind or filter.
        StoreError: `darkfleet detect` has not run in the workspace.
        MissingExtraError: pandas or GeoPandas is not installed (the `geo` extra).
    """
    if what not in TABLES or kind not in ("arrow", "pandas", "geopandas"):
        raise UsageError(f"cannot make a {kind} frame of {what!r}; tables: {', '.join(TABLES)}")
    chosen = _filters(filters, criteria)
    if kind == "geopandas":
        return _geoframe(workspace, what, chosen)
    table = _track_points(workspace, chosen) if what == "tracks" else query_table(
        workspace, what, chosen)
    return table if kind == "arrow" else _pandas(table)


def _filters(filters: Filters | None, criteria: dict[str, Any]) -> Filters:
    from dataclasses import replace

    try:
        return replace(filters or Filters(), **criteria)
    except TypeError as error:
        raise UsageError(f"unknown filter: {error}") from error


def _pandas(table: pa.Table) -> Any:
    try:
        data = table.to_pandas()
    except ImportError as error:
        raise MissingExtraError("pandas", "geo") from error
    if "details" in data.columns:
        data["details"] = data["details"].map(lambda text: decoded(text) if text else None)
    return data


def _geoframe(workspace: Workspace, what: str, filters: Filters) -> Any:
    from darkfleet.export.features import point_feature
    from darkfleet.export.geoframe import to_geodataframe
    from darkfleet.export.layers import event_features, track_features, voyage_features

    if what == "vessels":
        rows = query_table(workspace, "vessels", filters).to_pylist()
        fixes = last_fixes(workspace, [row["mmsi"] for row in rows]) if rows else {}
        return to_geodataframe([point_feature({**row, **fixes.get(row["mmsi"], {})})
                                for row in rows])
    reader = {"events": event_features, "voyages": voyage_features, "tracks": track_features}
    return to_geodataframe(reader[what](workspace, filters))


def _track_points(workspace: Workspace, filters: Filters) -> pa.Table:
    from darkfleet.export.layers import point_clauses

    clauses, params = selection_clauses(workspace, "track_points", filters)
    more, more_params = point_clauses(filters)
    return point_rows(workspace, clauses + more, params + more_params)
