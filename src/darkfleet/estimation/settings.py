"""Settings of the estimation stage."""

from __future__ import annotations

from dataclasses import dataclass

from darkfleet.settings_base import setting


@dataclass(frozen=True, slots=True)
class EstimationSettings:
    """Defaults of Monte Carlo estimates."""

    samples: int = setting(20_000, "Monte Carlo samples per estimate.", minimum=100)
    seed: int = setting(2024, "Random seed; the same seed gives the same estimate.", minimum=0)
