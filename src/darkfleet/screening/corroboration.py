"""What a name match needs besides the name: attributes that agree with the entry, or not.

A name alone is a candidate. The screened identity's flag, kind of vessel, gross tonnage, build
year and length are compared with what the list gives: each that agrees corroborates the name
(its weight joins the score as independent evidence), each that contradicts it multiplies the
score down. A missing attribute on either side says nothing. Pure functions, no I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from darkfleet.screening.flags import flag_code
from darkfleet.screening.model import Identity, ListEntry
from darkfleet.screening.settings import ScreeningSettings

#: Kinds of vessel, from the words lists use and AIS ship type codes.
_TYPE_WORDS = (("tanker", "tanker"), ("lpg", "tanker"), ("lng", "tanker"),
               ("gas carrier", "tanker"), ("fishing", "fishing"), ("trawler", "fishing"),
               ("tug", "tug"), ("passenger", "passenger"), ("ferry", "passenger"),
               ("cruise", "passenger"), ("yacht", "yacht"), ("cargo", "cargo"),
               ("bulk", "cargo"), ("container", "cargo"), ("roll-on", "cargo"),
               ("ro-ro", "cargo"), ("reefer", "cargo"), ("refrigerated", "cargo"),
               ("general", "cargo"), ("heavy load", "cargo"), ("carrier", "cargo"))


def vessel_category(text: str | int | None) -> str | None:
    """The kind of vessel (`tanker`, `cargo`, `fishing`, `tug`, `passenger`, `yacht`) of a
    list's vessel type text or an AIS ship type code (70-79 cargo, 80-89 tanker...)."""
    if text is None or text == "":
        return None
    if isinstance(text, int) or str(text).isdigit():
        return _ais_category(int(text))
    lower = str(text).lower()
    return next((kind for word, kind in _TYPE_WORDS if word in lower), None)


def _ais_category(code: int) -> str | None:
    if 70 <= code <= 79:
        return "cargo"
    if 80 <= code <= 89:
        return "tanker"
    if 60 <= code <= 69:
        return "passenger"
    return {30: "fishing", 31: "tug", 32: "tug", 52: "tug", 37: "yacht"}.get(code)


@dataclass(frozen=True, slots=True)
class Attribute:
    """One attribute compared: the field, how it compares, and whether it agrees."""

    field: str
    how: str
    query: str
    listed: str
    agrees: bool
    weight: float


def compare_attributes(identity: Identity, entry: ListEntry,
                       settings: ScreeningSettings) -> list[Attribute]:
    """Every attribute both sides give, compared (flag, vessel type, tonnage, year, length)."""
    found: list[Attribute] = []
    listed_flag = flag_code(entry.flag)
    if identity.flag and listed_flag:
        found.append(Attribute("flag", "same flag" if identity.flag == listed_flag else
                               "another flag", identity.flag, listed_flag,
                               identity.flag == listed_flag, settings.flag_weight))
    ours, theirs = vessel_category(identity.vessel_type), vessel_category(entry.vessel_type)
    if ours and theirs:
        found.append(Attribute("vessel_type", f"{'same' if ours == theirs else 'another'} kind "
                               f"of vessel ({ours} / {theirs})", str(identity.vessel_type),
                               str(entry.vessel_type), ours == theirs, settings.type_weight))
    found += _numbers(identity, entry, settings)
    return found


def _numbers(identity: Identity, entry: ListEntry,
             settings: ScreeningSettings) -> list[Attribute]:
    pairs = (("tonnage", identity.tonnage, entry.tonnage, settings.tonnage_tolerance,
              settings.tonnage_weight, "gross tonnage"),
             ("length_m", identity.length_m, entry.length_m, settings.length_tolerance,
              settings.length_weight, "length"))
    found: list[Attribute] = []
    for field, ours, theirs, tolerance, weight, label in pairs:
        if ours and theirs:
            agrees = abs(ours - theirs) <= tolerance * max(ours, theirs)
            found.append(Attribute(field, f"{label} {'within' if agrees else 'beyond'} "
                                   f"{tolerance:.0%}", f"{ours:g}", f"{theirs:g}", agrees,
                                   weight))
    if identity.build_year and entry.build_year:
        agrees = abs(identity.build_year - entry.build_year) <= 1
        found.append(Attribute("build_year", "build year " + ("agrees" if agrees else
                                                              "differs"),
                               str(identity.build_year), str(entry.build_year), agrees,
                               settings.build_year_weight))
    return found


def rarity(count: int, settings: ScreeningSettings) -> float:
    """The factor on a name's score from how many vessels bear it (1 for a unique name)."""
    return 1.0 / (1.0 + settings.common_name_weight * math.log2(max(count, 1)))
