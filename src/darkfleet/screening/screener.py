"""The screen: identities against the loaded lists, identifiers first, names second.

`Screener` indexes the vessel entries of every list once: IMO numbers, MMSIs and call signs in
dictionaries, names in a `NameIndex` (fuzzy, romanised Korean and phonetic). Each entry found
for an identity becomes a match through `decide` (identifiers decide; a name needs
corroboration; a different IMO suppresses), and each match brings the listed parties its entry
is linked to (`Network`) as `link` matches, weighed below a listing. How common a name is, in
the lists and among the AIS identities seen (`seen_names`), lowers the weight of a name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from darkfleet.errors import ScreeningError
from darkfleet.screening.decide import decide
from darkfleet.screening.flags import flag_code
from darkfleet.screening.identifiers import mmsi_info, normalise_callsign
from darkfleet.screening.model import Evidence, Identity, ListEntry, Match, SanctionsList
from darkfleet.screening.name_index import Hits, NameIndex
from darkfleet.screening.names import name_forms
from darkfleet.screening.network import VESSEL_REF, Link, Network
from darkfleet.screening.settings import ScreeningSettings


class Screener:
    """An index of the vessel entries of some lists, ready to screen identities in bulk.

    `seen_names` are the names of the vessels seen in AIS (one per vessel), counted with the
    listed ones to tell how common a name is.
    """

    def __init__(self, lists: Sequence[SanctionsList],
                 settings: ScreeningSettings | None = None,
                 seen_names: Iterable[str] = ()) -> None:
        self.settings = settings or ScreeningSettings()
        self.entries: list[ListEntry] = []
        self.list_dates: list[str] = []
        for sanctions_list in lists:
            for entry in sanctions_list.entries:
                if entry.kind in ("vessel", VESSEL_REF):
                    self.entries.append(entry)
                    self.list_dates.append(sanctions_list.version)
        self.network = Network(lists)
        self._names = NameIndex(self.entries, self.list_dates, self.settings)
        self._seen = Counter(k.key for n in seen_names for k in name_forms(n)[:1])
        self._by_imo: dict[int, list[int]] = {}
        self._by_mmsi: dict[int, list[int]] = {}
        self._by_callsign: dict[str, list[int]] = {}
        #: Name key -> the vessels lists name without designating them (UN comments).
        self._refs: dict[str, list[int]] = {}
        for number, entry in enumerate(self.entries):
            if entry.kind == VESSEL_REF:
                for key in {k.key for name in entry.names for k in name_forms(name)}:
                    self._refs.setdefault(key, []).append(number)
            callsign = normalise_callsign(entry.callsign)
            if entry.imo:
                self._by_imo.setdefault(entry.imo, []).append(number)
            if entry.mmsi:
                self._by_mmsi.setdefault(entry.mmsi, []).append(number)
            if callsign:
                self._by_callsign.setdefault(callsign, []).append(number)

    def screen(self, identity: Identity, *, include_below: bool = False) -> list[Match]:
        """The matches of one identity, best first (with `include_below`, candidates too)."""
        return self.screen_many([identity], include_below=include_below)[0]

    def screen_many(self, identities: Sequence[Identity], *,
                    include_below: bool = False) -> list[list[Match]]:
        """The matches of each identity, in order, best first: listings, then links."""
        settings = self.settings
        # Below corroboration_similarity a name can only be a candidate: not searched unless
        # candidates are asked for.
        cutoff = (settings.candidate_similarity if include_below
                  else settings.corroboration_similarity)
        hits = self._names.hits(identities, cutoff)
        return [self._decide(identity, hits[i], include_below)
                for i, identity in enumerate(identities)]

    def _identifier_hits(self, identity: Identity) -> dict[int, list[Evidence]]:
        settings = self.settings
        callsign = normalise_callsign(identity.callsign)
        lookups = (
            ("imo", identity.imo, self._by_imo.get(identity.imo or 0, []), settings.imo_score,
             "exact IMO"),
            ("mmsi", identity.mmsi, self._by_mmsi.get(identity.mmsi or 0, []),
             settings.mmsi_score, _mmsi_how(identity)),
            ("callsign", callsign, self._by_callsign.get(callsign or "", []),
             settings.callsign_score, "exact call sign"),
        )
        found: dict[int, list[Evidence]] = {}
        for field, value, numbers, score, how in lookups:
            for number in numbers:
                entry = self.entries[number]
                found.setdefault(number, []).append(Evidence(
                    field, how, str(value), str(getattr(entry, field)), score, entry.list,
                    self.list_dates[number]))
        return found

    def _decide(self, identity: Identity, names: Hits, include_below: bool) -> list[Match]:
        found = self._identifier_hits(identity)
        for (number, _), named in names.items():
            found.setdefault(number, []).append(named)
        matches: list[Match] = []
        links: dict[tuple[str, str], Match] = {}
        for number, evidence in found.items():
            entry = self.entries[number]
            match = decide(identity, entry, evidence, self.list_dates[number],
                           self._name_count(evidence), self.settings)
            if entry.kind == "vessel" and (match.above_threshold or include_below):
                matches.append(match)
            if match.above_threshold or include_below:
                for vessel in (match, *self._named_as(match, found)):
                    for link in self.network.links(vessel.entry):
                        _best(links, self._link_match(vessel, link))
        matches.sort(key=_rank)
        return matches + sorted(links.values(), key=_rank)

    def _named_as(self, match: Match, found: dict[int, list[Evidence]]) -> list[Match]:
        """The vessels lists name (UN comments) under a name of a listed vessel identified by
        an identifier, as matches of the same identity (their owners are its owners)."""
        if match.entry.kind != "vessel" or match.basis != "identifier":
            return []
        keys = {k.key for name in match.entry.names for k in name_forms(name)}
        refs = {n for key in keys for n in self._refs.get(key, []) if n not in found}
        listed = flag_code(match.entry.flag)
        return [replace(match, entry=self.entries[n], list_date=self.list_dates[n])
                for n in sorted(refs)
                if not (listed and flag_code(self.entries[n].flag) not in (None, listed))]

    def _name_count(self, evidence: list[Evidence]) -> int:
        """How many vessels bear the screened name: on one list, or among the AIS identities
        seen, whichever is more (the screened vessel may be among both). The same for every
        candidate of one name, so it never reorders them."""
        named = [e for e in evidence if e.field == "name"] or [
            e for e in evidence if e.field == "former_name"]
        keys = {k.key for e in named for k in name_forms(e.query)}
        return max((max(self._names.listed_count(k), self._seen.get(k, 0)) for k in keys),
                   default=1)

    def _link_match(self, found: Match, link: Link) -> Match:
        """A `link` match: the listed party `link` reaches from the vessel entry `found`.

        Its score is `link_weight` (times `second_hop_factor` per extra link) times the score
        of the vessel's match; it is reported (`above_threshold`) when the vessel's match is.
        """
        weight = self.settings.link_weight * self.settings.second_hop_factor ** (link.hops - 1)
        vessel = found.entry
        named = ("named in" if vessel.kind == VESSEL_REF else "listed as") + \
            f" {vessel.list} {vessel.id} ({vessel.name}, {found.basis}, {found.score:.2f})"
        evidence = Evidence("link", link.reason(), found.vessel.name or vessel.name,
                            link.party.name, weight, link.party.list, link.list_date)
        return Match(found.vessel, link.party, round(weight * found.score, 6), (evidence,),
                     link.list_date, found.above_threshold,
                     (link.reason(), f"the vessel: {named}"), "link", (vessel.name, *link.via))


def _best(links: dict[tuple[str, str], Match], match: Match) -> None:
    key = (match.entry.list, match.entry.id)
    if key not in links or links[key].score < match.score:
        links[key] = match


def _rank(match: Match) -> tuple[float, bool, str, str]:
    """Best first; at equal scores, a match on an entry's primary name before an alias."""
    primary = any(e.listed == match.entry.name for e in match.evidence)
    return (-match.score, not primary, match.entry.list, match.entry.id)


def _mmsi_how(identity: Identity) -> str:
    if not identity.mmsi:
        return "exact MMSI"
    try:
        info = mmsi_info(identity.mmsi)
    except ScreeningError:
        return "exact MMSI"
    return f"exact MMSI (MID {info.mid}: {info.flag or 'unknown flag'})"


def screen(identity: Identity, lists: Sequence[SanctionsList],
           settings: ScreeningSettings | None = None, *,
           include_below: bool = False) -> list[Match]:
    """Screen one identity against `lists`: its matches, best first.

    For many identities build one `Screener` and call `screen_many`.
    """
    return Screener(lists, settings).screen(identity, include_below=include_below)
