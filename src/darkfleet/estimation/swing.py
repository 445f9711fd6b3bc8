"""Which assumption moves the answer most: a one-at-a-time swing table.

Each uncertain assumption is pinned at its low and then its high value while every other
assumption keeps exactly the same draws (same seed, same order); the swing is how far the median
answer (rounds, or for the reverse question containers) moves. Rows are ranked by swing, largest
first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from darkfleet.estimation.catalogue import Catalogue
from darkfleet.estimation.estimate import Question, simulate
from darkfleet.estimation.settings import EstimationSettings


@dataclass(frozen=True, slots=True)
class SensitivityRow:
    assumption: str
    unit: str
    low: float
    high: float
    p50_at_low: float
    p50_at_high: float
    source: str

    @property
    def swing(self) -> float:
        return abs(self.p50_at_high - self.p50_at_low)

    def to_dict(self) -> dict[str, Any]:
        return {"assumption": self.assumption, "unit": self.unit, "low": self.low,
                "high": self.high, "p50_at_low": self.p50_at_low,
                "p50_at_high": self.p50_at_high, "swing": self.swing, "source": self.source}


def sensitivity(question: Question, containers: float, settings: EstimationSettings, *,
                catalogue: Catalogue | None = None, samples: int | None = None,
                seed: int | None = None, rounds: float | None = None) -> list[SensitivityRow]:
    """The swing table of the median rounds in `containers` containers, ranked by swing
    (largest first); with `rounds`, of the median containers those rounds need.

    Raises:
        EstimationError: as `simulate`.
    """
    base = simulate(question, settings, seed=seed, samples=samples, catalogue=catalogue)
    rows = []
    for name, param in base.assumptions.items():
        if param.fixed:
            continue
        per_container = [
            float(np.median(simulate(question, settings, seed=seed, samples=samples,
                                     catalogue=catalogue,
                                     pinned={name: value}).rounds_per_container))
            for value in (param.low, param.high)
        ]
        # The median of rounds / x is rounds / median(x): x > 0 and the map is monotone.
        medians = [containers * m if rounds is None else rounds / m if m > 0 else np.inf
                   for m in per_container]
        rows.append(SensitivityRow(name, param.unit, param.low, param.high, medians[0],
                                   medians[1], param.source.title))
    return sorted(rows, key=lambda row: (-row.swing, row.assumption))
