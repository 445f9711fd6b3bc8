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
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Protocol

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


NOT_ALNUM = re.compile(r"[^0-9A-Z]+")


@lru_cache(maxsize=4096)
def name_keys(text: str) -> tuple[str, ...]:
    """The upper-case alphanumeric keys of every Latin form of a name."""
    keys = {NOT_ALNUM.sub("", form.upper()) for form in latin_forms(text)}
    return tuple(sorted(key for key in keys if key))


def name_matches(query: str, names: Sequence[str | None]) -> bool:
    """Whether a Latin form of `query` is contained in a Latin form of one of `names`."""
    wanted = name_keys(query)
    return any(w in key for name in names if name for key in name_keys(name) for w in wanted)


@dataclass(frozen=True, slots=True)
class Filters:
    """Filters of the `events`, `voyages` and `vessels` commands (None: no filter)."""

    types: Sequence[str] = ()
    mmsi: int | None = None
    port: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    area: tuple[float, float, float, float] | None = None  # min lat, min lon, max lat, max lon
    watched: bool = False
    imo: int | None = None
    name: str | None = None  # any script; see darkfleet.events.selection
    callsign: str | None = None


@dataclass(frozen=True, slots=True)
class PageQuery:
    """Filters of one page of `vessels`, `events` or `voyages` (None or empty: no filter).

    `q` matches a vessel's names (any name it reported, and Latin forms of a Cyrillic or Hangul
    query), its IMO, MMSI or call sign; `since`/`until` keep rows overlapping the time range;
    `bbox` keeps events inside the box; `suspected` keeps the AIS gaps that detection did not
    explain away (`details.suspected`, true when not stated); `watched` keeps voyages touching
    a watched port group, and events and vessels of vessels with such a voyage; `min_risk`
    keeps voyages with at least that risk, and events and vessels of vessels with such a voyage.
    """

    q: str | None = None
    mmsi: int | None = None
    imo: int | None = None
    types: Sequence[str] = ()
    since: datetime | None = None
    until: datetime | None = None
    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat
    watched: bool = False
    min_risk: float | None = None
    suspected: bool = False
    ids: Sequence[str] = ()
    limit: int | None = None
    offset: int = 0
