"""Screen every vessel a workspace has seen, store the matches, and explain them for risk.

Identities come from the `static_reports` table (AIS types 5, 19 and 24): per MMSI the latest
valid IMO number and call sign, the latest name, and every earlier name as a former name.
Matches go to the workspace table `matches` (one row per vessel and list entry) for reports;
`vessel_screening_reasons` turns them into the reasons and weights of a vessel's risk.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import pyarrow as pa

from darkfleet.errors import ScreeningError, StoreError
from darkfleet.screening.catalogue import load_lists
from darkfleet.screening.identifiers import imo_or_none, mmsi_info
from darkfleet.screening.model import Identity, Match, SanctionsList
from darkfleet.screening.screener import Screener
from darkfleet.screening.settings import ScreeningSettings
from darkfleet.store import Workspace

MATCHES = pa.schema([
    ("mmsi", pa.int64()), ("imo", pa.int64()), ("name", pa.string()),
    ("list", pa.string()), ("entry_id", pa.string()), ("entry_name", pa.string()),
    ("entry_imo", pa.int64()), ("programs", pa.list_(pa.string())), ("listed_on", pa.string()),
    ("list_date", pa.string()), ("score", pa.float64()), ("fields", pa.list_(pa.string())),
    ("vessel", pa.string()), ("entry", pa.string()), ("evidence", pa.string()),
    ("notes", pa.list_(pa.string())),
])

_IDENTITIES_SQL = """
WITH named AS (
    SELECT mmsi, trim(shipname) AS shipname, max(ts) AS last_ts
    FROM {static_reports} WHERE shipname IS NOT NULL AND trim(shipname) <> ''
    GROUP BY mmsi, trim(shipname))
SELECT s.mmsi,
       arg_max(s.imo, s.ts) FILTER (WHERE s.imo IS NOT NULL AND s.imo > 0) AS last_imo,
       arg_max(trim(s.callsign), s.ts) FILTER (WHERE trim(s.callsign) <> '') AS callsign,
       (SELECT list(n.shipname ORDER BY n.last_ts DESC, n.shipname) FROM named n
        WHERE n.mmsi = s.mmsi) AS names
FROM {static_reports} s GROUP BY s.mmsi ORDER BY s.mmsi
"""


def fleet_identities(ws: Workspace) -> list[Identity]:
    """One identity per MMSI seen in the workspace's static reports (none when there are none).

    Raises:
        StoreError: the workspace cannot be read.
    """
    if not ws.has_table("static_reports"):
        return []
    identities: list[Identity] = []
    for row in ws.query(_IDENTITIES_SQL).to_pylist():
        names = [n for n in (row["names"] or []) if n.strip("@ ")]
        imo = imo_or_none(row["last_imo"])
        identities.append(Identity(
            imo=imo, mmsi=row["mmsi"], name=names[0] if names else None,
            flag=_flag_of(row["mmsi"]),
            callsign=(row["callsign"] or "").strip("@ ") or None,
            former_names=tuple(names[1:])))
    return identities


def _flag_of(mmsi: int | None) -> str | None:
    try:
        return mmsi_info(mmsi).flag if mmsi else None
    except ScreeningError:
        return None


def screen_workspace(ws: Workspace, settings: ScreeningSettings | None = None, *,
                     include_below: bool = False) -> tuple[list[Identity], list[list[Match]]]:
    """Screen every vessel of the workspace against its loaded lists and store the matches
    at or above the threshold in `matches`; returns the identities and their matches.

    Raises:
        StoreError: no lists are loaded in the workspace.
    """
    identities = fleet_identities(ws)
    results = Screener(required_lists(ws), settings).screen_many(
        identities, include_below=include_below)
    store_matches(ws, [m for ms in results for m in ms if m.above_threshold])
    return identities, results


def required_lists(ws: Workspace) -> list[SanctionsList]:
    """The workspace's loaded lists, their vessel entries only (what a screen uses).

    Raises:
        StoreError: none are loaded (the message says how to load them).
    """
    lists = load_lists(ws, vessels_only=True)
    if not lists:
        raise StoreError("no sanctions lists loaded: run `darkfleet lists load --bundled` "
                         "(or give list files) first", path=ws.path)
    return lists


def matches_table(results: Sequence[Match]) -> pa.Table:
    """The `matches` table of some matches: flat columns for queries, and the Match contract's
    `vessel`, `entry` and `evidence` objects as JSON text."""
    rows = [{
        "mmsi": m.vessel.mmsi, "imo": m.vessel.imo, "name": m.vessel.name,
        "list": m.entry.list, "entry_id": m.entry.id, "entry_name": m.entry.name,
        "entry_imo": m.entry.imo, "programs": list(m.entry.programs),
        "listed_on": m.entry.listed_on, "list_date": m.list_date, "score": m.score,
        "fields": sorted({e.field for e in m.evidence}),
        "vessel": json.dumps(m.vessel.to_record(), ensure_ascii=False),
        "entry": json.dumps(m.entry.to_record(), ensure_ascii=False),
        "evidence": json.dumps(m.evidence_record(), ensure_ascii=False),
        "notes": list(m.notes),
    } for m in results]
    return pa.Table.from_pylist(rows, schema=MATCHES)


def store_matches(ws: Workspace, results: Sequence[Match]) -> None:
    """Replace the workspace's `matches` table with `results`."""
    ws.replace_table("matches", matches_table(results), kind="screen")


_SUBJECTS = {"imo": "IMO", "mmsi": "MMSI", "callsign": "call sign", "name": "name",
             "former_name": "former name"}


def _reason(row: dict[str, Any]) -> str:
    programs = ", ".join(row["programs"] or []) or "no programme given"
    since = (f"since {row['listed_on']}" if row["listed_on"]
             else f"(list of {row['list_date']})")
    field, best = max(json.loads(row["evidence"]).items(), key=lambda item: item[1]["score"])
    subject = f"{_SUBJECTS.get(field, field)} {best['query']}"
    if field in ("name", "former_name"):
        listed = "" if row["entry_name"] == best["query"] else f" as {row['entry_name']}"
        subject += f"{listed} (score {row['score']:.2f})"
    return f"{subject} on {row['list']} {since} under {programs}"


def vessel_screening_reasons(
    matches: pa.Table | Iterable[Match],
) -> dict[int, list[tuple[str, float]]]:
    """MMSI -> [(reason, weight 0-1)], strongest first, from matches or a `matches` table.

    A reason reads like "IMO 9179842 on OFAC SDN since 2022-05-08 under RUSSIA-EO14024"; its
    weight is the match score.
    """
    table = matches if isinstance(matches, pa.Table) else matches_table(list(matches))
    reasons: dict[int, list[tuple[str, float]]] = {}
    for row in table.to_pylist():
        if row["mmsi"] is None:
            continue
        reasons.setdefault(row["mmsi"], []).append((_reason(row), float(row["score"])))
    for found in reasons.values():
        found.sort(key=lambda pair: (-pair[1], pair[0]))
    return reasons


def workspace_screening_reasons(ws: Workspace) -> dict[int, list[tuple[str, float]]]:
    """`vessel_screening_reasons` of the workspace's `matches` table (empty when the workspace
    was never screened): what `darkfleet detect` can pass to voyages as extra reasons."""
    if not ws.has_table("matches"):
        return {}
    return vessel_screening_reasons(ws.read("matches"))
