"""The UN Security Council consolidated list (XML).

`<CONSOLIDATED_LIST dateGenerated=...>` holds `<INDIVIDUAL>` and `<ENTITY>` records with
`DATAID`, `FIRST_NAME` (an entity's name), `UN_LIST_TYPE` (the regime, e.g. DPRK),
`REFERENCE_NUMBER`, `LISTED_ON` and aliases. The list has no vessel records; the IMO company
numbers of DPRK shipping companies are only in the free text of `COMMENTS1`
(`IMO Number: 5342883.`), and are kept as the entry's `imo` (a company number).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from darkfleet.errors import ScreeningError
from darkfleet.screening.formats._xml import line_of, parse_xml, require, text_of
from darkfleet.screening.model import ListEntry

LIST_NAME = "UN"
_IMO = re.compile(r"IMO\)?\s*(?:[Nn]umber|[Nn]o\.?)?\s*:?\s*(\d{7})")
_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")


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
    entries += [_entry(e, "organization", path) for e in root.iter("ENTITY")]
    return generated, entries
