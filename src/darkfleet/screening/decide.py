"""How the evidence about one entry becomes a match: its score, its basis and its notes.

* `identifier`: an exact IMO, MMSI or call sign; noisy-OR of the identifiers (and the name).
* `corroborated name`: a name at least `corroboration_similarity` alike, and an attribute that
  agrees; noisy-OR of the name score and each agreeing attribute's weight.
* `name only`: a name and nothing else; `name_weight` x similarity x rarity, below the
  threshold.

A different valid IMO on both sides caps the score at `imo_conflict_cap` (the entry is another
ship); a different MMSI weakens the name; each contradicting vessel type, tonnage, build year
or length multiplies a name-based score by `attribute_conflict_factor`.
"""

from __future__ import annotations

from collections.abc import Sequence

from darkfleet.screening.corroboration import Attribute, compare_attributes, rarity
from darkfleet.screening.flags import flag_code
from darkfleet.screening.model import Evidence, Identity, ListEntry, Match
from darkfleet.screening.scoring import combine
from darkfleet.screening.settings import ScreeningSettings

IDENTIFIERS = ("imo", "mmsi", "callsign")
NAMES = ("name", "former_name")


def decide(identity: Identity, entry: ListEntry, evidence: Sequence[Evidence],
           list_date: str, name_count: int, settings: ScreeningSettings) -> Match:
    """The match of `identity` with `entry` from the evidence found (identifiers, names)."""
    ids = {e.field: e.score for e in evidence if e.field in IDENTIFIERS}
    names = [e for e in evidence if e.field in NAMES]
    similarity = max((e.score for e in names), default=0.0)
    notes: list[str] = []
    name_score = settings.name_weight * similarity * rarity(name_count, settings)
    if ids and similarity < settings.corroboration_similarity:
        name_score = 0.0  # a loose name adds nothing to an identifier (nor is it searched)
    if name_count > 1 and names:
        notes.append(f"common name: {name_count} vessels bear it")
    if identity.mmsi and entry.mmsi and identity.mmsi != entry.mmsi:
        notes.append(f"MMSI differs: {identity.mmsi} screened, {entry.mmsi} listed")
        name_score *= settings.mmsi_conflict_factor
    support, extra = _corroboration(identity, entry, names, similarity, settings, notes)
    score = combine([*ids.values(), name_score, *(a.weight for a in support)])
    score *= settings.attribute_conflict_factor ** sum(1 for a in extra if not a.agrees)
    basis = "identifier" if ids else "corroborated name" if support else "name only"
    if identity.imo and entry.imo and identity.imo != entry.imo:
        score = min(score, settings.imo_conflict_cap)
        notes.append(f"IMO differs: {identity.imo} screened, {entry.imo} listed")
    elif identity.imo and not entry.imo and not ids:
        notes.append("listed without an IMO: the IMO can neither confirm nor refute it")
    if ids and identity.name and similarity < settings.corroboration_similarity:
        notes.append(f"name differs: {identity.name} screened, {entry.name} listed")
    notes += _flag_notes(identity, entry)
    found = [*evidence, *(_as_evidence(a, entry, list_date) for a in support + extra)]
    ordered = tuple(sorted(found, key=lambda e: -e.score))
    return Match(identity, entry, round(score, 6), ordered, list_date,
                 score >= settings.threshold, tuple(notes), basis)


def _corroboration(identity: Identity, entry: ListEntry, names: list[Evidence],
                   similarity: float, settings: ScreeningSettings,
                   notes: list[str]) -> tuple[list[Attribute], list[Attribute]]:
    """The attributes that corroborate the name, and the others compared (for the record)."""
    attributes = compare_attributes(identity, entry, settings)
    conflicts = [a for a in attributes if not a.agrees and a.field != "flag"]
    notes += [f"{a.field} contradicts: {a.query} screened, {a.listed} listed"
              for a in conflicts]
    if similarity < settings.corroboration_similarity:
        return [], conflicts
    support = [a for a in attributes if a.agrees]
    fields = {e.field for e in names if e.score >= settings.corroboration_similarity}
    if fields == set(NAMES):
        support.append(Attribute("former_names", "name and former name on one entry",
                                 ", ".join(identity.former_names), "; ".join(entry.names),
                                 True, settings.former_name_weight))
    return support, conflicts


def _as_evidence(attribute: Attribute, entry: ListEntry, list_date: str) -> Evidence:
    return Evidence(attribute.field, attribute.how, attribute.query, attribute.listed,
                    attribute.weight if attribute.agrees else 0.0, entry.list, list_date)


def _flag_notes(identity: Identity, entry: ListEntry) -> list[str]:
    """Whether the screened and listed flags agree (or the screened one is a former flag)."""
    listed = flag_code(entry.flag)
    former = {flag_code(f) for f in entry.former_flags}
    if not identity.flag or not listed:
        return []
    if identity.flag == listed:
        return [f"flag agrees: {listed}"]
    if identity.flag in former:
        return [f"flag differs: {identity.flag} screened, {listed} listed "
                f"({identity.flag} listed as a former flag)"]
    return [f"flag differs: {identity.flag} screened, {listed} listed"]

