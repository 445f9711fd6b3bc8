"""The timeline view: official cumulative containers and rounds against the model's interval.

`timeline_series(case, settings)` gives the points (pure data); `timeline_chart(case, out_path)`
draws them with matplotlib (the `viz` extra, imported only here) as PNG or SVG, by suffix.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from darkfleet.errors import EstimationError, ReportError
from darkfleet.estimation.catalogue import Catalogue, load_catalogue
from darkfleet.estimation.estimate import Question, estimate_rounds
from darkfleet.estimation.settings import EstimationSettings
from darkfleet.evidence.models import Case


@dataclass(frozen=True, slots=True)
class ModelPoint:
    """The model's interval for one official container count."""

    on: date
    claim_id: str
    containers: float
    munition: str
    p5: float
    p50: float
    p95: float


@dataclass(frozen=True, slots=True)
class ClaimPoint:
    on: date
    claim_id: str
    attributed_to: str
    low: float
    high: float
    unit: str


@dataclass(frozen=True, slots=True)
class TimelineSeries:
    containers: tuple[ClaimPoint, ...]
    rounds: tuple[ClaimPoint, ...]
    model: tuple[ModelPoint, ...]


def timeline_series(case: Case, settings: EstimationSettings, family: str = "152mm",
                    catalogue: Catalogue | None = None) -> TimelineSeries:
    """Claimed containers and rounds by date, and the model interval for each container claim
    under the family's default munition and each alternative.

    Raises:
        EstimationError: the case has no assumptions for `family`.
    """
    cat = catalogue or load_catalogue()
    reading = case.families.get(family)
    if reading is None:
        raise EstimationError(f"family: the case has no assumptions for {family!r}",
                              field="family")
    points = sorted((ClaimPoint(c.stated_on, c.id, c.attributed_to, c.quantity,
                                c.quantity_high or c.quantity, c.unit)
                     for c in case.claims
                     if c.quantity is not None and c.unit in ("containers", "rounds")),
                    key=lambda p: (p.on, p.claim_id))
    model = []
    for point in (p for p in points if p.unit == "containers"):
        for munition in (reading.default, *reading.alternatives):
            e = estimate_rounds(point.low, Question({munition: 1.0}, case.container), settings,
                                catalogue=cat)
            model.append(ModelPoint(point.on, point.claim_id, point.low, munition, e.p5, e.p50,
                                    e.p95))
    return TimelineSeries(tuple(p for p in points if p.unit == "containers"),
                          tuple(p for p in points if p.unit == "rounds"), tuple(model))


def timeline_chart(case: Case, out_path: Path, settings: EstimationSettings | None = None,
                   series: TimelineSeries | None = None) -> Path:
    """Write the timeline chart to `out_path` (.png or .svg) and return the path.

    Raises:
        ImportError: matplotlib is missing (install darkfleet[viz]).
        ReportError: an unsupported suffix or an unwritable path.
    """
    if out_path.suffix.lower() not in (".png", ".svg"):
        raise ReportError(f"chart: write .png or .svg, not {out_path.suffix!r}", path=out_path)
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as error:
        raise ImportError("the timeline chart needs matplotlib: install darkfleet[viz]") \
            from error
    data = series or timeline_series(case, settings or EstimationSettings())
    figure, (top, bottom) = plt.subplots(2, 1, figsize=(10, 7), sharex=True)
    top.scatter([p.on for p in data.containers], [p.low for p in data.containers], marker="s",
                color="black", label="official cumulative containers")
    top.set_ylabel("containers")
    top.legend(loc="upper left")
    top.set_title(f"{case.title}: official figures vs the containers-to-rounds model")
    colours = ("tab:blue", "tab:orange", "tab:green")
    munitions = list(dict.fromkeys(p.munition for p in data.model))
    for colour, munition in zip(colours, munitions, strict=False):
        rows = [p for p in data.model if p.munition == munition]
        bottom.errorbar([p.on for p in rows], [p.p50 for p in rows],
                        yerr=[[p.p50 - p.p5 for p in rows], [p.p95 - p.p50 for p in rows]],
                        fmt="o", color=colour, alpha=0.7, capsize=3,
                        label=f"model p5-p95: {munition}")
    bottom.errorbar([p.on for p in data.rounds], [(p.low + p.high) / 2 for p in data.rounds],
                    yerr=[[(p.high - p.low) / 2 for p in data.rounds]] * 2, fmt="x",
                    color="black", label="claimed rounds")
    bottom.set_ylabel("rounds")
    bottom.legend(loc="upper left", fontsize="small")
    figure.autofmt_xdate()
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(out_path)
    except OSError as error:
        raise ReportError(f"chart: cannot write: {error}", path=out_path) from error
    finally:
        plt.close(figure)
    return out_path
