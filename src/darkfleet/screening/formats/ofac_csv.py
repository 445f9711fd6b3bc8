"""OFAC's legacy CSV files: `sdn.csv` (entries) and `alt.csv` (aliases).

`sdn.csv` has no header and twelve columns: ent_num, SDN_Name, SDN_Type, Program, Title,
Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks. `-0-` means empty and a
lone Ctrl-Z (0x1A) ends the file. A vessel's IMO number, MMSI, aliases and the owners it is
linked to are only in the Remarks text (`Vessel Registration Identification IMO 9179842;
MMSI 273382620; Linked To: M LEASING LLC.`). The files carry no date: it is taken from the
file or folder name.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from darkfleet.errors import ScreeningError
from darkfleet.screening.formats._common import clean
from darkfleet.screening.model import ListEntry

LIST_NAME = "OFAC SDN"
_KINDS = {"vessel": "vessel", "individual": "person", "aircraft": "other"}
_IMO = re.compile(r"\bIMO\s*(\d{7})\b")
_MMSI = re.compile(r"\bMMSI\s*(\d{9})\b")
_LINKED = re.compile(r"Linked To:\s*([^;]+?)\.?\s*(?:;|$)")
_ALIAS = re.compile(r"\b([fn]?)\.?k\.a\.\s*'([^']+)'")
_BUILT = re.compile(r"Vessel Year of Build\s*(\d{4})")
_FORMER_FLAG = re.compile(r"Former Vessel Flag\s*([^;]+?)\.?\s*(?:;|$)")
#: How OFAC's `Linked To:` relation is named in a link's reason.
LINKED_TO = "OFAC Linked To"


def _rows(text: str, path: Path, columns: int) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text))
    rows: list[tuple[int, list[str]]] = []
    for row in reader:
        line = reader.line_num
        if not row or row == ["\x1a"] or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) != columns:
            raise ScreeningError(f"expected {columns} fields, found {len(row)}", path=path,
                                 line=line)
        if not row[0].strip().isdigit():
            raise ScreeningError(f"the entry number {row[0].strip()!r} is not a number",
                                 path=path, line=line)
        rows.append((line, row))
    return rows


_Remarks = tuple[int | None, int | None, list[str], list[tuple[str, str]]]


def _remarks(remarks: str | None) -> _Remarks:
    text = remarks or ""
    imo = _IMO.search(text)
    mmsi = _MMSI.search(text)
    linked = [m.strip() for m in _LINKED.findall(text)]
    aliases = [("fka" if prefix == "f" else "aka", name.strip())
               for prefix, name in _ALIAS.findall(text)]
    return (int(imo.group(1)) if imo else None, int(mmsi.group(1)) if mmsi else None,
            linked, aliases)


def parse_sdn_csv(text: str, path: Path) -> list[ListEntry]:
    """The entries of an OFAC `sdn.csv`.

    Raises:
        ScreeningError: a row without twelve fields, a non-numeric entry number or an empty
            name (names the file and line).
    """
    entries: list[ListEntry] = []
    for line, row in _rows(text, path, 12):
        name = clean(row[1])
        if not name:
            raise ScreeningError("the entry has no name", path=path, line=line)
        remarks = clean(row[11]) or ""
        imo, mmsi, linked, aliases = _remarks(remarks)
        programs = tuple(p.strip() for p in (clean(row[3]) or "").strip("[]").split("] [")
                         if p.strip())
        built = _BUILT.search(remarks)
        entries.append(ListEntry(
            list=LIST_NAME, id=row[0].strip(), kind=_KINDS.get(clean(row[2]) or "",
                                                               "organization"),
            names=(name, *(a for _, a in aliases)),
            name_kinds=("primary", *(k for k, _ in aliases)),
            imo=imo, mmsi=mmsi, callsign=clean(row[5]), flag=clean(row[9]),
            programs=programs, linked_to=tuple(linked),
            link_kinds=(LINKED_TO,) * len(linked), vessel_type=clean(row[6]),
            tonnage=_integer(clean(row[8]) or clean(row[7])),
            build_year=int(built.group(1)) if built else None,
            former_flags=tuple(f.strip() for f in _FORMER_FLAG.findall(remarks)
                               if not f.startswith("None"))))
    return entries


def _integer(text: str | None) -> int | None:
    digits = (text or "").replace(",", "").strip()
    return int(digits) if digits.isdigit() and int(digits) > 0 else None


def parse_alt_csv(text: str, path: Path) -> dict[str, list[tuple[str, str]]]:
    """The aliases of an OFAC `alt.csv`: ent_num -> [(kind `aka`/`fka`/`nka`, name)].

    Raises:
        ScreeningError: a row without five fields or a non-numeric entry number.
    """
    aliases: dict[str, list[tuple[str, str]]] = {}
    for line, row in _rows(text, path, 5):
        kind, name = (clean(row[2]) or "aka").lower(), clean(row[3])
        if not name:
            raise ScreeningError("the alias has no name", path=path, line=line)
        aliases.setdefault(row[0].strip(), []).append((kind, name))
    return aliases


def with_aliases(entries: list[ListEntry],
                 aliases: dict[str, list[tuple[str, str]]]) -> list[ListEntry]:
    """`entries` with the aliases of `alt.csv` added (names already present are kept once)."""
    out: list[ListEntry] = []
    for entry in entries:
        extra = [(k, n) for k, n in aliases.get(entry.id, []) if n not in entry.names]
        if not extra:
            out.append(entry)
            continue
        kinds = entry.name_kinds or ("primary",) * len(entry.names)
        out.append(_replace_names(entry, entry.names + tuple(n for _, n in extra),
                                  kinds + tuple(k for k, _ in extra)))
    return out


def _replace_names(entry: ListEntry, names: tuple[str, ...],
                   kinds: tuple[str, ...]) -> ListEntry:
    from dataclasses import replace

    return replace(entry, names=names, name_kinds=kinds)
