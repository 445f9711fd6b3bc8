"""The methods section: what each event type means, with the thresholds in force.

Each definition is a template whose `{name}` fields are detection settings (`DetectSettings`).
A threshold that the detection settings do not declare is shown with the design default and
marked, so the brief never states a value it did not use without saying so.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from darkfleet.report.brief import Threshold

#: Design defaults of the thresholds the definitions name (DESIGN.md, record contracts).
DESIGN_DEFAULTS: dict[str, Any] = {
    "port_call_max_speed_kn": 1.0,
    "port_call_min_duration_h": 2.0,
    "gap_min_duration_h": 6.0,
    "encounter_max_distance_m": 500.0,
    "encounter_max_speed_kn": 2.0,
    "encounter_min_duration_h": 2.0,
    "encounter_min_port_distance_km": 10.0,
    "collision_min_speed_kn": 50.0,
    "collision_min_distance_km": 10.0,
}

DEFINITIONS: tuple[tuple[str, str], ...] = (
    ("port_call", "The vessel is inside a port area and slower than {port_call_max_speed_kn} kn "
     "for at least {port_call_min_duration_h} h; start and end are the first and last such fix."),
    ("ais_gap", "No position from the vessel for at least {gap_min_duration_h} h while its "
     "implied movement says it kept going, outside port areas at one end at least; start and "
     "end are the last fix before and the first fix after. Drawn on the map as a dashed jump."),
    ("encounter", "Two vessels within {encounter_max_distance_m} m of each other, both slower "
     "than {encounter_max_speed_kn} kn, for at least {encounter_min_duration_h} h, at least "
     "{encounter_min_port_distance_km} km from any port area: a ship-to-ship transfer "
     "candidate."),
    ("mmsi_collision", "One MMSI reported from positions no ship could join in the time between "
     "them (implied speed above {collision_min_speed_kn} kn over more than "
     "{collision_min_distance_km} km), repeatedly: two transmitters share the identity."),
    ("voyage", "The passage between two consecutive port calls of a vessel; its dark hours are "
     "the hours inside AIS gaps, and it is watched when it touches a watched port group."),
)


@dataclass(frozen=True, slots=True)
class Definition:
    type: str
    text: str
    defaults_used: tuple[str, ...]


def definitions(
    thresholds: tuple[Threshold, ...], seen_types: Iterable[str] = ()
) -> tuple[Definition, ...]:
    """Every event definition filled in with the thresholds in force; then the event types seen
    in the records that have no definition here, pointing to the events documentation."""
    values = {t.name: t.value for t in thresholds}
    result = []
    for kind, template in DEFINITIONS:
        names = [f for _, f, _, _ in string.Formatter().parse(template) if f]
        fallback = tuple(n for n in names if n not in values)
        filled = {n: values.get(n, f"{DESIGN_DEFAULTS[n]:g}†") for n in names}
        result.append(Definition(kind, template.format(**filled), fallback))
    known = {kind for kind, _ in DEFINITIONS}
    result += [Definition(kind, "Defined in the events documentation (docs/events.md); its "
                          "thresholds are among the detection settings below.", ())
               for kind in sorted(set(seen_types) - known)]
    return tuple(result)
