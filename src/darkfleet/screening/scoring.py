"""Pure scoring rules: how similar two normalised names are, and how evidence combines."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz.distance import Indel

from darkfleet.screening.names import NameKey
from darkfleet.screening.settings import ScreeningSettings


def key_similarity(query: str, listed: str) -> float:
    """Normalised Indel similarity of two name keys (rapidfuzz `fuzz.ratio` / 100)."""
    return float(Indel.normalized_similarity(query, listed))


def adjust_similarity(
    raw: float, query: NameKey, listed: NameKey, settings: ScreeningSettings
) -> tuple[float, list[str]]:
    """Apply the look-alike penalties to a raw key similarity; returns it and why it changed.

    Numbers must agree (SPARTA III is not SPARTA IV), and an inexact match of a short name
    loses `short_name_penalty` (MAIA-1 against MAINI, MAISAN, MAISHA).
    """
    value = raw
    why: list[str] = []
    if query.numbers and listed.numbers and query.numbers != listed.numbers:
        value *= settings.number_mismatch_penalty
        why.append(f"numbers differ ({' '.join(query.numbers)} / {' '.join(listed.numbers)})")
    elif bool(query.numbers) != bool(listed.numbers):
        value *= settings.number_missing_penalty
        why.append("a number on one name only")
    if _extra_word(query, listed):
        value *= settings.extra_word_penalty
        why.append("a word on one name only")
    letters = min(len(query.key), len(listed.key))
    if value < 1.0 and letters <= 6:
        value -= settings.short_name_penalty
        why.append("short name, inexact")
    return max(value, 0.0), why


def _extra_word(query: NameKey, listed: NameKey) -> bool:
    """Whether one name is the other plus whole words (SG PROSPERITY / PROSPERITY)."""
    if query.key == listed.key or len(query.tokens) == len(listed.tokens):
        return False
    short, long = sorted((query.tokens, listed.tokens), key=len)
    rest = list(long)
    for token in short:
        if token not in rest:
            return False
        rest.remove(token)
    return not all(t.isdigit() for t in rest)


def combine(scores: Iterable[float]) -> float:
    """Independent pieces of evidence combined as a noisy-OR: 1 - prod(1 - s)."""
    miss = 1.0
    for score in scores:
        miss *= 1.0 - min(max(score, 0.0), 1.0)
    return 1.0 - miss
