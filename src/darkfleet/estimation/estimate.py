"""Containers to rounds (and back) by Monte Carlo over the catalogue, with a sensitivity table.

`estimate_rounds(6700, "152mm-he-projectile")` answers "how many rounds could 6,700 containers
carry?"; `estimate_containers(3_000_000, ...)` the reverse. Both return an `Estimate` per the
Estimate contract: question, inputs, assumptions (each with value, unit and source), method,
samples, p5, p50, p95, mean and binding_constraint.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from darkfleet.errors import EstimationError
from darkfleet.estimation.catalogue import Catalogue, Param, load_catalogue
from darkfleet.estimation.packing import (
    CONSTRAINTS,
    FloatArray,
    assumptions_for,
    draw,
    pack,
)
from darkfleet.estimation.settings import EstimationSettings

METHOD = ("Monte Carlo over the catalogue ranges (numpy default_rng, seeded): whole sets of boxes "
          "per container limited by payload mass, by volume (boxes in whole rows, columns and "
          "layers) and by floor load for loads on part of the floor; times the load factor.")


@dataclass(frozen=True, slots=True)
class Question:
    """What is asked: a mix of munitions (shares of containers) in one container type."""

    mix: Mapping[str, float]
    container: str = "20ft"
    fill: float | None = None

    def label(self) -> str:
        return " + ".join(f"{share:g} {m}" if len(self.mix) > 1 else m
                          for m, share in self.mix.items())


@dataclass(frozen=True, slots=True)
class Assumption:
    name: str
    param: Param

    def to_dict(self) -> dict[str, Any]:
        p = self.param
        return {"name": self.name, "value": p.central, "low": p.low, "high": p.high,
                "unit": p.unit, "distribution": p.distribution,
                "source": {"id": p.source.id, "title": p.source.title,
                           "publisher": p.source.publisher, "url": p.source.url},
                "provenance": p.provenance, "confidence": p.confidence, "note": p.note}


@dataclass(frozen=True, slots=True)
class Estimate:
    question: str
    inputs: dict[str, Any]
    assumptions: tuple[Assumption, ...]
    method: str
    samples: int
    seed: int
    unit: str
    p5: float
    p50: float
    p95: float
    mean: float
    binding_constraint: str
    binding_shares: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "inputs": self.inputs,
                "assumptions": [a.to_dict() for a in self.assumptions], "method": self.method,
                "samples": self.samples, "seed": self.seed, "unit": self.unit,
                "p5": self.p5, "p50": self.p50, "p95": self.p95, "mean": self.mean,
                "binding_constraint": self.binding_constraint,
                "binding_shares": self.binding_shares}


@dataclass(frozen=True, slots=True)
class Simulation:
    """Rounds per container for every sample of one question, with what bound it."""

    rounds_per_container: FloatArray
    binding_shares: dict[str, float]
    assumptions: dict[str, Param]


def parse_mix(text: str) -> dict[str, float]:
    """`a=0.7,b=0.3` as shares; a bare id is a share of 1.

    Raises:
        EstimationError: a share is not a number in (0, 1] or the shares do not sum to 1.
    """
    mix: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, share = part.partition("=")
        try:
            mix[name.strip()] = float(share) if share else 1.0
        except ValueError as error:
            raise EstimationError(f"mix: share of {name!r} is not a number", field="mix") from error
    if not mix or any(not 0 < s <= 1 for s in mix.values()) or abs(sum(mix.values()) - 1) > 1e-6:
        raise EstimationError(f"mix: shares must be in (0, 1] and sum to 1, got {text!r}",
                              field="mix")
    return mix


def simulate(question: Question, settings: EstimationSettings, *, seed: int | None = None,
             samples: int | None = None, pinned: Mapping[str, float] | None = None,
             catalogue: Catalogue | None = None) -> Simulation:
    """Draw the assumptions of `question` and pack; `pinned` fixes some assumptions by name.

    Raises:
        EstimationError: an unknown munition or container, or a fill outside (0, 1].
    """
    cat = catalogue or load_catalogue()
    n = samples or settings.samples
    rng = np.random.default_rng(settings.seed if seed is None else seed)
    container = cat.container(question.container)
    load_factor = cat.load_factor
    if question.fill is not None:
        if not 0 < question.fill <= 1:
            raise EstimationError(f"fill: must be in (0, 1], got {question.fill}", field="fill")
        load_factor = load_factor.pinned(question.fill, "fixed by the question (--fill)")
    total = np.zeros(n)
    shares = dict.fromkeys(CONSTRAINTS, 0.0)
    params: dict[str, Param] = {}
    for munition_id, share in question.mix.items():
        munition = cat.munition(munition_id)
        found = assumptions_for(munition, container, load_factor)
        packing = pack(munition, container, draw(found, rng, n, pinned),
                       settings.floor_spread_fraction)
        total += share * packing.rounds
        for index, name in enumerate(CONSTRAINTS):
            shares[name] += share * float(np.mean(packing.binding == index))
        params.update(found)
    return Simulation(total, {k: round(v, 4) for k, v in shares.items()}, params)


def estimate_rounds(containers: float | FloatArray, question: Question,
                    settings: EstimationSettings | None = None, *, seed: int | None = None,
                    samples: int | None = None, catalogue: Catalogue | None = None,
                    containers_note: str | None = None,
                    extra_assumptions: Mapping[str, Param] | None = None) -> Estimate:
    """How many rounds `containers` containers carry (a count, or an array of count samples,
    one per Monte Carlo sample, whose own assumptions are `extra_assumptions`).

    Raises:
        EstimationError: a negative or non-finite count, or a bad question.
    """
    config = settings or EstimationSettings()
    count = np.asarray(containers, dtype=float)
    if not np.all(np.isfinite(count)) or np.any(count < 0):
        raise EstimationError("containers: must be a count >= 0", field="containers")
    sim = simulate(question, config, seed=seed, samples=count.size if count.ndim else samples,
                   catalogue=catalogue)
    if extra_assumptions:
        sim = replace(sim, assumptions={**extra_assumptions, **sim.assumptions})
    rounds = count * sim.rounds_per_container
    label = containers_note or (f"{float(count):,.0f}" if count.ndim == 0 else "sampled")
    inputs = {"containers": label if count.ndim else float(count), "munition": dict(question.mix),
              "container": question.container, "fill": question.fill}
    return _summarise(f"How many rounds of {question.label()} could {label} {question.container}"
                      " containers carry?", inputs, "rounds", rounds, sim, config, seed)


def estimate_containers(rounds: float, question: Question,
                        settings: EstimationSettings | None = None, *, seed: int | None = None,
                        samples: int | None = None,
                        catalogue: Catalogue | None = None) -> Estimate:
    """How many containers `rounds` rounds need (the reverse question).

    Raises:
        EstimationError: a negative or non-finite count, or a bad question.
    """
    config = settings or EstimationSettings()
    if not np.isfinite(rounds) or rounds < 0:
        raise EstimationError("rounds: must be a count >= 0", field="rounds")
    sim = simulate(question, config, seed=seed, samples=samples, catalogue=catalogue)
    with np.errstate(divide="ignore"):
        needed = np.where(sim.rounds_per_container > 0, rounds / sim.rounds_per_container, np.inf)
    inputs = {"rounds": float(rounds), "munition": dict(question.mix),
              "container": question.container, "fill": question.fill}
    return _summarise(f"How many {question.container} containers would {rounds:,.0f} rounds of "
                      f"{question.label()} need?", inputs, "containers", needed, sim, config,
                      seed)


def _summarise(text: str, inputs: dict[str, Any], unit: str, values: FloatArray, sim: Simulation,
               settings: EstimationSettings, seed: int | None) -> Estimate:
    p5, p50, p95 = (float(v) for v in np.percentile(values, [5, 50, 95]))
    binding = max(sim.binding_shares, key=lambda k: sim.binding_shares[k])
    return Estimate(
        question=text, inputs=inputs,
        assumptions=tuple(Assumption(k, v) for k, v in sim.assumptions.items()),
        method=METHOD, samples=len(values), seed=settings.seed if seed is None else seed,
        unit=unit, p5=p5, p50=p50, p95=p95, mean=float(np.mean(values)),
        binding_constraint=binding, binding_shares=sim.binding_shares)


def with_samples(settings: EstimationSettings, samples: int | None,
                 seed: int | None) -> EstimationSettings:
    """The settings with the samples and seed of one run, when given."""
    if samples is not None and samples < 100:
        raise EstimationError("samples: must be >= 100", field="samples")
    if seed is not None and seed < 0:
        raise EstimationError("seed: must be >= 0", field="seed")
    return replace(settings, samples=samples or settings.samples,
                   seed=settings.seed if seed is None else seed)
