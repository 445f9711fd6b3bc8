"""The full UK Sanctions List as CSV (FCDO), the format that carries ships' IMO numbers.

The file opens with `Report Date: 08-Oct-2026` (the list's date), then a header of the
official columns, then one row per name of a designation (`Name type`: `Primary Name` or an
alias), grouped by `Unique ID`. Names are `Name 1` to `Name 5` and `Name 6` (a ship's or an
entity's whole name is in `Name 6`). `Designation Type` is `Individual`, `Entity` or `Ship`;
ships carry `IMO number`, `Current believed flag of ship`, `Previous flags`, `Type of ship`,
`Tonnage of ship`, `Length of ship`, `Year Built` and `Current owner/operator (s)` (linked
as `owner/operator`). Every row must have the header's number of fields.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from pathlib import Path

from darkfleet.errors import ScreeningError
from darkfleet.screening.formats._common import clean, day_first_date, number_in
from darkfleet.screening.model import ListEntry

LIST_NAME = "UK"
REQUIRED = ("Unique ID", "Name 6", "Name type", "Regime Name", "Designation Type")
_KINDS = {"ship": "vessel", "entity": "organization", "individual": "person"}
_NAMES = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6")


def is_full_uk(head: str) -> bool:
    """Whether a file's first lines are the full UK list's (a report date, `Name 6`)."""
    return head.startswith("Report Date:") or ("Unique ID" in head and "Name 6" in head)


def report_date(line: str) -> str | None:
    """`Report Date: 08-Oct-2026` as `2026-10-08` (None when the line says no date)."""
    found = re.search(r"(\d{1,2})-([A-Za-z]{3})-(\d{4})", line)
    if not found:
        return None
    return datetime.strptime(" ".join(found.groups()), "%d %b %Y").strftime("%Y-%m-%d")


def parse_uk_full(text: str, path: Path) -> tuple[str | None, list[ListEntry]]:
    """The report date and the entries (one per `Unique ID`) of a full UK list CSV.

    Raises:
        ScreeningError: a required column is missing, a row has another number of fields
            than the header, or lacks its ID or name.
    """
    lines = text.splitlines(keepends=True)
    skip = 1 if lines and lines[0].startswith("Report Date:") else 0
    date = report_date(lines[0]) if skip else None
    reader = csv.reader(io.StringIO("".join(lines[skip:])))
    header = [h.strip() for h in next(reader, [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ScreeningError(f"missing column {missing[0]!r}", path=path, line=skip + 1)
    groups: dict[str, list[dict[str, str | None]]] = {}
    for cells in reader:
        line = reader.line_num + skip
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise ScreeningError(f"expected {len(header)} fields, found {len(cells)} (is the "
                                 "file cut short?)", path=path, line=line)
        row = {name: clean(value) for name, value in zip(header, cells, strict=True)}
        if not row["Unique ID"] or not _name(row):
            raise ScreeningError("a row without its Unique ID or name", path=path, line=line)
        groups.setdefault(row["Unique ID"] or "", []).append(row)
    return date, [_entry(uid, rows) for uid, rows in groups.items()]


def _name(row: dict[str, str | None]) -> str:
    return " ".join(v for v in (row.get(n) for n in _NAMES) if v)


def _first(rows: list[dict[str, str | None]], column: str) -> str | None:
    return next((r[column] for r in rows if r.get(column)), None)


def _entry(uid: str, rows: list[dict[str, str | None]]) -> ListEntry:
    rows = sorted(rows, key=lambda r: (r.get("Name type") or "").lower() != "primary name")
    names = list(dict.fromkeys(_name(r) for r in rows))
    owners = [o.strip() for o in re.split(r"[;|]", _first(rows, "Current owner/operator (s)")
                                          or "") if o.strip()]
    length = number_in(_first(rows, "Length of ship"), 0)
    regime = _first(rows, "Regime Name")
    return ListEntry(
        list=LIST_NAME, id=uid,
        kind=_KINDS.get((_first(rows, "Designation Type") or "").lower(), "other"),
        names=tuple(names), name_kinds=("primary",) + ("aka",) * (len(names) - 1),
        imo=number_in(_first(rows, "IMO number"), 7),
        flag=_first(rows, "Current believed flag of ship"),
        programs=(regime,) if regime else (),
        listed_on=day_first_date((_first(rows, "Date Designated") or "")[:10]),
        linked_to=tuple(owners), link_kinds=("owner/operator",) * len(owners),
        vessel_type=_first(rows, "Type of ship"),
        tonnage=number_in(_first(rows, "Tonnage of ship"), 0),
        build_year=number_in(_first(rows, "Year Built"), 4),
        length_m=float(length) if length else None,
        former_flags=tuple(f.strip() for f in re.split(r"[;,|]|\(\d+\)",
                                                      _first(rows, "Previous flags") or "")
                           if f.strip()))
