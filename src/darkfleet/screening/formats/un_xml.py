"""The UN Security Council consolidated list (XML).

`<CONSOLIDATED_LIST dateGenerated=...>` holds `<INDIVIDUAL>` and `<ENTITY>` records with
`DATAID`, `FIRST_NAME` (an entity's name), `UN_LIST_TYPE` (the regime, e.g. DPRK),
`REFERENCE_NUMBER`, `LISTED_ON` and aliases. The list has no vessel records; the IMO company
numbers of DPRK shipping companies are only in the free text of `COMMENTS1`
(`IMO Number: 5342883.`), and are kept as the entry's `imo` (a company number). The same
comments name the vessels those companies own, manage or operate (`Registered owner of the
DPRK tanker PAEK MA`): each becomes a `vessel_ref` entry (a vessel named, not designated)
linked to the listed company, with the flag the comment gives it and a ship IMO number when the
comment writes one (`vessel_refs`).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from darkfleet.errors import ScreeningError
from darkfleet.screening.formats._xml import line_of, parse_xml, require, text_of
from darkfleet.screening.identifiers import imo_is_valid
from darkfleet.screening.model import ListEntry

LIST_NAME = "UN"
_IMO = re.compile(r"IMO\)?\s*(?:[Nn]umber|[Nn]o\.?)?\s*:?\s*(\d{7})")
_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_CAPS = re.compile(r"(?<![A-Za-z])([A-Z]{2,}(?:[ -](?:[A-Z]{2,}|\d{1,3}))*)(?![A-Za-z])")
_TITLED = re.compile(r"\bvessel ([A-Z][a-z]+(?: [A-Z][a-z]+)+)")
_NOT_SHIPS = frozenset({"DPRK", "IMO", "UN", "ETA", "KOMID", "KKBC", "SWIFT", "OMM"})
_COMPANY_WORDS = frozenset({"SHIPPING", "CO", "CORP", "LTD", "COMPANY", "TRADING", "LIMITED"})
_ROLES = (("operator", "operator"), ("manager", "manager"), ("owner", "owner"),
          ("owned by", "owner"))


def _aliases(element: ET.Element, tag: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for alias in element.findall(tag):
        name = text_of(alias, "ALIAS_NAME")
        if name:
            quality = (text_of(alias, "QUALITY") or "").lower()
            out.append(("fka" if quality.startswith("f") else "aka", name))
    return out


def _entry(element: ET.Element, kind: str, path: Path) -> ListEntry:
    data_id = require(element, "DATAID", path)
    name = " ".join(p for p in (text_of(element, t) for t in _NAME_PARTS) if p)
    if not name:
        raise ScreeningError(f"<{element.tag}> {data_id} has no name", path=path,
                             line=line_of(element))
    aliases = _aliases(element, f"{element.tag}_ALIAS")
    comments = text_of(element, "COMMENTS1") or ""
    imo = _IMO.search(comments)
    program = text_of(element, "UN_LIST_TYPE")
    return ListEntry(
        list=LIST_NAME, id=text_of(element, "REFERENCE_NUMBER") or data_id, kind=kind,
        names=(name, *(a for _, a in aliases)), name_kinds=("primary", *(k for k, _ in aliases)),
        imo=int(imo.group(1)) if imo else None, programs=(program,) if program else (),
        listed_on=text_of(element, "LISTED_ON"))


def vessel_refs(entry: ListEntry, comments: str) -> list[ListEntry]:
    """The vessels a DPRK entry's comments name, as `vessel_ref` entries linked to it."""
    if not any("DPRK" in p for p in entry.programs) or not re.search(
            r"\b(?:vessels?|tankers?|ships?)\b", comments, re.IGNORECASE):
        return []
    role = next((kind for word, kind in _ROLES if word in comments.lower()), "named by")
    found: dict[str, ListEntry] = {}
    for match in [*_CAPS.finditer(comments), *_TITLED.finditer(comments)]:
        name = match.group(1)
        if _not_a_ship(name, entry) or name.upper() in found:
            continue
        before, after = comments[max(0, match.start() - 40):match.start()], comments[
            match.end():match.end() + 30]
        imo = re.match(r"\W*\(?IMO\W*(\d{7})", after)
        flag = "KP" if "DPRK" in before else "PA" if "Panama" in before else None
        found[name.upper()] = ListEntry(
            list=LIST_NAME, id=f"{entry.id}/{name.upper()}", kind="vessel_ref",
            names=(name.upper(),), name_kinds=("primary",), flag=flag,
            imo=int(imo.group(1)) if imo and imo_is_valid(int(imo.group(1))) else None,
            programs=entry.programs, linked_to=(entry.name,), link_kinds=(role,))
    return list(found.values())


def _not_a_ship(name: str, entry: ListEntry) -> bool:
    words = name.upper().replace("-", " ").split()
    letters = sum(len(w) for w in words if not w.isdigit())
    return (words[0] in _NOT_SHIPS or letters < 4 or bool(_COMPANY_WORDS & set(words))
            or any(n.upper() == name.upper() or (len(words) > 1 and n.upper().startswith(
                name.upper() + " ")) for n in entry.names))


def parse_un_xml(data: bytes, path: Path) -> tuple[str | None, list[ListEntry]]:
    """The generation date (`YYYY-MM-DD`, or None) and the entries of a UN consolidated list.

    Raises:
        ScreeningError: malformed XML, another root element, or a record without DATAID or
            name (names the file and line).
    """
    root = parse_xml(data, path)
    if root.tag != "CONSOLIDATED_LIST":
        raise ScreeningError(f"expected <CONSOLIDATED_LIST>, found <{root.tag}>", path=path,
                             line=line_of(root))
    generated = (root.get("dateGenerated") or "")[:10] or None
    entries = [_entry(e, "person", path) for e in root.iter("INDIVIDUAL")]
    for element in root.iter("ENTITY"):
        entry = _entry(element, "organization", path)
        entries += [entry, *vessel_refs(entry, text_of(element, "COMMENTS1") or "")]
    return generated, entries
