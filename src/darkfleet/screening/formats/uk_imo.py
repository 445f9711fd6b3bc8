"""IMO numbers and aliases of UK-listed ships, keyed by the UK list's `Unique ID`.

The UK summary export names ships without IMO numbers. This small CSV (`Unique ID`, `Name`,
`IMO number`, `Aliases` separated by `; `), taken from the full UK Sanctions List, adds them to
the UK entries read in the same load, the way OFAC's `alt.csv` adds aliases to `sdn.csv`. A
ship whose name here differs from the list's is an error: the two files do not belong together.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from pathlib import Path

from darkfleet.errors import ScreeningError
from darkfleet.screening.formats._common import clean, number_in
from darkfleet.screening.identifiers import imo_is_valid
from darkfleet.screening.model import ListEntry
from darkfleet.screening.names import normalise_name

HEADER = ["Unique ID", "Name", "IMO number", "Aliases"]


@dataclass(frozen=True, slots=True)
class ShipIdentity:
    name: str
    imo: int
    aliases: tuple[str, ...]
    line: int


def is_uk_imo(first_line: str) -> bool:
    return [c.strip() for c in first_line.split(",")] == HEADER


def parse_uk_imo(text: str, path: Path) -> dict[str, ShipIdentity]:
    """Unique ID -> the ship's name, IMO number and aliases.

    Raises:
        ScreeningError: a row without four fields, or with an IMO number that fails its
            check digit (names the file and line).
    """
    reader = csv.reader(io.StringIO(text))
    next(reader, None)
    found: dict[str, ShipIdentity] = {}
    for cells in reader:
        line = reader.line_num
        if not cells:
            continue
        if len(cells) != len(HEADER):
            raise ScreeningError(f"expected {len(HEADER)} fields, found {len(cells)}",
                                 path=path, line=line)
        imo = number_in(cells[2], 7)
        if imo is None or not imo_is_valid(imo):
            raise ScreeningError(f"not a valid IMO number: {cells[2]!r}", path=path, line=line)
        aliases = tuple(a.strip() for a in (clean(cells[3]) or "").split(";") if a.strip())
        found[cells[0].strip()] = ShipIdentity(cells[1].strip(), imo, aliases, line)
    return found


def with_imo_numbers(entries: list[ListEntry], ships: dict[str, ShipIdentity],
                     path: Path) -> list[ListEntry]:
    """The UK entries with the IMO numbers and aliases of `ships` added by Unique ID.

    Raises:
        ScreeningError: a Unique ID whose name differs from the list's (the wrong file).
    """
    out: list[ListEntry] = []
    for entry in entries:
        ship = ships.get(entry.id)
        if ship is None or entry.kind != "vessel":
            out.append(entry)
            continue
        if normalise_name(ship.name).key != normalise_name(entry.name).key:
            raise ScreeningError(f"{entry.id} is {ship.name!r} here but {entry.name!r} on the "
                                 "list: not the same list", path=path, line=ship.line)
        extra = tuple(a for a in ship.aliases if a not in entry.names)
        out.append(replace(entry, imo=ship.imo, names=entry.names + extra,
                           name_kinds=entry.name_kinds + ("aka",) * len(extra)))
    return out
