"""What the reported draughts say about each voyage (pure: voyages in, readings out).

For voyage V of a vessel, with P its previous voyage (ending where V starts) and N its next
(starting where V ends):

* rise at the origin = V.draught_depart_m - P.draught_arrive_m (loaded at origin);
* fall at the destination = V.draught_arrive_m - N.draught_depart_m (discharged there);
* change at sea = V.draught_arrive_m - V.draught_depart_m (a transfer at sea when it moves
  across an AIS gap: a possible ship-to-ship transfer).

The rise is used when known, else the fall. A vessel calling at two or more ports whose draught
never changes is reported as `not updated` (an evasion habit), never as carrying nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from darkfleet.trade.models import DraughtReading, VoyageRow

#: A change at sea of at least this many metres is reported (two AIS steps; one step is noise).
SEA_CHANGE_MIN_M = 0.2


def read_draughts(voyages: Sequence[VoyageRow]) -> dict[str, DraughtReading]:
    """Readings keyed by voyage id, for every voyage (of every vessel) in `voyages`."""
    found: dict[str, DraughtReading] = {}
    ordered = sorted(voyages, key=lambda v: (v.mmsi, v.depart))
    for _, group in groupby(ordered, key=lambda v: v.mmsi):
        legs = list(group)
        frozen = _never_updated(legs)
        for index, voyage in enumerate(legs):
            before = legs[index - 1] if index else None
            after = legs[index + 1] if index + 1 < len(legs) else None
            found[voyage.id] = _reading(voyage, before, after, frozen)
    return found


def _never_updated(legs: Sequence[VoyageRow]) -> bool:
    """Two or more voyages and one single draught value reported on all of them."""
    values = {d for v in legs for d in (v.draught_depart_m, v.draught_arrive_m) if d is not None}
    return len(legs) >= 2 and len(values) == 1


def _reading(v: VoyageRow, before: VoyageRow | None, after: VoyageRow | None,
             frozen: bool) -> DraughtReading:
    sea = _diff(v.draught_arrive_m, v.draught_depart_m)
    if frozen:
        return DraughtReading("not updated", None, None, sea,
                              (f"draught {v.draught_depart_m} m on every voyage of the vessel",))
    rise = _diff(v.draught_depart_m, before.draught_arrive_m) if before is not None and (
        before.destination == v.origin) else None
    fall = _diff(v.draught_arrive_m, after.draught_depart_m) if after is not None and (
        after.origin == v.destination) else None
    notes = _notes(v, sea)
    if rise is not None:
        status = "arrival missing" if v.draught_arrive_m is None else "reported"
        return DraughtReading(status, round(rise, 2), "loaded at origin", sea, notes)
    if fall is not None:
        return DraughtReading("reported", round(fall, 2), "discharged at destination", sea, notes)
    if v.draught_depart_m is None and v.draught_arrive_m is None:
        return DraughtReading("missing", None, None, None, ("no draught reported",))
    if v.draught_arrive_m is None:
        return DraughtReading("arrival missing", None, None, None,
                              (*notes, "no arrival draught and no earlier call to compare"))
    if v.draught_depart_m is None:
        return DraughtReading("departure missing", None, None, None, notes)
    return DraughtReading("missing", None, None, sea,
                          (*notes, "no draught before loading or after discharge in the window"))


def _notes(v: VoyageRow, sea: float | None) -> tuple[str, ...]:
    if sea is None or abs(sea) < SEA_CHANGE_MIN_M:
        return ()
    verb = "rose" if sea > 0 else "fell"
    if v.dark_h > 0:
        return (f"draught {verb} {abs(sea):.1f} m at sea across {v.dark_h:.1f} h dark: "
                "possible ship-to-ship transfer",)
    return (f"draught {verb} {abs(sea):.1f} m at sea (ballast or bunkers, or a late update)",)


def _diff(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else float(a) - float(b)
