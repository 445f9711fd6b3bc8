"""Settings of sanctions screening."""

from __future__ import annotations

from dataclasses import dataclass

from darkfleet.settings_base import setting


@dataclass(frozen=True, slots=True)
class ScreeningSettings:
    """Scores and thresholds of the sanctions screen (all scores are 0-1)."""

    threshold: float = setting(0.8, "Matches scoring at or above this are reported.", minimum=0)
    imo_score: float = setting(1.0, "Score of an exact IMO number match.", minimum=0)
    mmsi_score: float = setting(0.97, "Score of an exact MMSI match.", minimum=0)
    callsign_score: float = setting(0.92, "Score of an exact call sign match.", minimum=0)
    name_weight: float = setting(
        0.9, "Score of an exact name match: a name alone never reaches an identifier's score.",
        minimum=0)
    number_mismatch_penalty: float = setting(
        0.6, "Name similarity factor when both names carry numbers and they differ "
        "(SPARTA III vs SPARTA IV).", minimum=0)
    number_missing_penalty: float = setting(
        0.9, "Name similarity factor when only one of the two names carries a number.", minimum=0)
    extra_word_penalty: float = setting(
        0.9, "Name similarity factor when one name is the other plus whole words "
        "(NS ANTARCTIC / ANTARCTIC).", minimum=0)
    short_name_penalty: float = setting(
        0.1, "Subtracted from an inexact name similarity when the shorter name has at most "
        "6 letters (look-alikes such as MAIA-1 / MAINI).", minimum=0)
    imo_conflict_cap: float = setting(
        0.5, "Highest score of an entry whose listed IMO differs from the screened IMO.",
        minimum=0)
    mmsi_conflict_factor: float = setting(
        0.85, "Factor on the name score of an entry whose listed MMSI differs from the "
        "screened MMSI (MMSIs change with the flag, so this is weaker than an IMO conflict).",
        minimum=0)
    candidate_similarity: float = setting(
        0.7, "Lowest raw name similarity kept as a candidate (shown with --all).", minimum=0)
