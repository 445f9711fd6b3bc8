"""A summary of what a workspace holds: vessels, messages by type, time span, quarantine."""

from __future__ import annotations

from dataclasses import dataclass

from darkfleet.store.workspace import Workspace


@dataclass(frozen=True, slots=True)
class WorkspaceSummary:
    """Counts over the ingested tables of a workspace."""

    vessels: int
    positions: int
    static_reports: int
    messages_by_type: dict[int, int]
    first_ts: str | None
    last_ts: str | None
    quarantined: int
    quarantined_by_reason: dict[str, int]


def summarise(ws: Workspace) -> WorkspaceSummary:
    """Summarise the `positions`, `static_reports` and `quarantine` tables (any may be absent)."""
    tables = [name for name in ("positions", "static_reports") if ws.has_table(name)]
    by_type: dict[int, int] = {}
    counts = {"positions": 0, "static_reports": 0}
    for name in tables:
        rows = ws.query(f"SELECT msg_type, count(*) AS n FROM {{{name}}} GROUP BY 1").to_pylist()
        for row in rows:
            by_type[row["msg_type"]] = by_type.get(row["msg_type"], 0) + row["n"]
            counts[name] += row["n"]
    vessels, first, last = _span(ws, tables)
    reasons: dict[str, int] = {}
    if ws.has_table("quarantine"):
        sql = "SELECT reason, count(*) AS n FROM {quarantine} GROUP BY 1 ORDER BY 2 DESC, 1"
        reasons = {row["reason"]: row["n"] for row in ws.query(sql).to_pylist()}
    return WorkspaceSummary(
        vessels=vessels, positions=counts["positions"], static_reports=counts["static_reports"],
        messages_by_type=dict(sorted(by_type.items())), first_ts=first, last_ts=last,
        quarantined=sum(reasons.values()), quarantined_by_reason=reasons,
    )


def _span(ws: Workspace, tables: list[str]) -> tuple[int, str | None, str | None]:
    if not tables:
        return 0, None, None
    union = " UNION ALL ".join(f"SELECT mmsi, ts FROM {{{name}}}" for name in tables)
    sql = (
        "SELECT count(DISTINCT mmsi) AS vessels,"
        " strftime(min(ts) AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS first_ts,"
        " strftime(max(ts) AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS last_ts"
        f" FROM ({union})"
    )
    row = ws.query(sql).to_pylist()[0]
    return row["vessels"], row["first_ts"], row["last_ts"]
