"""Transliteration of Korean and Cyrillic names (the shared base module `darkfleet.transliterate`,
under its former name in the screening stage)."""

from __future__ import annotations

from darkfleet.transliterate import (
    cyrillic_variants,
    hangul_to_latin,
    has_cyrillic,
    has_hangul,
    korean_key,
    latin_forms,
)

__all__ = [
    "cyrillic_variants",
    "hangul_to_latin",
    "has_cyrillic",
    "has_hangul",
    "korean_key",
    "latin_forms",
]
