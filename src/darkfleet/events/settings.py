"""Settings of the events stage, one frozen dataclass per detector (and for ports, reach and
voyages), gathered in `DetectSettings` (`[detect]`, with `[detect.gap]`, `[detect.encounter]`
... in a config file). Each detector receives only its own settings.

Definitions of the event types these thresholds belong to are in docs/events.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from darkfleet.errors import ConfigError
from darkfleet.settings_base import setting
from darkfleet.tracks.settings import TrackSettings

GAP_MODELS = ("darkfleet", "gfw")

_MAX_SILENCE_HELP = "A stay ends when the vessel is silent longer than this."


@dataclass(frozen=True, slots=True)
class PortSettings:
    """Port areas, and the port groups and routes that are watched."""

    radius_m: float = setting(
        3_000.0, "Radius of a port given as a point without its own radius.", minimum=1)
    watched_groups: tuple[str, ...] = setting(
        ("dprk", "russia-far-east"), "Port groups whose ports are watched (listed first among "
        "a gap's reachable ports).")
    watched_routes: tuple[str, ...] = setting(
        ("dprk:russia-far-east",), "Watched routes, each a pair of port groups `A:B` (either "
        "way): a voyage between them is watched.")


@dataclass(frozen=True, slots=True)
class PortCallSettings:
    """`port_call`: stops inside a port area."""

    max_speed_kn: float = setting(
        1.0, "A stop in port ends when the vessel is faster than this.", minimum=0)
    stop_speed_kn: float = setting(
        0.2, "A stop in port begins when the vessel is slower than this.", minimum=0)
    exit_margin_m: float = setting(
        1_000.0, "A vessel in a port leaves it only this far beyond the port's area.", minimum=0)
    gap_h: float = setting(
        4.0, "A silence in port longer than this is a port gap; the entry or exit of a call "
        "counts as seen when the vessel was heard outside at most this long before or after.",
        minimum=0)
    min_duration_h: float = setting(2.0, "A port call lasts at least this long.", minimum=0)
    max_interruption_h: float = setting(
        1.0, "Fixes outside the area or faster, for at most this long, do not end a port call.",
        minimum=0)
    max_silence_h: float = setting(12.0, _MAX_SILENCE_HELP, minimum=0)


@dataclass(frozen=True, slots=True)
class GapSettings:
    """`ais_gap`: silences while under way, and the rules that make one suspected."""

    min_duration_h: float = setting(
        6.0, "An AIS gap is at least this long without a position (also the silence of every "
        "vessel that makes a coverage hole).", minimum=0)
    min_implied_speed_kn: float = setting(
        0.5, "A gap needs the vessel to have kept going: implied speed across it at least "
        "this, or...", minimum=0)
    min_last_speed_kn: float = setting(
        2.0, "...or reported speed at the last fix before the gap at least this.", minimum=0)
    model: str = setting(
        "darkfleet", "Rules that decide a suspected gap: `darkfleet` (coverage-aware) or `gfw` "
        "(Global Fishing Watch's published rules; see docs/events.md).")
    min_track_fixes: int = setting(
        20, "A track with fewer fixes than this never has a suspected gap (sparse recordings).",
        minimum=1)
    min_positions_12h: int = setting(
        6, "Positions in the 12 h before a gap for the vessel to count as heard regularly.",
        minimum=0)
    coverage_radius_nm: float = setting(
        40.0, "Other vessels heard within this distance of a gap's ends or straight path show "
        "the area was covered (about a coastal station's range).", minimum=0)
    coverage_bin_h: float = setting(
        1.0, "Bins of the silence in which coverage is counted.", minimum=0.1)
    min_covered_share: float = setting(
        0.5, "Share of the silence's whole bins with another vessel heard nearby for the area "
        "to count as covered.", minimum=0)
    gfw_min_duration_h: float = setting(
        12.0, "gfw model: a suspected gap lasts at least this long.", minimum=0)
    gfw_min_shore_nm: float = setting(
        50.0, "gfw model: both ends of a suspected gap at least this far from shore.", minimum=0)
    gfw_min_positions_12h: int = setting(
        20, "gfw model: satellite positions in the 12 h before a suspected gap.", minimum=0)

    def __post_init__(self) -> None:
        if self.model not in GAP_MODELS:
            raise ConfigError(f"setting detect.gap.model must be one of {', '.join(GAP_MODELS)}"
                              f", got {self.model!r}", field="detect.gap.model")


@dataclass(frozen=True, slots=True)
class ReachSettings:
    """Reachable ports of suspected gaps, and `possible_port_call`."""

    min_dwell_h: float = setting(
        2.0, "A port is reachable in a gap when the vessel could stay there this long and "
        "still make the gap's end at its highest observed speed.", minimum=0)
    max_speed_kn: float = setting(
        25.0, "Highest speed used for reach, whatever the vessel reported.", minimum=0.1)
    min_speed_kn: float = setting(
        8.0, "Lowest speed used for reach when the vessel reported slower.", minimum=0.1)


@dataclass(frozen=True, slots=True)
class EncounterSettings:
    """`encounter`: two vessels side by side, slow, away from ports."""

    max_distance_m: float = setting(
        500.0, "Two vessels closer than this may be meeting.", minimum=1)
    max_speed_kn: float = setting(
        2.0, "Both vessels slower than this during an encounter.", minimum=0)
    min_duration_h: float = setting(2.0, "An encounter lasts at least this long.", minimum=0)
    min_port_distance_m: float = setting(
        10_000.0, "Encounters happen at least this far from any port area.", minimum=0)
    time_step_min: float = setting(
        30.0, "Time bins in which the two vessels' mean positions are compared.", minimum=1)
    max_interruption_h: float = setting(
        1.0, "Bins without both vessels, for at most this long, do not end an encounter.",
        minimum=0)


@dataclass(frozen=True, slots=True)
class CollisionSettings:
    """`mmsi_collision`: one MMSI reported by two transmitters."""

    min_jumps: int = setting(
        3, "Impossible jumps between two transmitters needed for an MMSI collision.", minimum=1)
    max_quiet_h: float = setting(
        24.0, "Jumps further apart than this start a new MMSI collision.", minimum=0)


@dataclass(frozen=True, slots=True)
class LoiteringSettings:
    """`loitering`: slow, for long, away from ports."""

    max_speed_kn: float = setting(2.0, "A loitering vessel stays slower than this.", minimum=0)
    min_duration_h: float = setting(4.0, "Loitering lasts at least this long.", minimum=0)
    min_port_distance_m: float = setting(
        10_000.0, "Loitering happens at least this far from any port area.", minimum=0)
    max_interruption_h: float = setting(
        1.0, "Faster fixes, for at most this long, do not end loitering.", minimum=0)
    max_silence_h: float = setting(12.0, _MAX_SILENCE_HELP, minimum=0)


_MAX_SPAN_HELP = ("Compare only reports less than this apart (and with no coverage hole "
                  "between them).")


@dataclass(frozen=True, slots=True)
class IdentitySettings:
    """`identity_change`: another name, IMO number or call sign."""

    max_span_days: float = setting(30.0, _MAX_SPAN_HELP, minimum=0)


@dataclass(frozen=True, slots=True)
class DraughtSettings:
    """`draught_change`: loading or unloading (also the draught reasons of voyages)."""

    min_change_m: float = setting(
        0.5, "A draught change is at least this many metres.", minimum=0)
    max_span_days: float = setting(30.0, _MAX_SPAN_HELP, minimum=0)


@dataclass(frozen=True, slots=True)
class VoyageSettings:
    """Voyages between port calls, and the weights of their risk."""

    draught_grace_h: float = setting(
        2.0, "Draught reported up to this long after departure counts as the departure draught.",
        minimum=0)
    dark_min_h: float = setting(6.0, "Hours dark in transit that make a risk reason.", minimum=0)
    risk_watched_route: float = setting(
        0.4, "Risk weight of a voyage on a watched route.", minimum=0)
    risk_dark: float = setting(0.3, "Risk weight of going dark (suspected gaps) in transit.",
                               minimum=0)
    risk_dark_scale_h: float = setting(
        12.0, "Hours in suspected gaps that make the dark component 1 - 1/e.", minimum=0.1)
    risk_possible_call: float = setting(
        0.3, "Risk weight of a possible port call at a watched port while dark.", minimum=0)
    risk_draught: float = setting(
        0.2, "Risk weight of a draught rise at origin and a fall at destination.", minimum=0)
    risk_encounter: float = setting(
        0.3, "Risk weight of a ship-to-ship encounter during the voyage.", minimum=0)
    risk_collision: float = setting(
        0.2, "Risk weight of the vessel's MMSI being shared by two transmitters.", minimum=0)
    risk_sanctions: float = setting(
        0.6, "Risk weight of the vessel's best sanctions match (times its score).", minimum=0)


#: The settings of the former flat `[detect]` table, each with its new place (or places).
_MOVED = """
max_speed_kn tracks.max_speed_kn
jump_min_distance_m tracks.jump_min_distance_m
segment_min_fixes tracks.segment_min_fixes
port_radius_m ports.radius_m
watched_groups ports.watched_groups
watched_routes ports.watched_routes
port_call_max_speed_kn port_call.max_speed_kn
port_call_stop_speed_kn port_call.stop_speed_kn
port_exit_margin_m port_call.exit_margin_m
port_gap_h port_call.gap_h
port_call_min_duration_h port_call.min_duration_h
port_call_max_interruption_h port_call.max_interruption_h
stay_max_silence_h port_call.max_silence_h loitering.max_silence_h
gap_min_duration_h gap.min_duration_h
gap_min_implied_speed_kn gap.min_implied_speed_kn
gap_min_last_speed_kn gap.min_last_speed_kn
gap_model gap.model
gap_min_track_fixes gap.min_track_fixes
gap_min_positions_12h gap.min_positions_12h
gap_coverage_radius_nm gap.coverage_radius_nm
gap_coverage_bin_h gap.coverage_bin_h
gap_min_covered_share gap.min_covered_share
gfw_min_duration_h gap.gfw_min_duration_h
gfw_min_shore_nm gap.gfw_min_shore_nm
gfw_min_positions_12h gap.gfw_min_positions_12h
reach_min_dwell_h reach.min_dwell_h
reach_max_speed_kn reach.max_speed_kn
reach_min_speed_kn reach.min_speed_kn
encounter_max_distance_m encounter.max_distance_m
encounter_max_speed_kn encounter.max_speed_kn
encounter_min_duration_h encounter.min_duration_h
encounter_min_port_distance_m encounter.min_port_distance_m
encounter_time_step_min encounter.time_step_min
encounter_max_interruption_h encounter.max_interruption_h
collision_min_jumps collision.min_jumps
collision_max_quiet_h collision.max_quiet_h
loitering_max_speed_kn loitering.max_speed_kn
loitering_min_duration_h loitering.min_duration_h
loitering_min_port_distance_m loitering.min_port_distance_m
loitering_max_interruption_h loitering.max_interruption_h
draught_min_change_m draught.min_change_m
change_max_span_days identity.max_span_days draught.max_span_days
voyage_draught_grace_h voyages.draught_grace_h
voyage_dark_min_h voyages.dark_min_h
risk_watched_route voyages.risk_watched_route
risk_dark voyages.risk_dark
risk_dark_scale_h voyages.risk_dark_scale_h
risk_possible_call voyages.risk_possible_call
risk_draught voyages.risk_draught
risk_encounter voyages.risk_encounter
risk_collision voyages.risk_collision
risk_sanctions voyages.risk_sanctions
"""


@dataclass(frozen=True, slots=True)
class DetectSettings:
    """Thresholds of track building, event detection and voyage risk: one table per part
    (`[detect.gap]`, `[detect.encounter]`...), each detector reading only its own. A setting of
    the former flat `[detect]` table (`gap_min_duration_h`) is refused with its new name."""

    tracks: TrackSettings = field(default_factory=TrackSettings)
    ports: PortSettings = field(default_factory=PortSettings)
    port_call: PortCallSettings = field(default_factory=PortCallSettings)
    gap: GapSettings = field(default_factory=GapSettings)
    reach: ReachSettings = field(default_factory=ReachSettings)
    encounter: EncounterSettings = field(default_factory=EncounterSettings)
    collision: CollisionSettings = field(default_factory=CollisionSettings)
    loitering: LoiteringSettings = field(default_factory=LoiteringSettings)
    identity: IdentitySettings = field(default_factory=IdentitySettings)
    draught: DraughtSettings = field(default_factory=DraughtSettings)
    voyages: VoyageSettings = field(default_factory=VoyageSettings)

    #: Where each setting of the former flat `[detect]` table went: a config file naming an
    #: old key is refused with an error naming the new one.
    MOVED: ClassVar[Mapping[str, tuple[str, ...]]] = {
        line.split()[0]: tuple(line.split()[1:]) for line in _MOVED.strip().splitlines()}
