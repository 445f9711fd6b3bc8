"""The identity and area filters of the stage's tables: name (any script), IMO, call sign, box.

Identity filters select vessels in the `vessels` table (every name a vessel reported, its latest
IMO number and call sign) and then rows of those MMSIs. A name matches when its Latin form
(Hangul and Cyrillic transliterated as the sanctions screening does) is contained in one of the
vessel's names, ignoring case, spaces and punctuation: `--name angara`, `--name Ангара` and
`--name "ANGARA "` all find ANGARA. The area filter keeps events inside the box and voyages,
vessels and tracks with at least one fix inside it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

from darkfleet.store.workspace import Workspace
from darkfleet.transliterate import latin_forms


class IdentityFilters(Protocol):
    """What the selection reads of `darkfleet.events.query.Filters`."""

    @property
    def imo(self) -> int | None: ...
    @property
    def name(self) -> str | None: ...
    @property
    def callsign(self) -> str | None: ...
    @property
    def area(self) -> tuple[float, float, float, float] | None: ...


_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")


@lru_cache(maxsize=4096)
def name_keys(text: str) -> tuple[str, ...]:
    """The upper-case alphanumeric keys of every Latin form of a name."""
    keys = {_NOT_ALNUM.sub("", form.upper()) for form in latin_forms(text)}
    return tuple(sorted(key for key in keys if key))


def name_matches(query: str, names: Sequence[str | None]) -> bool:
    """Whether a Latin form of `query` is contained in a Latin form of one of `names`."""
    wanted = name_keys(query)
    return any(w in key for name in names if name for key in name_keys(name) for w in wanted)


def matching_mmsis(workspace: Workspace, filters: IdentityFilters) -> list[int] | None:
    """The MMSIs whose identity passes the filters, or None when no identity filter is set."""
    if filters.imo is None and not filters.name and not filters.callsign:
        return None
    if not workspace.has_table("vessels"):
        return []
    rows = workspace.query("SELECT mmsi, imo, callsign, name, names FROM {vessels}").to_pylist()
    callsign = _NOT_ALNUM.sub("", (filters.callsign or "").upper())
    return sorted(
        row["mmsi"] for row in rows
        if (filters.imo is None or row["imo"] == filters.imo)
        and (not callsign or _NOT_ALNUM.sub("", (row["callsign"] or "").upper()) == callsign)
        and (not filters.name or name_matches(filters.name, [row["name"], *(row["names"] or [])]))
    )


def selection_clauses(workspace: Workspace, table: str, filters: IdentityFilters
                      ) -> tuple[list[str], list[Any]]:
    """SQL conditions (and their parameters) for the identity filters and, on voyages and
    vessels (rows without a position of their own, aliased `t`), the area filter."""
    clauses: list[str] = []
    params: list[Any] = []
    mmsis = matching_mmsis(workspace, filters)
    if mmsis is not None:
        listed = f"IN ({', '.join(str(m) for m in mmsis) or 'NULL'})"
        clauses.append(f"(mmsi {listed} OR other_mmsi {listed})" if table == "events"
                       else f"mmsi {listed}")
    if (filters.area is not None and table in ("voyages", "vessels")
            and workspace.has_table("track_points")):
        min_lat, min_lon, max_lat, max_lon = filters.area
        within = " AND p.ts BETWEEN t.depart AND t.arrive" if table == "voyages" else ""
        clauses.append(
            "EXISTS (SELECT 1 FROM {track_points} p WHERE p.mmsi = t.mmsi" + within
            + " AND p.lat BETWEEN ? AND ? AND p.lon BETWEEN ? AND ?)")
        params += [min_lat, max_lat, min_lon, max_lon]
    return clauses, params
