"""The names of the listed vessels, indexed for bulk fuzzy, romanised-Korean and phonetic search.

Listed names are normalised once (`name_forms`). A batch of screened names is compared with all
of them in bulk with rapidfuzz `process.cdist` (all cores) on the plain keys, again on the
Korean-folded keys of DPRK entries, and looked up by Double Metaphone key: names that sound
alike (LADY R / LEDI R / ЛЕДИ Р) and are at least half alike in letters meet at
`phonetic_similarity`. The result per identity is the best name evidence per entry and field;
an evidence's score is the name similarity after the look-alike penalties.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel

from darkfleet.screening.flags import flag_code
from darkfleet.screening.model import Evidence, Identity, ListEntry
from darkfleet.screening.names import NameKey, name_forms
from darkfleet.screening.scoring import adjust_similarity
from darkfleet.screening.settings import ScreeningSettings
from darkfleet.transliterate import has_cyrillic, has_hangul

_CHUNK = 2000
_KOREAN_MARKS = ("DPRK", "NKSPEA", "KOREA, NORTH", "PEOPLE'S REPUBLIC OF KOREA")
_MIN_PHONETIC_LETTERS = 3


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


#: Name evidence of one identity: (entry number, query field) -> best evidence.
Hits = dict[tuple[int, str], Evidence]


def is_korean(entry: ListEntry) -> bool:
    """Whether an entry's names are romanised Korean: DPRK programmes or a DPRK flag."""
    programs = [p.upper() for p in entry.programs]
    return flag_code(entry.flag) == "KP" or any(
        mark in text for text in programs for mark in _KOREAN_MARKS)


class NameIndex:
    """The names of some entries (with their list dates), ready for bulk comparison."""

    def __init__(self, entries: Sequence[ListEntry], list_dates: Sequence[str],
                 settings: ScreeningSettings) -> None:
        self.entries, self.list_dates, self.settings = entries, list_dates, settings
        self._names: list[_Listed] = []
        self._korean: list[int] = []
        self._phonetic: dict[str, list[int]] = {}
        #: Normalised key -> list -> the entries bearing it (for how common a name is).
        self.entries_by_key: dict[str, dict[str, set[int]]] = {}
        for number, entry in enumerate(entries):
            korean = is_korean(entry)
            for index, name in enumerate(entry.names):
                for key in name_forms(name):
                    if korean:
                        self._korean.append(len(self._names))
                    if len(key.phonetic.replace(" ", "")) >= _MIN_PHONETIC_LETTERS:
                        self._phonetic.setdefault(key.phonetic, []).append(len(self._names))
                    if entry.kind == "vessel":
                        self.entries_by_key.setdefault(key.key, {}).setdefault(
                            entry.list, set()).add(number)
                    self._names.append(_Listed(number, index, key))
        self._keys = [listed.key.key for listed in self._names]
        self._korean_keys = [self._names[i].key.korean for i in self._korean]

    def listed_count(self, key: str) -> int:
        """How many listed vessels bear a name: the most entries one list gives it (a ship
        on several lists counts once; vessels lists only name are not counted)."""
        return max((len(found) for found in self.entries_by_key.get(key, {}).values()),
                   default=0)

    def hits(self, identities: Sequence[Identity], cutoff: float) -> list[Hits]:
        """The name evidence of each identity against every entry (raw similarity >= cutoff)."""
        hits: list[Hits] = [{} for _ in identities]
        names = _query_names(identities)
        if not names or not self._names:
            return hits
        self._compare(names, self._keys, list(range(len(self._names))),
                      lambda n: n.key.key, hits, cutoff, korean=False)
        if self._korean:
            self._compare(names, self._korean_keys, self._korean,
                          lambda n: n.key.korean, hits, cutoff, korean=True)
        self._sound_alike(names, hits)
        return hits

    def _compare(self, names: list[_QueryName], keys: list[str], rows: list[int],
                 key_of: Callable[[_QueryName], str], hits: list[Hits], cutoff: float, *,
                 korean: bool) -> None:
        by_key: dict[str, list[_QueryName]] = {}
        for name in names:
            by_key.setdefault(key_of(name), []).append(name)
        unique = sorted(by_key)
        for start in range(0, len(unique), _CHUNK):
            block = unique[start:start + _CHUNK]
            matrix = process.cdist(block, keys, scorer=Indel.normalized_similarity,
                                   score_cutoff=cutoff, workers=-1, dtype=np.float32)
            for q, n in zip(*np.nonzero(matrix), strict=True):
                for name in by_key[block[q]]:
                    self._record(name, self._names[rows[n]], float(matrix[q, n]), hits,
                                 "korean" if korean else "")

    def _sound_alike(self, names: list[_QueryName], hits: list[Hits]) -> None:
        for name in names:
            for row in self._phonetic.get(name.key.phonetic, ()):
                listed = self._names[row]
                raw = float(Indel.normalized_similarity(name.key.key, listed.key.key))
                if raw >= 0.5:
                    self._record(name, listed, max(raw, self.settings.phonetic_similarity),
                                 hits, "phonetic")

    def _record(self, name: _QueryName, listed: _Listed, raw: float, hits: list[Hits],
                how: str) -> None:
        why: list[str] = []
        if how == "phonetic":
            similarity = raw
        else:
            similarity, why = adjust_similarity(raw, name.key, listed.key, self.settings)
        best = hits[name.query].get((listed.entry, name.field))
        if best is not None and best.score >= similarity:
            return
        entry = self.entries[listed.entry]
        hits[name.query][(listed.entry, name.field)] = Evidence(
            field=name.field, how=_how(name, listed, entry, similarity, why, how),
            query=name.text, listed=entry.names[listed.index], score=similarity,
            list=entry.list, list_date=self.list_dates[listed.entry])


def _query_names(identities: Sequence[Identity]) -> list[_QueryName]:
    names: list[_QueryName] = []
    for number, identity in enumerate(identities):
        texts = [("name", identity.name)] if identity.name else []
        texts += [("former_name", former) for former in identity.former_names]
        for field, text in texts:
            names.extend(_QueryName(number, field, text, key) for key in name_forms(text))
    return names


def _how(name: _QueryName, listed: _Listed, entry: ListEntry, similarity: float,
         why: list[str], method: str) -> str:
    kind = entry.kind_of(listed.index)
    what = {"primary": "name", "aka": "alias (aka)", "fka": "former name (fka)"}.get(kind, kind)
    if similarity >= 1.0 and name.key.key == listed.key.key:
        how = f"exact {what}"
    elif method == "korean":
        how = f"{what}, romanised Korean spelling at {similarity:.2f}"
    elif method == "phonetic":
        how = f"{what} sounds alike (Double Metaphone {listed.key.phonetic}) at {similarity:.2f}"
    else:
        how = f"fuzzy {what} at {similarity:.2f}"
    if has_hangul(name.text):
        how += ", transliterated from Hangul"
    elif has_cyrillic(name.text):
        how += ", transliterated from Cyrillic"
    return "; ".join([how, *why])
