"""Reading track points (and the positions behind them) back from a workspace.

The reads of the brief, the web app's map and the export: tracks thinned per vessel
(`read_thinned`, as `Track` records), one line per track segment (`segment_lines`,
`segment_rows`), fixes along voyages and at both ends of AIS gaps, the last fix of vessels, and
the MMSIs whose positions came from a simulated source. Track points are the tracks stage's;
the positions summary stands in for them in a workspace that was ingested but not detected.
And detection's read of one day partition of positions or static reports (`read_day_table`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pyarrow as pa

from darkfleet.errors import StoreError
from darkfleet.store.workspace import Workspace

__all__ = ["POSITION_COLUMNS", "STATIC_COLUMNS", "Track", "events_with_ends", "gap_ends",
           "last_fixes", "point_rows", "positions_summary", "read_day_table", "read_thinned",
           "segment_lines", "segment_rows", "simulated_mmsis", "voyage_fixes"]

#: A fix of a thinned track: (epoch seconds, lat, lon, segment).
Fix = tuple[float, float, float, int]


@dataclass(frozen=True, slots=True)
class Track:
    """A vessel's (thinned) positions in time order: `(epoch_s, lat, lon, segment)` each."""

    mmsi: int
    points: tuple[Fix, ...]


_THIN_SQL = """
SELECT mmsi, {segment} AS segment, epoch_ms(ts) / 1000.0 AS t, lat, lon FROM (
    SELECT *, row_number() OVER w AS rn, count(*) OVER (PARTITION BY mmsi) AS n,
           epoch_ms(ts) - epoch_ms(lag(ts) OVER w) AS before_ms,
           epoch_ms(lead(ts) OVER w) - epoch_ms(ts) AS after_ms
    FROM {table} WHERE isfinite(lat) AND isfinite(lon) {where}
    WINDOW w AS (PARTITION BY mmsi ORDER BY ts)
) WHERE rn = 1 OR rn = n OR rn % CAST(ceil(n / ?) AS BIGINT) = 0 OR before_ms > ? OR after_ms > ?
ORDER BY mmsi, ts
"""

_VESSEL_POSITIONS = "(kind IS NULL OR kind = 'vessel')"


def read_thinned(ws: Workspace, per_vessel: int) -> list[Track]:
    """Track points per vessel (else positions, in one segment), thinned to about `per_vessel`
    points, keeping both ends of every silence over an hour; none without either table."""
    if ws.has_table("track_points"):
        sql = _THIN_SQL.format(segment="segment", table="{track_points}", where="")
    elif ws.has_table("positions"):
        sql = _THIN_SQL.format(segment="0", table="{positions}",
                               where=f"AND {_VESSEL_POSITIONS}")
    else:
        return []
    hour_ms = 3_600_000
    columns = ws.query(sql, [per_vessel, hour_ms, hour_ms]).to_pydict()
    tracks: dict[int, list[Fix]] = {}
    for mmsi, segment, t, lat, lon in zip(
        columns["mmsi"], columns["segment"], columns["t"], columns["lat"], columns["lon"],
        strict=True,
    ):
        tracks.setdefault(int(mmsi), []).append((float(t), float(lat), float(lon), int(segment)))
    return [Track(m, tuple(p)) for m, p in sorted(tracks.items())]


def simulated_mmsis(ws: Workspace, sources: Sequence[str]) -> frozenset[int]:
    """The MMSIs with positions from one of `sources` (simulated feeds)."""
    if not sources or not ws.has_table("positions"):
        return frozenset()
    marks = ", ".join("?" for _ in sources)
    sql = f"SELECT DISTINCT mmsi FROM {{positions}} WHERE source IN ({marks})"
    return frozenset(int(m) for m in ws.query(sql, list(sources)).column("mmsi").to_pylist())


def positions_summary(ws: Workspace) -> list[dict[str, Any]]:
    """Per vessel MMSI: first and last fix time and the count of positions (none without
    positions); what stands in for the `vessels` table before detection."""
    if not ws.has_table("positions"):
        return []
    rows: list[dict[str, Any]] = ws.query(
        "SELECT mmsi, min(ts) AS first_ts, max(ts) AS last_ts, count(*) AS positions "
        f"FROM {{positions}} WHERE {_VESSEL_POSITIONS} GROUP BY mmsi").to_pylist()
    return rows


def _where(mmsis: Sequence[int] | None, since: datetime | None, until: datetime | None,
           start: str, end: str, column: str = "mmsi") -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if mmsis is not None:  # rows without an MMSI (unmatched detections) are always kept
        clauses.append(f"({column} IN (SELECT unnest(?::BIGINT[])) OR {column} IS NULL)")
        params.append(list(mmsis))
    if since is not None:
        clauses.append(f"{end} >= ?")
        params.append(since)
    if until is not None:
        clauses.append(f"{start} <= ?")
        params.append(until)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def segment_lines(ws: Workspace, mmsis: Sequence[int] | None, since: datetime | None,
                  until: datetime | None, points_per_vessel: int) -> list[dict[str, Any]]:
    """One row per track segment with more than one fix (mmsi, segment, `line` of
    `[lon, lat]` in time order, first_ts, last_ts), thinned evenly to about
    `points_per_vessel` fixes a vessel; of the vessels `mmsis` (None: all), overlapping
    `since`-`until`."""
    where, params = _where(mmsis, since, until, "ts", "ts")
    sql = ("SELECT mmsi, segment, list([lon, lat] ORDER BY ts) AS line, min(ts) AS first_ts, "
           "max(ts) AS last_ts FROM (SELECT *, row_number() OVER (PARTITION BY mmsi ORDER BY "
           "ts) AS n, count(*) OVER (PARTITION BY mmsi) AS total FROM {track_points}"
           f"{where}) WHERE (n - 1) % greatest(1, ceil(total / ?)::BIGINT) = 0 OR n = total "
           "GROUP BY mmsi, segment HAVING count(*) > 1 ORDER BY mmsi, segment")
    rows: list[dict[str, Any]] = ws.query(sql, [*params, points_per_vessel]).to_pylist()
    return rows


def events_with_ends(ws: Workspace, mmsis: Sequence[int] | None, since: datetime | None,
                     until: datetime | None) -> list[dict[str, Any]]:
    """`events` rows by start (of the vessels `mmsis`, overlapping `since`-`until`) with the
    `[lon, lat]` of the track point at their start (`a`) and end (`b`) when there is one."""
    where, params = _where(mmsis, since, until, "e.start", 'e."end"', "e.mmsi")
    jump = ""
    if ws.has_table("track_points"):
        jump = (", (SELECT [p.lon, p.lat] FROM {track_points} p WHERE p.mmsi = e.mmsi AND "
                "p.ts = e.start LIMIT 1) AS a, (SELECT [p.lon, p.lat] FROM {track_points} p "
                'WHERE p.mmsi = e.mmsi AND p.ts = e."end" LIMIT 1) AS b')
    rows: list[dict[str, Any]] = ws.query(
        f"SELECT e.*{jump} FROM {{events}} e{where} ORDER BY e.start", params).to_pylist()
    return rows


_SEGMENTS = """
SELECT t.mmsi, t.segment, any_value(v.imo) AS imo, any_value(v.name) AS name,
       min(t.ts) AS start, max(t.ts) AS "end", count(*) AS points,
       list(t.lon ORDER BY t.ts) AS lons, list(t.lat ORDER BY t.ts) AS lats
FROM {{track_points}} t LEFT JOIN {{vessels}} v ON v.mmsi = t.mmsi{where}
GROUP BY t.mmsi, t.segment{having}
ORDER BY t.mmsi, t.segment
"""


def segment_rows(ws: Workspace, clauses: Sequence[str], params: Sequence[Any],
                 box: Sequence[float] = ()) -> list[dict[str, Any]]:
    """One row per track segment (mmsi, segment, the vessel's imo and name, start, end,
    points, lons, lats) whose points (`t.`) meet `clauses`; with `box` (min lat, max lat,
    min lon, max lon) only segments with a fix inside it."""
    having = "\nHAVING bool_or(t.lat BETWEEN ? AND ? AND t.lon BETWEEN ? AND ?)" if box else ""
    where = "\nWHERE " + " AND ".join(clauses) if clauses else ""
    rows: list[dict[str, Any]] = ws.query(_SEGMENTS.format(where=where, having=having),
                                          [*params, *box]).to_pylist()
    return rows


def point_rows(ws: Workspace, clauses: Sequence[str], params: Sequence[Any]) -> pa.Table:
    """The track points meeting `clauses`, by mmsi, segment and time."""
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    return ws.query("SELECT * FROM {track_points}" + where + " ORDER BY mmsi, segment, ts",
                    list(params))


_VOYAGE_FIXES = """
SELECT v.id, list(p.lon ORDER BY p.ts) AS lons, list(p.lat ORDER BY p.ts) AS lats
FROM {voyages} v JOIN {track_points} p
  ON p.mmsi = v.mmsi AND p.ts BETWEEN v.depart AND v.arrive
WHERE list_contains(?, v.id) GROUP BY v.id
"""


def voyage_fixes(ws: Workspace, voyage_ids: Sequence[str]
                 ) -> dict[str, tuple[list[float], list[float]]]:
    """Voyage id -> the (lons, lats) of its vessel's fixes from departure to arrival."""
    columns = ws.query(_VOYAGE_FIXES, [list(voyage_ids)]).to_pydict()
    return {i: (lons, lats) for i, lons, lats in zip(
        columns["id"], columns["lons"], columns["lats"], strict=True)}


_GAP_ENDS = """
SELECT e.id, any_value(b.lon) AS b_lon, any_value(b.lat) AS b_lat, any_value(a.lon) AS a_lon,
       any_value(a.lat) AS a_lat
FROM {events} e
LEFT JOIN {track_points} b ON b.mmsi = e.mmsi AND b.ts = e.start
LEFT JOIN {track_points} a ON a.mmsi = e.mmsi AND a.ts = e."end"
WHERE e.type = 'ais_gap' AND list_contains(?, e.id) GROUP BY e.id
"""


def gap_ends(ws: Workspace, event_ids: Sequence[str]) -> dict[str, tuple[Any, ...]]:
    """AIS gap id -> (lon, lat before, lon, lat after): the fixes at its start and end."""
    columns = ws.query(_GAP_ENDS, [list(event_ids)]).to_pydict()
    return {i: tuple(row) for i, *row in zip(columns["id"], columns["b_lon"], columns["b_lat"],
                                      columns["a_lon"], columns["a_lat"], strict=True)}


_LAST_FIX = """
SELECT mmsi, arg_max(lon, ts) AS lon, arg_max(lat, ts) AS lat FROM {track_points}
WHERE list_contains(?, mmsi) GROUP BY mmsi
"""


def last_fixes(ws: Workspace, mmsis: Sequence[int]) -> dict[int, dict[str, Any]]:
    """MMSI -> its last fix (`mmsi`, `lon`, `lat`)."""
    return {row["mmsi"]: row for row in ws.query(_LAST_FIX, [list(mmsis)]).to_pylist()}


POSITION_COLUMNS = "mmsi, ts, kind, lat, lon, speed_kn, course_deg, source"
# Draughts are stored as float32 at AIS resolution (0.1 m): read them back as exact decimetres.
STATIC_COLUMNS = ("mmsi, ts, imo, callsign, shipname, ship_type, "
                  "round(CAST(draught_m AS DOUBLE), 1) AS draught_m, destination")


def read_day_table(workspace: Workspace, table: str, columns: str, day: str) -> pa.Table:
    """`columns` (SQL select list) of one day partition of `table`.

    Raises:
        StoreError: a part is unreadable (names the table and the day).
    """
    source = workspace.source(table, days=[day]).replace("{", "{{").replace("}", "}}")
    try:
        return workspace.query(f"SELECT {columns} FROM {source}")
    except StoreError as error:
        message = error.message.removeprefix("cannot read the workspace: ").splitlines()[0]
        raise StoreError(f"cannot read {table} of {day}: {message}",
                         path=workspace.path) from error
