"""Settings of the tracks, events and voyages stage (every threshold of every event type).

Definitions of the event types these thresholds belong to are in docs/events.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from darkfleet.errors import ConfigError
from darkfleet.settings_base import setting

GAP_MODELS = ("darkfleet", "gfw")


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
        ("dprk", "russia-far-east"), "Port groups whose ports are watched (listed first among "
        "a gap's reachable ports).")
    watched_routes: tuple[str, ...] = setting(
        ("dprk:russia-far-east",), "Watched routes, each a pair of port groups `A:B` (either "
        "way): a voyage between them is watched.")
    # -- port_call ------------------------------------------------------------------------
    port_call_max_speed_kn: float = setting(
        1.0, "A stop in port ends when the vessel is faster than this.", minimum=0)
    port_call_stop_speed_kn: float = setting(
        0.2, "A stop in port begins when the vessel is slower than this.", minimum=0)
    port_exit_margin_m: float = setting(
        1_000.0, "A vessel in a port leaves it only this far beyond the port's area.", minimum=0)
    port_gap_h: float = setting(
        4.0, "A silence in port longer than this is a port gap; the entry or exit of a call "
        "counts as seen when the vessel was heard outside at most this long before or after.",
        minimum=0)
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
    gap_model: str = setting(
        "darkfleet", "Rules that decide a suspected gap: `darkfleet` (coverage-aware) or `gfw` "
        "(Global Fishing Watch's published rules; see docs/events.md).")
    gap_min_track_fixes: int = setting(
        20, "A track with fewer fixes than this never has a suspected gap (sparse recordings).",
        minimum=1)
    gap_min_positions_12h: int = setting(
        6, "Positions in the 12 h before a gap for the vessel to count as heard regularly.",
        minimum=0)
    gap_coverage_radius_nm: float = setting(
        40.0, "Other vessels heard within this distance of a gap's ends or straight path show "
        "the area was covered (about a coastal station's range).", minimum=0)
    gap_coverage_bin_h: float = setting(
        1.0, "Bins of the silence in which coverage is counted.", minimum=0.1)
    gap_min_covered_share: float = setting(
        0.5, "Share of the silence's whole bins with another vessel heard nearby for the area "
        "to count as covered.", minimum=0)
    gfw_min_duration_h: float = setting(
        12.0, "gfw model: a suspected gap lasts at least this long.", minimum=0)
    gfw_min_shore_nm: float = setting(
        50.0, "gfw model: both ends of a suspected gap at least this far from shore.", minimum=0)
    gfw_min_positions_12h: int = setting(
        20, "gfw model: satellite positions in the 12 h before a suspected gap.", minimum=0)
    reach_min_dwell_h: float = setting(
        2.0, "A port is reachable in a gap when the vessel could stay there this long and "
        "still make the gap's end at its highest observed speed.", minimum=0)
    reach_max_speed_kn: float = setting(
        25.0, "Highest speed used for reach, whatever the vessel reported.", minimum=0.1)
    reach_min_speed_kn: float = setting(
        8.0, "Lowest speed used for reach when the vessel reported slower.", minimum=0.1)
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
    collision_max_quiet_h: float = setting(
        24.0, "Jumps further apart than this start a new MMSI collision.", minimum=0)
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
    change_max_span_days: float = setting(
        30.0, "Identity and draught changes compare only reports less than this apart (and "
        "with no coverage hole between them).", minimum=0)
    # -- voyages --------------------------------------------------------------------------
    voyage_draught_grace_h: float = setting(
        2.0, "Draught reported up to this long after departure counts as the departure draught.",
        minimum=0)
    voyage_dark_min_h: float = setting(
        6.0, "Hours dark in transit that make a risk reason.", minimum=0)
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

    def __post_init__(self) -> None:
        if self.gap_model not in GAP_MODELS:
            raise ConfigError(f"setting detect.gap_model must be one of {', '.join(GAP_MODELS)}"
                              f", got {self.gap_model!r}", field="detect.gap_model")
