"""Rounds per container: vectorised packing limited by mass, volume and floor load.

One Monte Carlo sample draws every uncertain assumption once. A munition ships as a *set*: one box
of each of its crate kinds (a 152 mm complete round needs a projectile box and a charge box).

* **mass**: whole sets within the container's payload.
* **volume**: boxes laid in whole rows, columns and layers, upright, with the box length along
  the container or across it (whichever fits more); with several box kinds the space is shared,
  so sets = 1 / sum(1 / boxes_i) where boxes_i is how many of kind i alone would fit.
* **floor**: when the boxes cover less than `spread_fraction` of the floor length (a 3 m rocket
  crate fits once in a 5.89 m box), the load sits on part of the floor and the per-metre floor
  limit caps it; a load spread over the whole floor may use the full payload.

Rounds = sets x rounds per set x load factor (the share of the binding capacity used).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from darkfleet.estimation.catalogue import ContainerType, Munition, Param

FloatArray = NDArray[np.float64]
CONSTRAINTS = ("mass", "volume", "floor")


@dataclass(frozen=True, slots=True)
class Packing:
    """Per-sample results: rounds per container and which constraint bound (index into
    `CONSTRAINTS`)."""

    rounds: FloatArray
    binding: NDArray[np.int64]


def assumptions_for(munition: Munition, container: ContainerType,
                    load_factor: Param) -> dict[str, Param]:
    """Every assumption of one munition-in-container model, keyed by a readable name."""
    found: dict[str, Param] = {
        f"{container.id} payload_kg": container.payload_kg,
        f"{container.id} internal_length_m": container.internal_length_m,
        f"{container.id} internal_width_m": container.internal_width_m,
        f"{container.id} internal_height_m": container.internal_height_m,
        f"{container.id} floor_load_kg_per_m": container.floor_load_kg_per_m,
        "load_factor": load_factor,
    }
    for crate in munition.crates:
        prefix = f"{munition.id} {crate.name}"
        found[f"{prefix} rounds_per_crate"] = crate.rounds_per_crate
        found[f"{prefix} gross_mass_kg"] = crate.gross_mass_kg
        found[f"{prefix} length_m"] = crate.length_m
        found[f"{prefix} width_m"] = crate.width_m
        found[f"{prefix} height_m"] = crate.height_m
    return found


def draw(params: Mapping[str, Param], rng: np.random.Generator, samples: int,
         pinned: Mapping[str, float] | None = None) -> dict[str, FloatArray]:
    """One array of `samples` draws per assumption, in a fixed order, so that pinning one
    assumption leaves the draws of all the others unchanged."""
    draws: dict[str, FloatArray] = {}
    for name, param in params.items():
        draws[name] = sample(param, rng, samples)
    for name, value in (pinned or {}).items():
        draws[name] = np.full(samples, value)
    return draws


def sample(param: Param, rng: np.random.Generator, samples: int) -> FloatArray:
    """Draws of one assumption (the generator advances by `samples` even when fixed)."""
    uniform = rng.random(samples)
    if param.fixed:
        return np.full(samples, param.low)
    if param.mode is None:
        return param.low + uniform * (param.high - param.low)
    return _triangular(uniform, param.low, param.mode, param.high)


def _triangular(u: FloatArray, low: float, mode: float, high: float) -> FloatArray:
    """Inverse CDF of the triangular distribution."""
    span = high - low
    cut = (mode - low) / span
    left = low + np.sqrt(u * span * (mode - low))
    right = high - np.sqrt((1 - u) * span * (high - mode))
    return np.where(u < cut, left, right)


def pack(munition: Munition, container: ContainerType, draws: Mapping[str, FloatArray],
         spread_fraction: float) -> Packing:
    """Rounds per container for every sample."""
    length = draws[f"{container.id} internal_length_m"]
    width = draws[f"{container.id} internal_width_m"]
    height = draws[f"{container.id} internal_height_m"]
    payload = draws[f"{container.id} payload_kg"]
    inverse_boxes = np.zeros_like(length)
    used_length = np.zeros_like(length)
    set_mass = np.zeros_like(length)
    for crate in munition.crates:
        prefix = f"{munition.id} {crate.name}"
        boxes, used = _boxes(length, width, height, draws[f"{prefix} length_m"],
                             draws[f"{prefix} width_m"], draws[f"{prefix} height_m"])
        with np.errstate(divide="ignore"):
            inverse_boxes += np.where(boxes > 0, 1.0 / np.maximum(boxes, 1), np.inf)
        used_length = np.maximum(used_length, used)
        set_mass += draws[f"{prefix} gross_mass_kg"]
    by_volume = np.floor(1.0 / inverse_boxes)
    by_mass = np.floor(payload / set_mass)
    floor_limit = draws[f"{container.id} floor_load_kg_per_m"] * used_length
    spread = used_length >= spread_fraction * length
    by_floor = np.floor(np.where(spread, payload, np.minimum(payload, floor_limit)) / set_mass)
    caps = np.stack([by_mass, by_volume, by_floor])
    binding = np.argmin(caps, axis=0)
    first = munition.crates[0]
    per_set = draws[f"{munition.id} {first.name} rounds_per_crate"]
    rounds = caps.min(axis=0) * per_set * draws["load_factor"]
    return Packing(rounds=rounds, binding=binding)


def _boxes(length: FloatArray, width: FloatArray, height: FloatArray, box_l: FloatArray,
           box_w: FloatArray, box_h: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Whole boxes that fit upright, and the container length they occupy."""
    layers = np.floor(height / box_h)
    rows_a, cols_a = np.floor(length / box_l), np.floor(width / box_w)
    rows_b, cols_b = np.floor(length / box_w), np.floor(width / box_l)
    along, across = rows_a * cols_a * layers, rows_b * cols_b * layers
    boxes = np.maximum(along, across)
    used = np.where(along >= across, rows_a * box_l, rows_b * box_w)
    return boxes, used
