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
        0.7, "Score of an exact, rare name with nothing else: below the threshold, so a name "
        "alone is a candidate, never a match.", minimum=0)
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
    corroboration_similarity: float = setting(
        0.85, "Lowest name similarity (after penalties) that other attributes may corroborate.",
        minimum=0)
    phonetic_similarity: float = setting(
        0.88, "Similarity given to names whose Double Metaphone keys are equal (LADY R / LEDI R) "
        "when their letters are at least half alike.", minimum=0)
    flag_weight: float = setting(
        0.4, "Corroboration by the same flag as listed.", minimum=0)
    type_weight: float = setting(
        0.35, "Corroboration by the same kind of vessel (tanker, cargo, fishing...).", minimum=0)
    tonnage_weight: float = setting(
        0.5, "Corroboration by a gross tonnage within tonnage_tolerance of the listed one.",
        minimum=0)
    build_year_weight: float = setting(
        0.5, "Corroboration by a build year within one year of the listed one.", minimum=0)
    length_weight: float = setting(
        0.45, "Corroboration by a length within length_tolerance of the listed one.", minimum=0)
    former_name_weight: float = setting(
        0.5, "Corroboration by a former name that matches the same entry as the name.",
        minimum=0)
    tonnage_tolerance: float = setting(
        0.1, "Relative difference of gross tonnage still counted as the same.", minimum=0)
    length_tolerance: float = setting(
        0.05, "Relative difference of length still counted as the same.", minimum=0)
    attribute_conflict_factor: float = setting(
        0.6, "Factor on a name-based score for each attribute that contradicts the entry "
        "(another vessel type, build year, tonnage or length).", minimum=0)
    common_name_weight: float = setting(
        0.35, "How much a common name loses: the name score is divided by "
        "1 + common_name_weight * log2(vessels bearing the name, in the lists and the AIS seen).",
        minimum=0)
    link_weight: float = setting(
        0.6, "Weight of a link to a listed party through one relation (owner, operator...): "
        "a risk reason, lower than a listing.", minimum=0)
    second_hop_factor: float = setting(
        0.7, "Factor on link_weight for a listed party two relations away.", minimum=0)
    flag_change_weight: float = setting(
        0.3, "Risk weight of each change of flag a hull (one IMO) shows in AIS, at most twice "
        "this.", minimum=0)
    max_shrink: float = setting(
        0.2, "Largest share of a list's entries a new version may drop before the load is "
        "refused (unless --allow-shrink).", minimum=0)
