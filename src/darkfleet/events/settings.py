"""Settings of the tracks, events and voyages stage (every threshold of every event type).

Definitions of the event types these thresholds belong to are in docs/events.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from darkfleet.settings_base import setting


@dataclass(frozen=True, slots=True)
class DetectSettings:
    """Thresholds of track cleaning, event detection and voyage risk."""

    # -- tracks ---------------------------------------------------------------------------
    max_speed_kn: float = setting(
        50.0, "Implied speed above which two fixes cannot belong to one ship.", minimum=1)
    jump_min_distance_m: float = setting(
        10_000.0, "A jump between fixes is impossible only beyond this distance.", minimum=0)
    segment_min_fixes: int = setting(
        3, "Fixes a transmitter needs in a day (else its fixes are dropped as spikes).",
        minimum=1)
    # -- port areas -----------------------------------------------------------------------
    port_radius_m: float = setting(
        3_000.0, "Radius of a port given as a point without its own radius.", minimum=1)
    watched_groups: tuple[str, ...] = setting(
        ("dprk", "russia-far-east"), "Port groups whose voyages are watched.")
    # -- port_call ------------------------------------------------------------------------
    port_call_max_speed_kn: float = setting(1.0, "A port call needs speed below this.", minimum=0)
    port_call_min_duration_h: float = setting(
        2.0, "A port call lasts at least this long.", minimum=0)
    port_call_max_interruption_h: float = setting(
        1.0, "Fixes outside the area or faster, for at most this long, do not end a port call.",
        minimum=0)
    stay_max_silence_h: float = setting(
        12.0, "A port call or loitering ends when the vessel is silent longer than this.",
        minimum=0)
    # -- ais_gap --------------------------------------------------------------------------
    gap_min_duration_h: float = setting(
        6.0, "An AIS gap is at least this long without a position.", minimum=0)
    gap_min_implied_speed_kn: float = setting(
        0.5, "A gap needs the vessel to have kept going: implied speed across it at least "
        "this, or...", minimum=0)
    gap_min_last_speed_kn: float = setting(
        2.0, "...or reported speed at the last fix before the gap at least this.", minimum=0)
    # -- encounter ------------------------------------------------------------------------
    encounter_max_distance_m: float = setting(
        500.0, "Two vessels closer than this may be meeting.", minimum=1)
    encounter_max_speed_kn: float = setting(
        2.0, "Both vessels slower than this during an encounter.", minimum=0)
    encounter_min_duration_h: float = setting(
        2.0, "An encounter lasts at least this long.", minimum=0)
    encounter_min_port_distance_m: float = setting(
        10_000.0, "Encounters happen at least this far from any port area.", minimum=0)
    encounter_time_step_min: float = setting(
        30.0, "Time bins in which the two vessels' mean positions are compared.", minimum=1)
    encounter_max_interruption_h: float = setting(
        1.0, "Bins without both vessels, for at most this long, do not end an encounter.",
        minimum=0)
    # -- mmsi_collision -------------------------------------------------------------------
    collision_min_jumps: int = setting(
        3, "Impossible jumps between two transmitters needed for an MMSI collision.", minimum=1)
    # -- loitering ------------------------------------------------------------------------
    loitering_max_speed_kn: float = setting(
        2.0, "A loitering vessel stays slower than this.", minimum=0)
    loitering_min_duration_h: float = setting(
        4.0, "Loitering lasts at least this long.", minimum=0)
    loitering_min_port_distance_m: float = setting(
        10_000.0, "Loitering happens at least this far from any port area.", minimum=0)
    loitering_max_interruption_h: float = setting(
        1.0, "Faster fixes, for at most this long, do not end loitering.", minimum=0)
    # -- draught_change -------------------------------------------------------------------
    draught_min_change_m: float = setting(
        0.5, "A draught change is at least this many metres.", minimum=0)
    # -- voyages --------------------------------------------------------------------------
    voyage_draught_grace_h: float = setting(
        2.0, "Draught reported up to this long after departure counts as the departure draught.",
        minimum=0)
    voyage_dark_min_h: float = setting(
        6.0, "Hours dark in transit that make a risk reason.", minimum=0)
    risk_watched_port: float = setting(
        0.4, "Risk weight of each end of a voyage in a watched port group.", minimum=0)
    risk_dark: float = setting(0.3, "Risk weight of going dark in transit.", minimum=0)
    risk_draught: float = setting(
        0.2, "Risk weight of a draught rise at origin or a fall at destination.", minimum=0)
    risk_encounter: float = setting(
        0.3, "Risk weight of a ship-to-ship encounter during the voyage.", minimum=0)
    risk_collision: float = setting(
        0.2, "Risk weight of the vessel's MMSI being shared by two transmitters.", minimum=0)
