"""The UK sanctions list summary export (FCDO), as CSV or as the OpenDocument sheet (.ods).

Columns: Unique ID, OFSI Group ID, Name, Regime Name, Type (Individual, Entity, Ship),
Designation source, Date Designated (DD-MM-YYYY), Sanctions Imposed. The summary has no IMO
column, so its ships are screened by name. The date comes from the file name. Errors name the
CSV line, or the sheet row of an .ods file.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.parsers import expat

from darkfleet.errors import ScreeningError
from darkfleet.screening.formats._common import clean, day_first_date
from darkfleet.screening.model import ListEntry

LIST_NAME = "UK"
REQUIRED = ("Unique ID", "Name", "Regime Name", "Type")
_KINDS = {"ship": "vessel", "entity": "organization", "individual": "person"}
_MAX_COLUMNS = 64


def parse_uk_rows(rows: Iterator[tuple[int, list[str]]], path: Path,
                  warnings: list[str] | None = None, *,
                  strict_width: bool = False) -> list[ListEntry]:
    """Entries from (line or row number, cells) pairs, the first being the header.

    The real list has a few designations with an empty name: they are skipped, each with a
    warning (`file:line: ...`) appended to `warnings`. With `strict_width` (CSV) every row must
    have as many fields as the header: a file cut inside a row is refused.

    Raises:
        ScreeningError: a required column is missing, a row lacks its ID, name or type, or
            (with `strict_width`) has another number of fields than the header.
    """
    try:
        _, header = next(rows)
    except StopIteration:
        raise ScreeningError("the file is empty", path=path, line=1) from None
    header = [h.strip() for h in header]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ScreeningError(f"missing column {missing[0]!r} (is this the UK list?)", path=path,
                             line=1)
    entries: list[ListEntry] = []
    for line, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        if strict_width and len(cells) != len(header):
            raise ScreeningError(f"expected {len(header)} fields, found {len(cells)} (is the "
                                 "file cut short?)", path=path, line=line)
        values = {name: clean(value) for name, value in zip(header, cells, strict=False)}
        if not values.get("Name") and values.get("Unique ID"):
            if warnings is not None:
                warnings.append(f"{path}:{line}: {values['Unique ID']} has no name; skipped")
            continue
        entries.append(_entry(values, line, path))
    return entries


def _entry(values: dict[str, str | None], line: int, path: Path) -> ListEntry:
    for column in REQUIRED:
        if not values.get(column):
            raise ScreeningError(f"empty {column!r}", path=path, line=line)
    kind = _KINDS.get((values["Type"] or "").lower(), "other")
    regime = values["Regime Name"]
    return ListEntry(
        list=LIST_NAME, id=values["Unique ID"] or "", kind=kind, names=(values["Name"] or "",),
        name_kinds=("primary",), programs=(regime,) if regime else (),
        listed_on=day_first_date(values.get("Date Designated")))


def csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of a CSV text; the line is where the row starts."""
    reader = csv.reader(io.StringIO(text))
    line = 1
    for row in reader:
        yield line, row
        line = reader.line_num + 1


def ods_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(sheet row, cells) of the first sheet of an .ods file, streamed from content.xml.

    Raises:
        ScreeningError: not a zip with a content.xml, or malformed XML.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            data = archive.read("content.xml")
    except (zipfile.BadZipFile, KeyError, OSError) as error:
        raise ScreeningError(f"not an OpenDocument spreadsheet: {error}", path=path) from error
    rows: list[tuple[int, list[str]]] = []
    _OdsReader(rows).feed(data, path)
    yield from rows


class _OdsReader:
    """Collects the rows of the first table; repeated cells and rows are expanded (capped)."""

    def __init__(self, rows: list[tuple[int, list[str]]]) -> None:
        self.rows = rows
        self.tables = 0
        self.row: list[str] | None = None
        self.repeat_row = 1
        self.cell: list[str] | None = None
        self.repeat_cell = 1
        self.number = 0

    def feed(self, data: bytes, path: Path) -> None:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text
        try:
            parser.Parse(data, True)
        except expat.ExpatError as error:
            raise ScreeningError(f"malformed content.xml: {expat.errors.messages[error.code]}",
                                 path=path, line=error.lineno) from error

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        name = tag.rsplit(" ", 1)[-1]
        repeat = next((v for k, v in attrs.items() if k.endswith("repeated")), "1")
        if name == "table":
            self.tables += 1
        elif self.tables == 1 and name == "table-row":
            self.row, self.repeat_row = [], int(repeat)
        elif self.row is not None and name in ("table-cell", "covered-table-cell"):
            self.cell, self.repeat_cell = [], min(int(repeat), _MAX_COLUMNS)
        elif self.cell is not None and name == "p" and self.cell:
            self.cell.append("\n")

    def text(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

    def end(self, tag: str) -> None:
        name = tag.rsplit(" ", 1)[-1]
        if name in ("table-cell", "covered-table-cell") and self.cell is not None:
            assert self.row is not None
            self.row.extend(["".join(self.cell)] * self.repeat_cell)
            self.cell = None
        elif name == "table-row" and self.row is not None:
            cells = self.row
            while cells and not cells[-1].strip():
                cells.pop()
            for _ in range(min(self.repeat_row, 1 if not cells else self.repeat_row)):
                self.number += 1
                self.rows.append((self.number, cells))
            self.row = None
