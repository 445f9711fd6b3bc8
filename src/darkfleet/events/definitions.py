"""One-sentence definitions of every event type, filled in with the thresholds in force.

Each template's `{name}` fields are dotted `DetectSettings` fields (`{gap.min_duration_h}`; a
test checks this), so a brief or a web page states exactly the thresholds its events were
detected with. The long form of each definition, with edge cases, is in docs/events.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from darkfleet.events.settings import DetectSettings
from darkfleet.settings_base import flat_settings

_FIELD = re.compile(r"\{([a-z0-9_.]+)\}")

TEMPLATES: dict[str, str] = {
    "port_call": (
        "The vessel is inside a port area and slower than {port_call.max_speed_kn} kn for at "
        "least {port_call.min_duration_h} h, from a stop below {port_call.stop_speed_kn} kn "
        "(interruptions of up to {port_call.max_interruption_h} h do not end it); start and end "
        "are the first and last such fix; confidence 2 to 4 as Global Fishing Watch grades "
        "port visits."),
    "ais_gap": (
        "No position from the vessel for at least {gap.min_duration_h} h while it kept going "
        "(implied speed across the gap at least {gap.min_implied_speed_kn} kn, or at least "
        "{gap.min_last_speed_kn} kn reported at the last fix), outside port areas at one end at "
        "least; start and end are the last fix before and the first fix after."),
    "encounter": (
        "Two vessels within {encounter.max_distance_m} m of each other, both slower than "
        "{encounter.max_speed_kn} kn, for at least {encounter.min_duration_h} h, at least "
        "{encounter.min_port_distance_m} m from any port area (compared in "
        "{encounter.time_step_min}-minute bins): a ship-to-ship transfer candidate."),
    "mmsi_collision": (
        "One MMSI reported from positions no ship could join (more than "
        "{tracks.jump_min_distance_m} m apart at an implied speed above {tracks.max_speed_kn} kn), "
        "at least {collision.min_jumps} times: two transmitters share the identity."),
    "loitering": (
        "Slower than {loitering.max_speed_kn} kn for at least {loitering.min_duration_h} h, at "
        "least {loitering.min_port_distance_m} m from any port area."),
    "identity_change": (
        "A static report gives another ship name, IMO number or call sign than the vessel's "
        "previous reports did."),
    "draught_change": (
        "Two consecutive reported draughts differ by at least {draught.min_change_m} m "
        "(loading or unloading)."),
    "voyage": (
        "The passage between two consecutive port calls of a vessel in different ports; its "
        "dark hours are the hours inside AIS gaps, and it is watched when it runs on a watched "
        "route between two port groups, or could have called at a watched port while dark."),
    "possible_port_call": (
        "A suspected AIS gap during which the vessel could have reached a watched port of the "
        "other group of a watched route, stayed at least {reach.min_dwell_h} h and still made "
        "the gap's end at its highest observed speed."),
}


def template_fields(template: str) -> list[str]:
    """The settings a template names (dotted: `gap.min_duration_h`)."""
    return _FIELD.findall(template)


def fill(template: str, values: Mapping[str, str]) -> str:
    """`template` with each `{name}` replaced by `values[name]`."""
    return _FIELD.sub(lambda match: values[match.group(1)], template)


def event_definitions(settings: DetectSettings) -> dict[str, str]:
    """Every event type's definition with the values of `settings` filled in."""
    values = {name: f"{value:g}" for name, value, _ in flat_settings(settings)
              if isinstance(value, int | float)}
    return {kind: fill(text, values) for kind, text in TEMPLATES.items()}
