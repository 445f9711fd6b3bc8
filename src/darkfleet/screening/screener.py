"""The screen: identities against the loaded lists, identifiers first, names second.

`Screener` indexes the vessel entries of every list once: IMO numbers, MMSIs and call signs in
dictionaries, names as normalised keys compared in bulk with rapidfuzz `process.cdist` (all
cores). A match's score combines its evidence as a noisy-OR; identifiers score above any name
(`ScreeningSettings`), and an entry whose listed IMO differs from the screened IMO is capped
below the threshold whatever its name says.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel

from darkfleet.errors import ScreeningError
from darkfleet.screening.flags import flag_code
from darkfleet.screening.identifiers import mmsi_info, normalise_callsign
from darkfleet.screening.model import Evidence, Identity, ListEntry, Match, SanctionsList
from darkfleet.screening.names import NameKey, name_forms
from darkfleet.screening.scoring import adjust_similarity, combine
from darkfleet.screening.settings import ScreeningSettings
from darkfleet.screening.transliterate import has_cyrillic, has_hangul

_CHUNK = 2000
_KOREAN_MARKS = ("DPRK", "NKSPEA", "KOREA, NORTH", "PEOPLE'S REPUBLIC OF KOREA")


@dataclass(frozen=True, slots=True)
class _Listed:
    """One name of one entry, normalised."""

    entry: int
    index: int
    key: NameKey


@dataclass(frozen=True, slots=True)
class _QueryName:
    query: int
    field: str
    text: str
    key: NameKey


@dataclass(slots=True)
class _NameHit:
    score: float
    evidence: Evidence


#: Name hits of one identity: (entry number, query field) -> best hit.
_Hits = dict[tuple[int, str], _NameHit]


def _is_korean(entry: ListEntry) -> bool:
    """Whether an entry's names are romanised Korean: DPRK programmes or a DPRK flag."""
    programs = [p.upper() for p in entry.programs]
    return flag_code(entry.flag) == "KP" or any(
        mark in text for text in programs for mark in _KOREAN_MARKS)


class Screener:
    """An index of the vessel entries of some lists, ready to screen identities in bulk."""

    def __init__(self, lists: Sequence[SanctionsList],
                 settings: ScreeningSettings | None = None) -> None:
        self.settings = settings or ScreeningSettings()
        self.entries: list[ListEntry] = []
        self.list_dates: list[str] = []
        for sanctions_list in lists:
            for entry in sanctions_list.vessels():
                self.entries.append(entry)
                self.list_dates.append(sanctions_list.version)
        self._by_imo: dict[int, list[int]] = {}
        self._by_mmsi: dict[int, list[int]] = {}
        self._by_callsign: dict[str, list[int]] = {}
        self._names: list[_Listed] = []
        self._korean: list[int] = []
        self._index()

    def _index(self) -> None:
        for number, entry in enumerate(self.entries):
            if entry.imo:
                self._by_imo.setdefault(entry.imo, []).append(number)
            if entry.mmsi:
                self._by_mmsi.setdefault(entry.mmsi, []).append(number)
            callsign = normalise_callsign(entry.callsign)
            if callsign:
                self._by_callsign.setdefault(callsign, []).append(number)
            korean = _is_korean(entry)
            for index, name in enumerate(entry.names):
                for key in name_forms(name):
                    if korean:
                        self._korean.append(len(self._names))
                    self._names.append(_Listed(number, index, key))
        self._keys = [listed.key.key for listed in self._names]
        self._korean_keys = [self._names[i].key.korean for i in self._korean]

    # -- public ------------------------------------------------------------------------------

    def screen(self, identity: Identity, *, include_below: bool = False) -> list[Match]:
        """The matches of one identity, best first (with `include_below`, candidates too)."""
        return self.screen_many([identity], include_below=include_below)[0]

    def screen_many(self, identities: Sequence[Identity], *,
                    include_below: bool = False) -> list[list[Match]]:
        """The matches of each identity, in order, best first."""
        hits = self._name_hits(identities, include_below)
        return [self._decide(identity, hits[i], include_below)
                for i, identity in enumerate(identities)]

    # -- names ---------------------------------------------------------------------------------

    def _query_names(self, identities: Sequence[Identity]) -> list[_QueryName]:
        names: list[_QueryName] = []
        for number, identity in enumerate(identities):
            texts = [("name", identity.name)] if identity.name else []
            texts += [("former_name", former) for former in identity.former_names]
            for field, text in texts:
                names.extend(_QueryName(number, field, text, key) for key in name_forms(text))
        return names

    def _name_hits(self, identities: Sequence[Identity], include_below: bool) -> list[_Hits]:
        hits: list[_Hits] = [{} for _ in identities]
        names = self._query_names(identities)
        if not names or not self._names:
            return hits
        settings = self.settings
        cutoff = settings.candidate_similarity if include_below else min(
            1.0, settings.threshold / settings.name_weight) if settings.name_weight else 1.0
        plain = {n.key.key for n in names}
        self._compare(names, sorted(plain), self._keys, list(range(len(self._names))),
                      lambda n: n.key.key, hits, cutoff, korean=False)
        if self._korean:
            folded = {n.key.korean for n in names}
            self._compare(names, sorted(folded), self._korean_keys, self._korean,
                          lambda n: n.key.korean, hits, cutoff, korean=True)
        return hits

    def _compare(self, names: list[_QueryName], unique: list[str], keys: list[str],
                 rows: list[int], key_of: Callable[[_QueryName], str], hits: list[_Hits],
                 cutoff: float, *, korean: bool) -> None:
        by_key: dict[str, list[_QueryName]] = {}
        for name in names:
            by_key.setdefault(key_of(name), []).append(name)
        for start in range(0, len(unique), _CHUNK):
            block = unique[start:start + _CHUNK]
            matrix = process.cdist(block, keys, scorer=Indel.normalized_similarity,
                                   score_cutoff=cutoff, workers=-1, dtype=np.float32)
            for q, n in zip(*np.nonzero(matrix), strict=True):
                raw = float(matrix[q, n])
                for name in by_key[block[q]]:
                    self._record(name, self._names[rows[n]], raw, hits, korean=korean)

    def _record(self, name: _QueryName, listed: _Listed, raw: float,
                hits: list[_Hits], *, korean: bool) -> None:
        similarity, why = adjust_similarity(raw, name.key, listed.key, self.settings)
        score = self.settings.name_weight * similarity
        best = hits[name.query].get((listed.entry, name.field))
        if best is not None and best.score >= score:
            return
        entry = self.entries[listed.entry]
        hits[name.query][(listed.entry, name.field)] = _NameHit(score, Evidence(
            field=name.field, how=_how(name, listed, entry, similarity, why, korean=korean),
            query=name.text, listed=entry.names[listed.index], score=score, list=entry.list,
            list_date=self.list_dates[listed.entry]))

    # -- decision ------------------------------------------------------------------------------

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

    def _decide(self, identity: Identity, names: _Hits, include_below: bool) -> list[Match]:
        found = self._identifier_hits(identity)
        for (number, _), hit in names.items():
            found.setdefault(number, []).append(hit.evidence)
        matches: list[Match] = []
        for number, evidence in found.items():
            match = self._match(identity, number, evidence)
            if match.above_threshold or include_below:
                matches.append(match)
        matches.sort(key=_rank)
        return matches

    def _match(self, identity: Identity, number: int, evidence: list[Evidence]) -> Match:
        entry = self.entries[number]
        by_field: dict[str, float] = {}
        for item in evidence:
            group = "name" if item.field in ("name", "former_name") else item.field
            by_field[group] = max(by_field.get(group, 0.0), item.score)
        notes: list[str] = []
        if identity.mmsi and entry.mmsi and identity.mmsi != entry.mmsi:
            notes.append(f"MMSI differs: {identity.mmsi} screened, {entry.mmsi} listed")
            if "name" in by_field:
                by_field["name"] *= self.settings.mmsi_conflict_factor
        score = combine(by_field.values())
        if identity.imo and entry.imo and identity.imo != entry.imo:
            score = min(score, self.settings.imo_conflict_cap)
            notes.append(f"IMO differs: {identity.imo} screened, {entry.imo} listed")
        elif identity.imo and not entry.imo and set(by_field) == {"name"}:
            notes.append("listed without an IMO: the name alone matched")
        notes += _flag_notes(identity, entry)
        ordered = tuple(sorted(evidence, key=lambda e: -e.score))
        return Match(identity, entry, round(score, 6), ordered, self.list_dates[number],
                     score >= self.settings.threshold, tuple(notes))


def _flag_notes(identity: Identity, entry: ListEntry) -> list[str]:
    """Whether the screened and listed flags agree (flags change often: no score)."""
    listed = flag_code(entry.flag)
    if not identity.flag or not listed:
        return []
    if identity.flag == listed:
        return [f"flag agrees: {listed}"]
    return [f"flag differs: {identity.flag} screened, {listed} listed"]


def _rank(match: Match) -> tuple[float, bool, str, str]:
    """Best first; at equal scores, a match on an entry's primary name before an alias."""
    primary = any(e.listed == match.entry.name for e in match.evidence)
    return (-match.score, not primary, match.entry.list, match.entry.id)


def _how(name: _QueryName, listed: _Listed, entry: ListEntry, similarity: float,
         why: list[str], *, korean: bool) -> str:
    kind = entry.kind_of(listed.index)
    what = {"primary": "name", "aka": "alias (aka)", "fka": "former name (fka)"}.get(kind, kind)
    if similarity >= 1.0 and name.key.key == listed.key.key:
        how = f"exact {what}"
    elif korean:
        how = f"{what}, romanised Korean spelling at {similarity:.2f}"
    else:
        how = f"fuzzy {what} at {similarity:.2f}"
    if has_hangul(name.text):
        how += ", transliterated from Hangul"
    elif has_cyrillic(name.text):
        how += ", transliterated from Cyrillic"
    return "; ".join([how, *why])


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
