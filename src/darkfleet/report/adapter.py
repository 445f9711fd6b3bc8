"""The one adapter between the workspace (plus the case file) and the brief: `collect_brief`.

It reads the tables the other stages write, by their contract names and columns, and tolerates
any of them being absent: what is missing is listed in `BriefData.missing` and the brief says so.
The names it reads, in one place so they are easy to rewire:

| table | columns read (others are ignored) |
| --- | --- |
| `vessels` | mmsi, imo, name, callsign, ship_type, flag, names, first/last_ts, positions |
| `track_points`, else `positions` | mmsi, segment, ts, lat, lon (positions: kind, source) |
| `events` | the Event contract (start/end times or ISO strings, details a JSON string) |
| `voyages` | the Voyage contract plus id |
| `matches` | vessel, entry, score, evidence (objects or JSON strings) |
| `claims`, `estimates`, `claim_checks` | as in the case file (docs/report.md) |
| imagery detections, `static_reports` | through `section_source` (detections, hull history) |
| `voyages`, `static_reports` | the trade ledger, through `section_source.trade` |
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from darkfleet.config import Config
from darkfleet.report import case as case_reader
from darkfleet.report import records, section_source
from darkfleet.report.brief import BriefData, CaseInfo, Event, Port, Threshold, Track, Vessel
from darkfleet.settings_base import flat_settings
from darkfleet.store import Workspace

_HINTS = {
    "positions": "no positions (run `darkfleet ingest`)",
    "vessels": "no vessels table (run `darkfleet detect`)",
    "events": "no events (run `darkfleet detect`)",
    "voyages": "no voyages (run `darkfleet detect`)",
    "matches": "no screening matches (run `darkfleet screen`)",
    "claims": "no claims (the case names none, or no case was given: use `--case`)",
    "estimates": "no estimates (run `darkfleet estimate` or add them to the case)",
    "checks": "no claim checks (run `darkfleet case check`)",
}


def collect_brief(
    workspace: Workspace | None,
    case: Mapping[str, Any] | None,
    config: Config,
    now: datetime | None = None,
    trade_case: str | Path | None = None,
) -> BriefData:
    """Gather a brief's records from an open workspace (or none) and a parsed case file.

    `trade_case` (the case's name or path) adds the trade section: cargo per voyage in the
    case's directions, summed by month, against its limits.

    Raises:
        ReportError: a case file or a claim/estimate row is malformed (names the field).
        StoreError: a workspace table cannot be read.
    """
    rows, case, settings = _Tables(workspace), case or {}, config.report
    simulated = _simulated_mmsis(rows, settings.simulated_sources)
    # Vessel events here; a dark detection in a watched port names no vessel (port_presence).
    event_rows = rows.get("events")
    events = tuple(records.event(r, i) for i, r in enumerate(event_rows)
                   if r.get("mmsi") is not None)
    info = case_reader.case_info(case) if case else None
    vessels = _vessels(rows, simulated)
    claims, sources = case_reader.claims_and_sources(
        [*case.get("claims", []), *rows.get("claims")], case.get("sources"))
    brief = BriefData(
        title=str(case.get("title") or settings.title),
        generated_at=now or datetime.now(UTC),
        case=info,
        vessels=vessels,
        tracks=_tracks(workspace, rows, settings.map_points_per_vessel, simulated),
        events=events,
        voyages=tuple(records.voyage(r, i) for i, r in enumerate(rows.get("voyages"))),
        matches=tuple(records.match(r, i) for i, r in enumerate(rows.get("matches"))),
        claims=claims,
        sources=sources,
        estimates=case_reader.estimates([*case.get("estimates", []), *rows.get("estimates")]),
        checks=case_reader.checks([*case.get("checks", []), *rows.get("claim_checks")]),
        ports=_ports(events, info),
        thresholds=thresholds(config),
        tables=tuple(rows.names),
        mmsis_seen=_mmsis_seen(workspace),
        detections=section_source.detections(workspace),
        port_presence=section_source.port_presence(event_rows),
        trade=section_source.trade(workspace, trade_case, config),
        hulls=section_source.hulls(workspace, [v.imo for v in vessels if v.imo is not None]),
    )
    return dataclasses.replace(brief, missing=_missing(brief))


def _mmsis_seen(workspace: Workspace | None) -> int | None:
    """The vessels (MMSIs) the workspace saw, counted as `darkfleet` reports them elsewhere."""
    if workspace is None or not workspace.tables():
        return None
    from darkfleet.store.summary import summarise

    return summarise(workspace).vessels


def _missing(brief: BriefData) -> tuple[str, ...]:
    """What the brief lacks, each with the command that would supply it."""
    present = {
        "positions": brief.tracks, "vessels": brief.vessels, "events": brief.events,
        "voyages": brief.voyages, "matches": brief.matches, "claims": brief.claims,
        "estimates": brief.estimates, "checks": brief.checks,
    }
    return tuple(text for name, text in _HINTS.items() if not present[name])


def thresholds(config: Config) -> tuple[Threshold, ...]:
    """Every detection setting in force, with its help text (the methods section's table)."""
    return tuple(Threshold(name, str(value), help_text)
                 for name, value, help_text in flat_settings(config.detect))


class _Tables:
    """Whole workspace tables as row dicts; an absent table (or workspace) reads as no rows."""

    def __init__(self, workspace: Workspace | None) -> None:
        self.workspace = workspace
        self.names = workspace.tables() if workspace is not None else []

    def has(self, name: str) -> bool:
        return name in self.names

    def get(self, name: str) -> list[dict[str, Any]]:
        if self.workspace is None or not self.has(name):
            return []
        rows: list[dict[str, Any]] = self.workspace.read(name).to_pylist()
        return rows

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        assert self.workspace is not None
        rows: list[dict[str, Any]] = self.workspace.query(sql, params).to_pylist()
        return rows


def _simulated_mmsis(rows: _Tables, sources: Sequence[str]) -> frozenset[int]:
    found: set[int] = set()
    if rows.has("positions") and sources:
        marks = ", ".join("?" for _ in sources)
        sql = f"SELECT DISTINCT mmsi FROM {{positions}} WHERE source IN ({marks})"
        found |= {int(r["mmsi"]) for r in rows.query(sql, list(sources))}
    if rows.has("vessels"):
        found |= {int(r["mmsi"]) for r in rows.get("vessels") if r.get("simulated")}
    return frozenset(found)


def _vessels(rows: _Tables, simulated: frozenset[int]) -> tuple[Vessel, ...]:
    if rows.has("vessels"):
        table = rows.get("vessels")
    elif rows.has("positions"):
        table = rows.query(
            "SELECT mmsi, min(ts) AS first_ts, max(ts) AS last_ts, count(*) AS positions "
            "FROM {positions} WHERE kind IS NULL OR kind = 'vessel' GROUP BY mmsi")
    else:
        return ()
    vessels = (records.vessel(r, i, simulated) for i, r in enumerate(table))
    return tuple(sorted(vessels, key=lambda v: (v.label.upper(), v.mmsi)))


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


def _tracks(
    workspace: Workspace | None, rows: _Tables, per_vessel: int, simulated: frozenset[int]
) -> tuple[Track, ...]:
    """Positions per vessel, thinned to about `per_vessel` points, keeping both ends of gaps."""
    if workspace is None:
        return ()
    if rows.has("track_points"):
        sql = _THIN_SQL.format(segment="segment", table="{track_points}", where="")
    elif rows.has("positions"):
        sql = _THIN_SQL.format(segment="0", table="{positions}",
                               where="AND (kind IS NULL OR kind = 'vessel')")
    else:
        return ()
    hour_ms = 3_600_000
    table = workspace.query(sql, [per_vessel, hour_ms, hour_ms])
    columns = table.to_pydict()
    tracks: dict[int, list[tuple[float, float, float, int]]] = {}
    for mmsi, segment, t, lat, lon in zip(
        columns["mmsi"], columns["segment"], columns["t"], columns["lat"], columns["lon"],
        strict=True,
    ):
        tracks.setdefault(int(mmsi), []).append((float(t), float(lat), float(lon), int(segment)))
    return tuple(Track(m, tuple(p), m in simulated) for m, p in sorted(tracks.items()))


def _ports(events: Sequence[Event], case: CaseInfo | None) -> tuple[Port, ...]:
    """Ports called at (port-call events) and ports the case watches, placed by the built-in
    port registry (else at the mean position of their calls)."""
    from darkfleet.events.ports import builtin_registry

    spots: dict[str, list[tuple[float, float]]] = {}
    for event in events:
        if event.type == "port_call" and event.port:
            spots.setdefault(event.port, [])
            if event.lat is not None and event.lon is not None:
                spots[event.port].append((event.lat, event.lon))
    watched = {code for _, codes in case.port_groups for code in codes} if case else set()
    registry = builtin_registry()
    ports = []
    for code in sorted(set(spots) | watched):
        area, seen = registry.get(code), spots.get(code, [])
        if area is not None:
            lat, lon = area.lat, area.lon
        elif seen:
            lat, lon = sum(p[0] for p in seen) / len(seen), sum(p[1] for p in seen) / len(seen)
        else:
            continue
        ports.append(Port(code, lat, lon, called=code in spots, watched=code in watched))
    return tuple(ports)
