"""Screen every vessel a workspace has seen, store the matches, and explain them for risk.

Identities come from the `static_reports` table (AIS types 5, 19 and 24): per MMSI the latest
valid IMO number and call sign, the latest name, and every earlier name as a former name, the
latest ship type (its kind: tanker, cargo...) and length (bow + stern), and the time of the last
report (`seen_at`, set beside the list date in every match).
Matches go to the workspace table `matches` (one row per vessel and list entry) for reports;
`vessel_screening_reasons` turns them into the reasons and weights of a vessel's risk.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import pyarrow as pa

from darkfleet.errors import ScreeningError, StoreError
from darkfleet.screening.catalogue import load_lists
from darkfleet.screening.corroboration import vessel_category
from darkfleet.screening.identifiers import imo_or_none, mmsi_info
from darkfleet.screening.model import Identity, Match, SanctionsList
from darkfleet.screening.query import (
    identity_rows,
    match_from_row,
    seen_name_rows,
    stored_matches,
)
from darkfleet.screening.screener import Screener
from darkfleet.screening.settings import ScreeningSettings
from darkfleet.store import Workspace
from darkfleet.store.stage_tables import MATCHES, SCREENING_REASONS


def fleet_identities(ws: Workspace) -> list[Identity]:
    """One identity per MMSI seen in the workspace's static reports (none when there are none).

    Raises:
        StoreError: the workspace cannot be read.
    """
    identities: list[Identity] = []
    for row in identity_rows(ws):
        names = [n for n in (row["names"] or []) if n.strip("@ ")]
        imo = imo_or_none(row["last_imo"])
        identities.append(Identity(
            imo=imo, mmsi=row["mmsi"], name=names[0] if names else None,
            flag=_flag_of(row["mmsi"]),
            callsign=(row["callsign"] or "").strip("@ ") or None,
            former_names=tuple(names[1:]), vessel_type=vessel_category(row["ship_type"]),
            length_m=float(row["length_m"]) if row["length_m"] else None,
            seen_at=row["seen_at"]))
    return identities


def seen_names(ws: Workspace) -> list[str]:
    """The latest name of every vessel (MMSI) the workspace has seen in AIS, to tell how
    common a name is (none when nothing was ingested)."""
    return [name.strip("@ ") for name in seen_name_rows(ws)]


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
    seen = [i.name for i in identities if i.name]
    results = Screener(required_lists(ws), settings, seen).screen_many(
        identities, include_below=include_below)
    store_matches(ws, [m for ms in results for m in ms if m.above_threshold], settings)
    return identities, results


def required_lists(ws: Workspace) -> list[SanctionsList]:
    """The workspace's loaded lists (every entry: vessels are screened, and organisations and
    people are the parties vessels are linked to).

    Raises:
        StoreError: none are loaded (the message says how to load them).
    """
    lists = load_lists(ws)
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
        "notes": list(m.notes), "basis": m.basis, "seen_at": m.vessel.seen_at,
        "sighting_age_d": m.sighting_age_d,
    } for m in results]
    return pa.Table.from_pylist(rows, schema=MATCHES)


def store_matches(ws: Workspace, results: Sequence[Match],
                  settings: ScreeningSettings | None = None) -> None:
    """Replace the workspace's `matches` table with `results` and its `screening_reasons`
    with theirs and the hulls' flag changes (`screening_reasons`), in one batch."""
    reasons = screening_reasons(ws, vessel_screening_reasons(results), settings)
    rows = [{"mmsi": mmsi, "reason": reason, "weight": weight}
            for mmsi, found in sorted(reasons.items()) for reason, weight in found]
    ws.replace_tables({"matches": matches_table(results),
                       "screening_reasons": pa.Table.from_pylist(rows, SCREENING_REASONS)},
                      kind="screen")


_SUBJECTS = {"imo": "IMO", "mmsi": "MMSI", "callsign": "call sign", "name": "name",
             "former_name": "former name"}


def _reason(match: Match) -> str:
    entry = match.entry
    programs = ", ".join(entry.programs) or "no programme given"
    since = f"since {entry.listed_on}" if entry.listed_on else f"(list of {match.list_date})"
    evidence = match.evidence_record()
    strongest = [f for f in _SUBJECTS if f in evidence] or list(evidence)
    field, best = strongest[0], evidence[strongest[0]]
    if match.basis == "link":
        return f"{best['how']} under {programs}"
    subject = f"{_SUBJECTS.get(field, field)} {best['query']}"
    if field in ("name", "former_name"):
        listed = "" if entry.name == best["query"] else f" as {entry.name}"
        subject += f"{listed} ({match.basis or 'name'}, score {match.score:.2f})"
    return f"{subject} on {entry.list} {since} under {programs}"


def vessel_screening_reasons(
    matches: pa.Table | Iterable[Match],
) -> dict[int, list[tuple[str, float]]]:
    """MMSI -> [(reason, weight 0-1)], strongest first, from matches or a `matches` table.

    A reason reads like "IMO 9179842 on OFAC SDN since 2022-05-08 under RUSSIA-EO14024"; its
    weight is the match score.
    """
    found = ([match_from_row(row, i) for i, row in enumerate(matches.to_pylist())]
             if isinstance(matches, pa.Table) else matches)
    reasons: dict[int, list[tuple[str, float]]] = {}
    for match in found:
        if match.vessel.mmsi is None:
            continue
        reasons.setdefault(match.vessel.mmsi, []).append((_reason(match), float(match.score)))
    for found in reasons.values():
        found.sort(key=lambda pair: (-pair[1], pair[0]))
    return reasons


def workspace_screening_reasons(
    ws: Workspace, settings: ScreeningSettings | None = None,
) -> dict[int, list[tuple[str, float]]]:
    """`vessel_screening_reasons` of the workspace's `matches` table (empty when the workspace
    was never screened), and the flag changes of each hull (`hull_risk_reasons`): what
    `darkfleet detect` can pass to voyages as extra reasons."""
    return screening_reasons(ws, vessel_screening_reasons(stored_matches(ws)), settings)


def screening_reasons(ws: Workspace, reasons: dict[int, list[tuple[str, float]]],
                      settings: ScreeningSettings | None = None,
                      ) -> dict[int, list[tuple[str, float]]]:
    """`reasons` (of matches) with the flag changes of each hull added, strongest first."""
    from darkfleet.screening.hull import hull_histories, hull_risk_reasons

    weight = (settings or ScreeningSettings()).flag_change_weight
    for mmsi, found in hull_risk_reasons(hull_histories(ws), weight).items():
        reasons.setdefault(mmsi, []).extend(found)
        reasons[mmsi].sort(key=lambda pair: (-pair[1], pair[0]))
    return reasons
