"""Read list files into `SanctionsList`s: detect each file's format, parse, pair OFAC files.

OFAC's `alt.csv` holds only aliases: it is merged into the `sdn.csv` read in the same call; the
same way, a UK ship IMO file (`uk_imo`) adds IMO numbers to the UK list read with it.
Each list keeps its own date: the one inside the file (UN `dateGenerated`, OFAC XML
`DateOfIssue`, the latest FtM `last_change`), else a date in the file or folder name;
`list_date` overrides them all. A file with no date anywhere is refused: a file's modification
day says when it was copied, not when the list was published.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from darkfleet.errors import ScreeningError, UsageError
from darkfleet.screening.formats import ftm, ofac_csv, ofac_xml, uk, uk_full, uk_imo, un_xml
from darkfleet.screening.formats._common import date_from_path, read_text
from darkfleet.screening.model import ListEntry, SanctionsList

#: Format name -> what it is.
FORMATS = {
    "ofac_sdn_csv": "OFAC sdn.csv (legacy CSV, no header)",
    "ofac_alt_csv": "OFAC alt.csv (aliases of sdn.csv)",
    "ofac_xml": "OFAC advanced XML (SDN_ADVANCED.XML)",
    "un_xml": "UN Security Council consolidated list XML",
    "uk_csv": "UK sanctions list summary export, CSV",
    "uk_ods": "UK sanctions list summary export, OpenDocument sheet",
    "uk_full_csv": "UK Sanctions List (full), CSV with ships' IMO numbers",
    "uk_imo_csv": "IMO numbers of UK-listed ships by Unique ID (added to the UK list)",
    "ftm_json": "OpenSanctions FollowTheMoney entities, JSON lines",
}


def detect_format(path: Path) -> str:
    """The format of a list file, from its extension and first bytes.

    Raises:
        ScreeningError: the file cannot be read or is none of `FORMATS`.
    """
    suffix = path.suffix.lower()
    if suffix == ".ods":
        return "uk_ods"
    try:
        with path.open("rb") as stream:
            head = stream.read(4096).decode("utf-8", errors="replace").lstrip("\ufeff")
    except OSError as error:
        raise ScreeningError(f"cannot read: {error.strerror}", path=path) from error
    if suffix == ".xml" or head.lstrip().startswith("<"):
        if "<CONSOLIDATED_LIST" in head:
            return "un_xml"
        if "<Sanctions" in head:
            return "ofac_xml"
    elif suffix in (".json", ".jsonl", ".ndjson") or head.lstrip().startswith("{"):
        return "ftm_json"
    elif suffix == ".csv" or suffix == ".txt":
        first = head.splitlines()[0] if head else ""
        if uk_full.is_full_uk(head[:2000]):
            return "uk_full_csv"
        if uk_imo.is_uk_imo(first):
            return "uk_imo_csv"
        if first.startswith("Unique ID"):
            return "uk_csv"
        fields = first.count(",") + 1 if first else 0
        if first.split(",")[0].strip().isdigit():
            return "ofac_alt_csv" if fields <= 6 else "ofac_sdn_csv"
    raise ScreeningError(f"unknown list format (expected one of: {', '.join(FORMATS)})",
                         path=path, line=1)


def _read_one(path: Path, kind: str,
              warnings: list[str]) -> tuple[str, str | None, list[ListEntry]]:
    if kind == "ofac_sdn_csv":
        return ofac_csv.LIST_NAME, None, ofac_csv.parse_sdn_csv(read_text(path), path)
    if kind == "uk_csv":
        return uk.LIST_NAME, None, uk.parse_uk_rows(uk.csv_rows(read_text(path)), path,
                                                    warnings, strict_width=True)
    if kind == "uk_full_csv":
        return (uk.LIST_NAME, *uk_full.parse_uk_full(read_text(path), path))
    if kind == "uk_ods":
        return uk.LIST_NAME, None, uk.parse_uk_rows(uk.ods_rows(path), path, warnings)
    if kind == "ftm_json":
        return (ftm.LIST_NAME, *ftm.parse_ftm(read_text(path), path))
    data = path.read_bytes()
    if kind == "un_xml":
        return (un_xml.LIST_NAME, *un_xml.parse_un_xml(data, path))
    return (ofac_xml.LIST_NAME, *ofac_xml.parse_ofac_xml(data, path))


def read_lists(paths: Sequence[Path], list_date: str | None = None,
               warnings: list[str] | None = None) -> list[SanctionsList]:
    """Parse every file; nothing is returned unless every file parses.

    Raises:
        ScreeningError: a file is unreadable, of unknown format or malformed (`file:line`).
        UsageError: an `alt.csv` without its `sdn.csv`, a UK ship IMO file without a UK list.
    """
    if list_date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", list_date):
        raise UsageError(f"the list date must be YYYY-MM-DD, got {list_date!r}")
    notes = warnings if warnings is not None else []
    kinds = [(path, detect_format(path)) for path in paths]
    aliases: dict[str, list[tuple[str, str]]] = {}
    alias_files = [p for p, k in kinds if k == "ofac_alt_csv"]
    for path in alias_files:
        for ent_num, pairs in ofac_csv.parse_alt_csv(read_text(path), path).items():
            aliases.setdefault(ent_num, []).extend(pairs)
    if alias_files and not any(k == "ofac_sdn_csv" for _, k in kinds):
        raise UsageError(f"{alias_files[0]} holds OFAC aliases only: load it together with "
                         "its sdn.csv")
    imo_files = [p for p, k in kinds if k == "uk_imo_csv"]
    if imo_files and not any(k.startswith("uk_") and k != "uk_imo_csv" for _, k in kinds):
        raise UsageError(f"{imo_files[0]} holds IMO numbers of UK ships only: load it together "
                         "with the UK list")
    lists: list[SanctionsList] = []
    for path, kind in kinds:
        if kind in ("ofac_alt_csv", "uk_imo_csv"):
            continue
        name, inside, entries = _read_one(path, kind, notes)
        source = path.name
        if kind == "ofac_sdn_csv" and aliases:
            entries = ofac_csv.with_aliases(entries, aliases)
            source += " + " + " + ".join(p.name for p in alias_files)
        for imo_path in imo_files if name == uk.LIST_NAME else []:
            ships = uk_imo.parse_uk_imo(read_text(imo_path), imo_path)
            entries = uk_imo.with_imo_numbers(entries, ships, imo_path)
            source += " + " + imo_path.name
        version = list_date or inside or date_from_path(path)
        if version is None:
            raise ScreeningError("the file says no publication date, nor does its name: give "
                                 "it with --date YYYY-MM-DD", path=path)
        lists.append(SanctionsList(name, version, source, kind, tuple(entries)))
    return lists
