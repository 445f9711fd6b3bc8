"""Identities from user input: command-line options or JSON lines (one identity per line)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from darkfleet.errors import ScreeningError
from darkfleet.screening.flags import flag_code
from darkfleet.screening.identifiers import (
    mmsi_info,
    normalise_callsign,
    parse_imo,
    parse_mmsi,
)
from darkfleet.screening.model import Identity

FIELDS = ("imo", "mmsi", "name", "callsign", "flag", "former_names", "vessel_type", "tonnage",
          "build_year", "length_m", "seen_at")
#: Attributes that corroborate a name: field -> (type, lowest, highest).
_NUMBERS: dict[str, tuple[type, float, float]] = {
    "tonnage": (int, 1, 1_000_000), "build_year": (int, 1850, 2100),
    "length_m": (float, 1, 500)}


def make_identity(imo: str | int | None = None, mmsi: str | int | None = None,
                  name: str | None = None, callsign: str | None = None,
                  flag: str | None = None, former_names: Iterable[str] = (),
                  **attributes: Any) -> Identity:
    """An identity with its IMO and MMSI validated and its call sign normalised; the flag is
    the ISO code of `flag` (a code or a country name), else the flag state of the MMSI.
    `attributes`: `vessel_type` (text or AIS ship type code), `tonnage` (gross), `build_year`,
    `length_m` and `seen_at` (when AIS last reported it, ISO 8601).

    Raises:
        ScreeningError: an IMO with a wrong check digit, a malformed MMSI, an unknown flag,
            an attribute out of range.
    """
    number = parse_mmsi(mmsi) if mmsi not in (None, "") else None
    code = flag_code(flag) if flag else None
    if flag and code is None:
        raise ScreeningError(f"unknown flag {flag!r} (give an ISO 3166 alpha-2 code, like RU)")
    return Identity(
        imo=parse_imo(imo) if imo not in (None, "") else None, mmsi=number,
        name=(name or "").strip() or None, callsign=normalise_callsign(callsign),
        flag=code or (mmsi_info(number).flag if number else None),
        former_names=tuple(former_names), **_attributes(attributes))


def _attributes(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field, value in values.items():
        if value in (None, ""):
            continue
        if field in _NUMBERS:
            kind, low, high = _NUMBERS[field]
            try:
                number = kind(value)
            except (TypeError, ValueError):
                raise ScreeningError(f"{field} must be a number, got {value!r}") from None
            if not low <= number <= high:
                raise ScreeningError(f"{field} {number} is out of range ({low:g}-{high:g})")
            out[field] = number
        else:
            out[field] = str(value)
    return out


def identity_from_json(line: str, source: str, number: int) -> Identity:
    """One identity from a JSON object line (`{"imo": "IMO 9179842", "name": "ANGARA"}`).

    Raises:
        ScreeningError: not a JSON object, an unknown field, or an invalid identifier
            (names `source` and the 1-based line `number`).
    """
    try:
        data: Any = json.loads(line)
    except json.JSONDecodeError as error:
        raise ScreeningError(f"not JSON: {error.msg}", path=source, line=number) from error
    if not isinstance(data, dict):
        raise ScreeningError("expected a JSON object", path=source, line=number)
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise ScreeningError(f"unknown field {unknown[0]!r} (known: {', '.join(FIELDS)})",
                             path=source, line=number)
    former = data.get("former_names") or []
    if not isinstance(former, list) or not all(isinstance(x, str) for x in former):
        raise ScreeningError("former_names must be a list of strings", path=source,
                             line=number)
    extra = {k: data.get(k) for k in FIELDS[6:]}
    try:
        return make_identity(data.get("imo"), data.get("mmsi"), data.get("name"),
                             data.get("callsign"), data.get("flag"), former, **extra)
    except ScreeningError as error:
        raise ScreeningError(error.message, path=source, line=number) from error
