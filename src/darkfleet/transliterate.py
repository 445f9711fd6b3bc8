"""Transliteration of Korean (Hangul) and Cyrillic names to the Latin forms sanctions lists use.

Lists spell DPRK ship names syllable by syllable in a McCune-Reischauer-like form without
diacritics (`CHONG CHON GANG`, `PAEK MA`, `UN PHA 2`), not in Revised Romanization
(`Cheongcheongang`). `hangul_to_latin` writes each syllable in that style, decomposing it
arithmetically (Unicode Hangul syllables are ordered lead x vowel x tail). Cyrillic has several
transliteration conventions in use, so `cyrillic_variants` gives each plausible Latin form.

A base module: the sanctions screening matches names with it, and the events stage's identity
filters find vessels by a name in any script.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from anyascii import anyascii

_LEADS = ("K", "KK", "N", "T", "TT", "R", "M", "P", "PP", "S", "SS", "", "CH", "TCH", "CH",
          "KH", "TH", "PH", "H")
_VOWELS = ("A", "AE", "YA", "YAE", "O", "E", "YO", "YE", "O", "WA", "WAE", "OE", "YO", "U",
           "WO", "WE", "WI", "YU", "U", "UI", "I")
_TAILS = ("", "K", "K", "K", "N", "N", "N", "T", "L", "K", "M", "P", "L", "L", "P", "L", "M",
          "P", "P", "T", "T", "NG", "T", "T", "K", "T", "P", "T")
_FIRST, _LAST = 0xAC00, 0xD7A3


_HANGUL = re.compile("[\uac00-\ud7a3]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def has_hangul(text: str) -> bool:
    return not text.isascii() and _HANGUL.search(text) is not None


def has_cyrillic(text: str) -> bool:
    return not text.isascii() and _CYRILLIC.search(text) is not None


def _syllable(code: int) -> str:
    index = code - _FIRST
    lead, rest = divmod(index, 21 * 28)
    vowel, tail = divmod(rest, 28)
    return _LEADS[lead] + _VOWELS[vowel] + _TAILS[tail]


def hangul_to_latin(text: str) -> str:
    """Romanise Hangul syllable by syllable, McCune-Reischauer style without diacritics.

    `청천강` -> `CHONG CHON KANG`; other characters pass through. `호` after a number is the
    Korean "No." (`남산8호` is NAM SAN 8) and is dropped.
    """
    text = re.sub(r"(\d)\s*호", r"\1", text)
    out: list[str] = []
    for char in text:
        code = ord(char)
        if _FIRST <= code <= _LAST:
            out.append(" " + _syllable(code) + " ")
        else:
            out.append(char)
    return re.sub(r"\s+", " ", "".join(out)).strip()


_CYRILLIC_J = str.maketrans({"й": "j", "я": "ja", "ю": "ju", "ё": "jo", "х": "h", "э": "e",
                             "Й": "J", "Я": "JA", "Ю": "JU", "Ё": "JO", "Х": "H", "Э": "E"})
_CYRILLIC_KOREAN = (("дж", "j"), ("чх", "ch"), ("пх", "ph"), ("тх", "th"), ("кх", "kh"),
                    ("ия", "ia"),
                    ("ий", "i"), ("йя", "ia"), ("я", "ya"), ("й", "i"), ("ы", "u"), ("х", "h"),
                    ("ь", ""), ("ъ", ""), ("ё", "o"))


def cyrillic_variants(text: str) -> tuple[str, ...]:
    """The Latin forms of a Cyrillic name under the common conventions, most usual first.

    `Мария` -> (`Mariya`, `Marija`, `Maria`); `Чхончхонган` (Korean in Cyrillic) gives
    `Chonchongan` among them.
    """
    lower = text.lower()
    korean = lower
    for cyr, lat in _CYRILLIC_KOREAN:
        korean = korean.replace(cyr, lat)
    forms = (anyascii(text), anyascii(text.translate(_CYRILLIC_J)), anyascii(korean))
    unique: list[str] = []
    for form in forms:
        if form.upper() not in (u.upper() for u in unique):
            unique.append(form)
    return tuple(unique)


def latin_forms(text: str) -> tuple[str, ...]:
    """Every Latin form a name may take on a list: Hangul and Cyrillic transliterated."""
    if has_hangul(text):
        text = hangul_to_latin(text)
    if has_cyrillic(text):
        return cyrillic_variants(text)
    return (text if text.isascii() else anyascii(text),)


_KOREAN_FOLD = {"CHKH": "CH", "TCH": "CH", "PH": "P", "TH": "T", "KH": "K", "EO": "O",
                "EU": "U", "OO": "U", "AE": "E", "SH": "S", "J": "CH", "G": "K", "D": "T",
                "B": "P", "L": "R"}
_KOREAN_RE = re.compile("|".join(sorted(_KOREAN_FOLD, key=len, reverse=True)))
_FINAL_NG = re.compile(r"NG(?![AEIOUWY])")
_DOUBLED = re.compile(r"(.)\1+")


def korean_key(tokens: Sequence[str]) -> str:
    """Fold a romanised Korean name so McCune-Reischauer, Revised Romanization and
    Cyrillic-derived spellings meet: `CHONG CHON GANG`, `CHEONG CHEON GANG` and `CHON CHON GAN`
    all fold to `CHONCHONKAN`. A syllable-final NG (before a consonant or at the end of a word)
    folds to N (Cyrillic writes it `н`), so `TAEPYEONGSAN` meets `THAE PYONG SAN`."""
    text = _FINAL_NG.sub("N", " ".join(tokens).upper())
    folded = _KOREAN_RE.sub(lambda m: _KOREAN_FOLD[m.group(0)], text).replace(" ", "")
    return _DOUBLED.sub(r"\1", folded)
