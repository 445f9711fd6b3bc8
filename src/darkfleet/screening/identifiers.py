"""Ship identifiers: IMO numbers (with check digit), MMSIs (with their flag state), call signs.

Identifiers decide a screen before names do, so each one is normalised to one canonical form
and validated here. IMO ship numbers carry a check digit: the first six digits weighted 7..2
sum to a number whose last digit is the seventh (IMO resolution A.1078(28)).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from darkfleet.errors import ScreeningError
from darkfleet.screening.mid_table import MID_FLAGS

_IMO_RE = re.compile(r"^(?:IMO)?\s*(?:NO\.?|NUMBER|#)?\s*[:.]?\s*(\d{7})$")


def imo_check_digit(first_six: str) -> int:
    """The check digit of an IMO ship number from its first six digits."""
    return sum(int(d) * w for d, w in zip(first_six, range(7, 1, -1), strict=True)) % 10


def imo_is_valid(number: int) -> bool:
    """Whether `number` is a 7-digit IMO ship number with a correct check digit."""
    text = str(number)
    return len(text) == 7 and imo_check_digit(text[:6]) == int(text[6])


def parse_imo(text: str | int, *, check: bool = True) -> int:
    """Normalise an IMO number written as `9179842`, `IMO 9179842`, `IMO9179842`, `imo no. ...`.

    Raises:
        ScreeningError: not a 7-digit number, or (with `check`) a wrong check digit.
    """
    raw = str(text).strip().upper()
    found = _IMO_RE.match(raw.replace("-", " ").strip())
    if found is None:
        raise ScreeningError(f"not an IMO number: {text!r} (expected 7 digits, like IMO 9179842)")
    number = int(found.group(1))
    if check and not imo_is_valid(number):
        expected = imo_check_digit(found.group(1)[:6])
        raise ScreeningError(
            f"IMO {number} has a wrong check digit (the last digit should be {expected})"
        )
    return number


def imo_or_none(value: str | int | None) -> int | None:
    """A valid IMO ship number from `value`, or None (AIS often sends 0 or garbage)."""
    if value is None or value == "":
        return None
    try:
        return parse_imo(value)
    except ScreeningError:
        return None


@dataclass(frozen=True, slots=True)
class MmsiInfo:
    """What an MMSI says about its station: kind (`ship`, `coast`, `sar_aircraft`, ...) and flag."""

    mmsi: int
    kind: str
    mid: int | None
    flag: str | None


def mmsi_info(mmsi: int) -> MmsiInfo:
    """Classify a 9-digit MMSI and look up the flag state of its MID.

    Raises:
        ScreeningError: not a 9-digit number.
    """
    if not 0 < mmsi <= 999_999_999:
        raise ScreeningError(f"not an MMSI: {mmsi!r} (expected 9 digits)")
    text = f"{mmsi:09d}"
    kinds = {"00": "coast", "111": "sar_aircraft", "970": "sart", "972": "mob", "974": "epirb",
             "98": "craft_associated", "99": "aid_to_navigation"}
    for prefix, kind in kinds.items():
        if text.startswith(prefix):
            mid_text = text[len(prefix):len(prefix) + 3]
            return MmsiInfo(mmsi, kind, int(mid_text), MID_FLAGS.get(int(mid_text)))
    if text[0] == "0":
        return MmsiInfo(mmsi, "group", int(text[1:4]), MID_FLAGS.get(int(text[1:4])))
    mid = int(text[:3])
    return MmsiInfo(mmsi, "ship" if text[0] in "234567" else "other", mid, MID_FLAGS.get(mid))


def parse_mmsi(text: str | int) -> int:
    """Normalise an MMSI (`273382620`, `MMSI 273382620`) to an int and validate it.

    Raises:
        ScreeningError: not a 9-digit number.
    """
    raw = f"{text:09d}" if isinstance(text, int) else str(text)
    raw = re.sub(r"^MMSI\s*:?\s*", "", raw.strip().upper())
    if not raw.isdigit() or len(raw) != 9:
        raise ScreeningError(f"not an MMSI: {text!r} (expected 9 digits)")
    return mmsi_info(int(raw)).mmsi


def normalise_callsign(text: str | None) -> str | None:
    """Upper case without spaces, dashes or dots (`ub-rh 7` -> `UBRH7`); None when empty."""
    if text is None:
        return None
    value = re.sub(r"[^0-9A-Z]", "", text.upper())
    return value or None
