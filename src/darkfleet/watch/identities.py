"""Who each heard vessel is, and whether the loaded sanctions lists name it.

Per MMSI the book keeps the latest IMO number, call sign and name of its static reports (and
its earlier names), as `darkfleet screen` builds identities from a workspace, and screens an
identity again whenever it changes. MMSIs heard without a static report are screened by MMSI.
It also remembers every MMSI each IMO number was heard under, for identity-change alerts.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import polars as pl

from darkfleet.screening import Identity, Match, Screener, imo_is_valid


@dataclass(slots=True)
class _Known:
    identity: Identity
    matches: list[Match] = field(default_factory=list)


class IdentityBook:
    """Identities and list matches of the vessels heard (see the module doc)."""

    def __init__(self, screener: Screener) -> None:
        self.screener = screener
        self._known: dict[int, _Known] = {}
        self.mmsis_of_imo: dict[int, list[int]] = {}
        self._listed: set[int] = set()

    def identity(self, mmsi: int) -> Identity:
        known = self._known.get(mmsi)
        return known.identity if known else Identity(mmsi=mmsi)

    def matches(self, mmsi: int) -> list[Match]:
        known = self._known.get(mmsi)
        return known.matches if known else []

    def is_listed(self, mmsi: int) -> bool:
        return mmsi in self._listed

    def listed(self) -> set[int]:
        """MMSIs of the vessels the lists name."""
        return self._listed

    def update(self, mmsis: list[int], statics: pl.DataFrame) -> list[int]:
        """Take the MMSIs of new positions and new static reports (mmsi, ts, imo, callsign,
        shipname); screen what changed. Returns the MMSIs whose identity changed."""
        changed: dict[int, Identity] = {}
        for mmsi in mmsis:
            if mmsi not in self._known and mmsi not in changed:
                changed[mmsi] = Identity(mmsi=mmsi)
        for row in statics.sort("ts").iter_rows(named=True):
            before = changed.get(row["mmsi"]) or self.identity(row["mmsi"])
            after = _updated(before, row)
            if after != before:
                changed[row["mmsi"]] = after
        if not changed:
            return []
        results = self.screener.screen_many(list(changed.values()))
        for (mmsi, identity), matches in zip(changed.items(), results, strict=True):
            self._known[mmsi] = _Known(identity, matches)
            if matches:
                self._listed.add(mmsi)
            else:
                self._listed.discard(mmsi)
            if identity.imo:
                heard = self.mmsis_of_imo.setdefault(identity.imo, [])
                if mmsi not in heard:
                    heard.append(mmsi)
        return list(changed)


def _updated(identity: Identity, row: dict[str, object]) -> Identity:
    imo, name, callsign = row.get("imo"), _text(row.get("shipname")), _text(row.get("callsign"))
    if isinstance(imo, int) and imo > 0 and imo_is_valid(imo) and imo != identity.imo:
        identity = replace(identity, imo=imo)
    if callsign and callsign != identity.callsign:
        identity = replace(identity, callsign=callsign)
    if name and name != identity.name:
        former = tuple(n for n in (identity.name, *identity.former_names) if n and n != name)
        identity = replace(identity, name=name, former_names=former)
    return identity


def _text(value: object) -> str | None:
    return value.strip("@ ") or None if isinstance(value, str) else None
