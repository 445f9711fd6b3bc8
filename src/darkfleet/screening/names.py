"""Vessel name normalisation: the comparable form of a name as lists and AIS write it.

`normalise_name` upper-cases, drops punctuation and vessel prefixes (MV, M/V, MT, M.T., SS...),
writes numerals as digits (`SPARTA IV`, `SPARTA FOUR`, `SPARTA-4` are all `SPARTA 4`), splits
letters from digits (`MAIA1` -> `MAIA 1`) and drops a `NO.` before a number. Its `key` joins the
tokens without spaces, so `CHONG CHON GANG` and `CHONGCHONGANG` compare equal. Its `phonetic`
key is the Double Metaphone code of each word (numbers kept as they are), so spellings that
sound alike meet: `LADY R`, `LEDI R` and `ЛЕДИ Р` all give `LT R`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii
from doublemetaphone import doublemetaphone

from darkfleet.transliterate import korean_key, latin_forms

_PREFIXES_ONE = frozenset({"MV", "MT", "MS", "SS", "FV", "MY", "RV", "MTS", "MSV"})
_PREFIXES_TWO = frozenset({("M", "V"), ("M", "T"), ("M", "S"), ("F", "V"), ("M", "Y")})
_WORDS = {"ONE": 1, "TWO": 2, "THREE": 3, "FOUR": 4, "FIVE": 5, "SIX": 6, "SEVEN": 7,
          "EIGHT": 8, "NINE": 9, "TEN": 10, "ELEVEN": 11, "TWELVE": 12}
_ROMAN = {"II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10,
          "XI": 11, "XII": 12, "XIII": 13, "XIV": 14, "XV": 15, "XX": 20}


@dataclass(frozen=True, slots=True)
class NameKey:
    """A normalised name: its tokens, the key without spaces, the numbers in it, the key
    folded for romanised Korean (see `korean_key`) and its phonetic key (`phonetic_key`)."""

    tokens: tuple[str, ...]
    key: str
    numbers: tuple[str, ...]
    korean: str
    phonetic: str = ""


def _tokens(text: str) -> list[str]:
    ascii_text = (text if text.isascii() else anyascii(text)).upper()
    ascii_text = ascii_text.replace("&", " AND ").replace("'", "").replace("`", "")
    ascii_text = re.sub(r"(?<=[A-Z])(?=\d)|(?<=\d)(?=[A-Z])", " ", ascii_text)
    return re.findall(r"[A-Z0-9]+", ascii_text)


def _drop_prefix(tokens: list[str]) -> list[str]:
    if len(tokens) > 2 and tuple(tokens[:2]) in _PREFIXES_TWO:
        return tokens[2:]
    if len(tokens) > 1 and tokens[0] in _PREFIXES_ONE:
        return tokens[1:]
    return tokens


def _numerals(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for i, token in enumerate(tokens):
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if token in ("NO", "NR") and following.isdigit() and i > 0:
            continue
        if token in _WORDS and i > 0:
            out.append(str(_WORDS[token]))
        elif token in _ROMAN and i > 0:
            out.append(str(_ROMAN[token]))
        elif token.isdigit():
            out.append(str(int(token)))
        else:
            out.append(token)
    return out


def normalise_name(text: str) -> NameKey:
    """The comparable form of one Latin (or Latin-transliterable) vessel name."""
    tokens = tuple(_numerals(_drop_prefix(_tokens(text))))
    numbers = tuple(t for t in tokens if t.isdigit())
    return NameKey(tokens, "".join(tokens), numbers, korean_key(tokens), phonetic_key(tokens))


@lru_cache(maxsize=65536)
def _metaphone(token: str) -> str:
    return str(doublemetaphone(token)[0]) or token


def phonetic_key(tokens: tuple[str, ...]) -> str:
    """The Double Metaphone primary code of each word, numbers as they are, space-separated."""
    return " ".join(t if t.isdigit() else _metaphone(t) for t in tokens)


@lru_cache(maxsize=65536)
def name_forms(text: str) -> tuple[NameKey, ...]:
    """The normalised forms of a name in any script (one per transliteration convention)."""
    keys: list[NameKey] = []
    for form in latin_forms(text):
        key = normalise_name(form)
        if key.key and key not in keys:
            keys.append(key)
    return tuple(keys)
