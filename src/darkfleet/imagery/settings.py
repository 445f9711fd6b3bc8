"""Settings of the imagery stage: reading detections, matching them to AIS, dark candidates.

The matching rule these settings belong to is defined in docs/imagery.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from darkfleet.settings_base import setting


@dataclass(frozen=True, slots=True)
class ImagerySettings:
    """Thresholds and weights of detection matching and dark-vessel candidates."""

    # -- matching -------------------------------------------------------------------------
    match_max_distance_m: float = setting(
        1_500.0, "A detection matches a vessel whose AIS position at the detection time is "
        "at most this far (Skylight's rule).", minimum=1)
    match_max_time_min: float = setting(
        30.0, "Only AIS fixes at most this long before or after a detection place a vessel "
        "at its time.", minimum=1)
    match_max_speed_kn: float = setting(
        30.0, "Speed assumed at most between a fix and the detection time, to bound the "
        "search.", minimum=1)
    length_tolerance: float = setting(
        0.5, "Relative length difference (detection vs AIS dimensions) at which length "
        "agreement falls to zero.", minimum=0.01)
    heading_tolerance_deg: float = setting(
        90.0, "Heading difference (detection vs AIS course) at which heading agreement "
        "falls to zero.", minimum=1)
    weight_distance: float = setting(0.5, "Weight of distance in the match score.", minimum=0)
    weight_time: float = setting(
        0.2, "Weight of the time to the nearest fix in the match score.", minimum=0)
    weight_length: float = setting(
        0.15, "Weight of length agreement in the match score (when both lengths are known).",
        minimum=0)
    weight_heading: float = setting(
        0.15, "Weight of heading agreement in the match score (when both are known).",
        minimum=0)
    dark_min_score: float = setting(
        0.5, "A detection without an AIS match is called dark only when the detector's "
        "score is at least this (or unknown); below it, it is left as a possible false "
        "alarm.", minimum=0)
    # -- dark candidates ------------------------------------------------------------------
    candidate_max_silence_h: float = setting(
        96.0, "Silences longer than this do not make a vessel a candidate.", minimum=0)
    candidate_default_speed_kn: float = setting(
        12.0, "Highest speed assumed for a vessel that never reported one above zero.", minimum=0.1)
    candidate_max_speed_kn: float = setting(
        25.0, "Reported speeds above this are taken as glitches when finding a vessel's "
        "highest speed.", minimum=0.1)
    candidates_max: int = setting(5, "Candidates listed per dark detection.", minimum=1)
