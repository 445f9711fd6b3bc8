"""Helpers the list readers share: decoding, dates found in file names, clean values."""

from __future__ import annotations

import re
from pathlib import Path

from darkfleet.errors import ScreeningError

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


def read_text(path: Path) -> str:
    """A list file's text: UTF-8 (with or without BOM), else Windows-1252.

    Raises:
        ScreeningError: the file cannot be read.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ScreeningError(f"cannot read: {error.strerror}", path=path) from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def date_from_path(path: Path) -> str | None:
    """A publication date written in the file or folder name (`..._2024-05-03/sdn.csv`,
    `FCDO_SL_Mon_Aug 11 2025.ods`), as `YYYY-MM-DD`."""
    for part in (path.name, path.parent.name):
        iso = re.search(r"(20\d\d)-(\d\d)-(\d\d)", part)
        if iso:
            return "-".join(iso.groups())
        words = re.search(r"([A-Za-z]{3})[a-z]*[ _-]+(\d{1,2})[ _-]+(20\d\d)", part)
        if words and words.group(1).lower() in _MONTHS:
            month = _MONTHS[words.group(1).lower()]
            return f"{words.group(3)}-{month:02d}-{int(words.group(2)):02d}"
    return None


def clean(value: str | None) -> str | None:
    """Strip a field; OFAC's `-0-` and empty strings mean no value."""
    if value is None:
        return None
    text = " ".join(value.split())
    return None if text in ("", "-0-") else text


def day_first_date(text: str | None) -> str | None:
    """`29-06-2012` or `29/06/2012` as `2012-06-29` (None when empty or not a date)."""
    value = clean(text)
    found = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", value or "")
    if not found:
        return None
    day, month, year = (int(g) for g in found.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def number_in(text: str | None, digits: int) -> int | None:
    """The first run of exactly `digits` digits in `text` (`IMO9179842` -> 9179842), or None;
    `digits` 0 takes the first number of any length (thousands separators allowed)."""
    if digits == 0:
        found = re.search(r"\d[\d,]*", text or "")
        return int(found.group(0).replace(",", "")) if found else None
    found = re.search(rf"(?<!\d)(\d{{{digits}}})(?!\d)", text or "")
    return int(found.group(1)) if found else None
