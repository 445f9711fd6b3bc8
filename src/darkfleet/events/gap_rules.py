"""The rules that call a gap a *suspected disabling* of the transponder, per gap model.

`darkfleet` (default): the track has at least `gap.min_track_fixes` fixes, the vessel was heard
regularly before (at least `gap.min_positions_12h` positions in the 12 h before), and the area was
demonstrably covered during the silence (other vessels heard near its path in at least
`gap.min_covered_share` of its whole bins). `gfw`: Global Fishing Watch's published rules: at
least `gap.gfw_min_duration_h` long, both ends at least `gap.gfw_min_shore_nm` from shore, at least
`gap.gfw_min_positions_12h` satellite positions in the 12 h before; the coverage test stands in for
their reception-quality map. The first rule a gap fails is its `unsuspected_reason`.
"""

from __future__ import annotations

import polars as pl

from darkfleet.events.settings import GapSettings
from darkfleet.tracks.state_runs import duration_h

QUALITY = ["positions_12h", "positions_48h", "satellite_positions_12h", "track_fixes",
           "receiver_start", "receiver_end", "shore_start_nm", "shore_end_nm"]
COVERAGE = ["radius_nm", "bin_h", "bins", "covered_bins", "covered_share", "other_vessels"]


def _rules(s: GapSettings) -> list[tuple[pl.Expr, pl.Expr]]:
    """(failed, reason) pairs in the order they are tried."""
    sparse = (pl.col("track_fixes") < s.min_track_fixes, pl.format(
        "sparse track: {} fixes (fewer than {})", "track_fixes", pl.lit(s.min_track_fixes)))
    share = pl.col("covered_share")
    uncovered = (share.is_null() | (share < s.min_covered_share), pl.format(
        "coverage not shown: other vessels heard within {} nm in {} of {} bins of {} h",
        pl.lit(s.coverage_radius_nm), "covered_bins", "bins", pl.lit(s.coverage_bin_h)))
    if s.model == "gfw":
        shore = pl.min_horizontal("shore_start_nm", "shore_end_nm")
        return [sparse, (duration_h() < s.gfw_min_duration_h - 1e-9, pl.format(
            "shorter than {} h", pl.lit(s.gfw_min_duration_h))),
            (shore.is_null() | (shore < s.gfw_min_shore_nm), pl.format(
                "an end within {} nm of shore", pl.lit(s.gfw_min_shore_nm))),
            (pl.col("satellite_positions_12h") < s.gfw_min_positions_12h, pl.format(
                "{} satellite positions in the 12 h before (fewer than {})",
                "satellite_positions_12h", pl.lit(s.gfw_min_positions_12h))), uncovered]
    return [sparse, (pl.col("positions_12h") < s.min_positions_12h, pl.format(
        "not heard regularly: {} positions in the 12 h before (fewer than {})",
        "positions_12h", pl.lit(s.min_positions_12h))), uncovered]


def judge(gaps: pl.DataFrame, settings: GapSettings) -> pl.DataFrame:
    """`gaps` with `suspected`, `unsuspected_reason` and the `quality` struct."""
    reason: pl.Expr = pl.lit(None, pl.String)
    for failed, why in reversed(_rules(settings)):
        reason = pl.when(failed.fill_null(True)).then(why).otherwise(reason)
    coverage = pl.struct(pl.lit(settings.coverage_radius_nm).alias("radius_nm"),
                         pl.lit(settings.coverage_bin_h).alias("bin_h"),
                         *COVERAGE[2:])
    quality = pl.struct(*QUALITY, coverage.alias("coverage"),
                        pl.lit(settings.model).alias("model"))
    return gaps.with_columns(reason.alias("unsuspected_reason")).with_columns(
        pl.col("unsuspected_reason").is_null().alias("suspected"), quality.alias("quality"),
        pl.col("max_speed_kn").round(1))
