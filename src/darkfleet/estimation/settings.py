"""Settings of the estimation stage."""

from __future__ import annotations

from dataclasses import dataclass

from darkfleet.settings_base import setting


@dataclass(frozen=True, slots=True)
class EstimationSettings:
    """Defaults of Monte Carlo estimates and plausibility checks."""

    samples: int = setting(20_000, "Monte Carlo samples per estimate.", minimum=100)
    seed: int = setting(2024, "Random seed; the same seed gives the same estimate.", minimum=0)
    container: str = setting("20ft", "Container type assumed when none is given (20ft or 40ft).")
    floor_spread_fraction: float = setting(
        0.8, "A load covering at least this share of the container's floor length counts as "
        "spread evenly (payload governs); a shorter load is capped by the per-metre floor limit. "
        "At 0.8 boxes up to ~1.2 m long always count as spread (the gap left is under one box); "
        "a ~3 m rocket crate once in a 20 ft box (~51%) does not.",
        minimum=0.0)
    sensitivity_top: int = setting(
        8, "Rows of the sensitivity table (assumptions ranked by how far they move the median).",
        minimum=1)
