"""Scoring Detection records against simulated imagery truth (`darkfleet evaluate`).

Three scores, each a `Score` (truth, detected, matched; precision = matched / detected,
recall = matched / truth):

- `dark_detection`: truth is the detections of vessels that were dark (no position within the
  match window), detected is the detections darkfleet calls dark, matched is both.
- `attribution`: truth is the detections of vessels that were transmitting, detected is the
  detections darkfleet matched to an MMSI (false alarms and silent vessels included), matched
  is those matched to the right MMSI; its precision is the attribution rate.
- `dark_candidate`: truth is the truly dark detections of known vessels that darkfleet called
  dark, detected is those of them with candidates, matched is those whose first candidate is the
  right vessel.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from darkfleet.errors import InputError
from darkfleet.simulate.scoring import Score

Record = dict[str, Any]


def load_detection_truth(path: Path) -> Record:
    """A `detections-truth.json` written by `darkfleet simulate --imagery`.

    Raises:
        InputError: unreadable, or not a detections truth file.
    """
    try:
        truth = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(f"cannot read the detections truth: {error}", path=path) from error
    if not isinstance(truth, dict) or not isinstance(truth.get("detections"), list):
        raise InputError("not a detections truth file (needs detections)", path=path)
    return truth


def evaluate_detections(truth: Record, results: Iterable[Record]) -> list[Score]:
    """The three scores of the module doc, for `results` (Detection records)."""
    facts = {t["detection_id"]: t for t in truth["detections"]}
    found = [r for r in results if r["detection_id"] in facts]
    is_dark = {i for i, t in facts.items() if t["kind"] == "vessel" and t["dark"]}
    called = {r["detection_id"] for r in found if r["dark"]}
    seen = {i for i, t in facts.items() if t["kind"] == "vessel" and not t["dark"]}
    matched = [r for r in found if r["matched_mmsi"] is not None]
    right = [r for r in matched if facts[r["detection_id"]]["mmsi"] == r["matched_mmsi"]]
    right_ids = {r["detection_id"] for r in right}
    known_dark = [r for r in found if r["detection_id"] in called & is_dark
                  and facts[r["detection_id"]]["mmsi"] is not None]
    listed = [r for r in known_dark if r["candidates"]]
    first = [r for r in listed if r["candidates"][0]["mmsi"] == facts[r["detection_id"]]["mmsi"]]
    return [
        Score("dark_detection", len(is_dark), len(called), len(called & is_dark),
              [facts[i] for i in sorted(is_dark - called)],
              [facts[i] for i in sorted(called - is_dark)]),
        Score("attribution", len(seen), len(matched), len(right), [],
              [{**facts[r["detection_id"]], "matched_mmsi": r["matched_mmsi"]}
               for r in matched if r["detection_id"] not in right_ids]),
        Score("dark_candidate", len(known_dark), len(listed), len(first)),
    ]


def workspace_detection_scores(truth_path: Path, workspace: Any) -> list[Score]:
    """`evaluate_detections` of a truth file against the workspace's Detection records.

    Raises:
        InputError: the truth file is bad. StoreError: no detections were matched.
    """
    from darkfleet.imagery.query import read_detections

    return evaluate_detections(load_detection_truth(truth_path), read_detections(workspace))


def simulated_scores(seeds: Iterable[int], days: float = 14.0) -> list[Score]:
    """The three scores pooled over simulated scenarios (the flagship scenario with imagery,
    one per seed), matched in memory: the acceptance figures of docs/imagery.md."""
    totals: dict[str, list[int]] = {}
    for seed in seeds:
        truth, records = _simulated_results(seed, days)
        for score in evaluate_detections(truth, records):
            total = totals.setdefault(score.kind, [0, 0, 0])
            total[0] += score.truth
            total[1] += score.detected
            total[2] += score.matched
    return [Score(kind, t, d, m) for kind, (t, d, m) in totals.items()]


def _simulated_results(seed: int, days: float) -> tuple[Record, list[Record]]:
    """(truth, Detection records) of one simulated scenario with imagery, fused in memory."""
    import polars as pl
    import pyarrow as pa

    from darkfleet.imagery.fusion import fuse
    from darkfleet.imagery.layouts import recognise
    from darkfleet.imagery.rows import DETECTIONS, parse_row
    from darkfleet.imagery.settings import ImagerySettings
    from darkfleet.simulate.imagery import COLUMNS, imagery
    from darkfleet.simulate.output import generate
    from darkfleet.simulate.scenario import NAME, Size

    scenario = generate(NAME, seed, Size(days=days))
    rows, truth = imagery(scenario)
    layout = recognise(COLUMNS)
    parsed = [{**parse_row(r, layout, None), "file": None, "line": None} for r in rows]
    frame = pl.DataFrame(pa.Table.from_pylist(parsed, schema=DETECTIONS))
    positions = pl.DataFrame(scenario.positions()).select(
        "mmsi", "ts", "lat", "lon", pl.col("speed_kn").cast(pl.Float64),
        pl.col("course_deg").cast(pl.Float64))
    lengths = {p.vessel.mmsi: 120.0 for p in scenario.built.plans}
    results = fuse(frame, positions, lengths, ImagerySettings())
    return truth, [{**r, "candidates": json.loads(r["candidates"])} for r in results.to_dicts()]
