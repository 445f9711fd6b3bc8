"""Ownership and management links between list entries: who owns, operates or directs whom.

The lists name the parties an entry is linked to (OFAC `Linked To:` and profile relationships,
FtM `owner`/`operator` properties and `Ownership`/`Directorship` entities, the owners and
managers UN entries name for DPRK vessels). Each such name is looked up among the listed
organisations and people by its normalised key, so the links form a graph. A vessel within two
links of a listed party gets a reason "linked to listed X via Y", weighed below a listing
(`link_weight`, times `second_hop_factor` for two links).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from anyascii import anyascii

from darkfleet.screening.model import ListEntry, SanctionsList

PARTY_KINDS = ("organization", "person")
#: Vessels a list names (UN entries' comments) without designating them.
VESSEL_REF = "vessel_ref"
#: Parties a list names without designating them: links pass through them.
PARTY_REF = "party_ref"


@dataclass(frozen=True, slots=True)
class Link:
    """A listed party reached from an entry: how many links away and through what."""

    party: ListEntry
    list_date: str
    hops: int
    via: tuple[str, ...]

    def reason(self) -> str:
        """`linked to listed X (LIST ID) via owner` or `... via CO LTD (operator), parent`."""
        return (f"linked to listed {self.party.name} ({self.party.list} {self.party.id}) "
                f"via {', '.join(self.via)}")


_NOT_ALNUM = re.compile(r"[^A-Z0-9]+")


def _key(name: str) -> str:
    """A party's name as compared: Latin letters and digits only, upper case."""
    return _NOT_ALNUM.sub("", (name if name.isascii() else anyascii(name)).upper())


class Network:
    """The link graph of some lists: listed parties by name, and every entry's links."""

    def __init__(self, lists: Sequence[SanctionsList]) -> None:
        self.parties: dict[str, list[tuple[ListEntry, str]]] = {}
        self.vessels: list[tuple[ListEntry, str]] = []
        for sanctions_list in lists:
            for entry in sanctions_list.entries:
                if entry.kind in (*PARTY_KINDS, PARTY_REF):
                    for name in entry.names:
                        self.parties.setdefault(_key(name), []).append(
                            (entry, sanctions_list.version))
                elif entry.kind in ("vessel", VESSEL_REF):
                    self.vessels.append((entry, sanctions_list.version))

    def _linked(self, entry: ListEntry) -> Iterator[tuple[str, str, list[tuple[ListEntry, str]]]]:
        for index, name in enumerate(entry.linked_to):
            yield entry.link_kind(index), name, self.parties.get(_key(name), [])

    def links(self, entry: ListEntry) -> list[Link]:
        """The listed parties within two links of `entry`, nearest first, each once."""
        found: dict[tuple[str, str], Link] = {}
        for kind, name, parties in self._linked(entry):
            for party, date in parties:
                _keep(found, entry, Link(party, date, 1, (kind,)))
                for kind2, _, parties2 in self._linked(party):
                    for party2, date2 in parties2:
                        _keep(found, entry, Link(party2, date2, 2,
                                                 (f"{name} ({kind})", kind2)))
        return sorted(found.values(), key=lambda x: (x.hops, x.party.list, x.party.id))

    def vessels_with_imo(self, imo: int) -> list[tuple[ListEntry, str]]:
        return [(e, d) for e, d in self.vessels if e.imo == imo]

    def neighbourhood(self, imo: int) -> list[dict[str, Any]]:
        """The entries naming a vessel by IMO and every link within two hops, as records."""
        records: list[dict[str, Any]] = []
        for entry, date in self.vessels_with_imo(imo):
            records.append({"kind": "vessel", "list": entry.list, "id": entry.id,
                            "name": entry.name, "names": list(entry.names), "imo": entry.imo,
                            "listed": entry.kind == "vessel", "list_date": date})
            for index, name in enumerate(entry.linked_to):
                records.append({"kind": "relation", "from": entry.name,
                                "relation": entry.link_kind(index), "to": name,
                                "listed_as": [f"{p.list}:{p.id}" for p, _ in
                                              self.parties.get(_key(name), [])]})
            records += [{"kind": "link", "from": entry.name, "hops": link.hops,
                         "via": list(link.via), "party": link.party.name,
                         "party_list": link.party.list, "party_id": link.party.id,
                         "programs": list(link.party.programs), "reason": link.reason()}
                        for link in self.links(entry)]
        return records


def _keep(found: dict[tuple[str, str], Link], start: ListEntry, link: Link) -> None:
    key = (link.party.list, link.party.id)
    if key == (start.list, start.id) or link.party.kind == PARTY_REF:
        return
    if key not in found or found[key].hops > link.hops:
        found[key] = link
