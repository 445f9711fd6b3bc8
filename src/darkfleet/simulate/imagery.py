"""Simulated satellite imagery of a scenario: passes, detections and their truth.

Everything here is SIMULATED. Radar passes image the case area (`AREA`) every 30 to 60 hours;
each pass is one scene. Every vessel of the scenario inside the area is detected with a
probability rising with its length (1 - exp(-length / 40 m)), at its true position plus a
Gaussian error (`position_error_m` rms), with its length (10 % error), its heading when under
way (10 degrees error) and a detector score between 0.6 and 1. A vessel's true position is
interpolated between its emitted fixes (a straight line across a dark spell). Two vessels that
never transmit are added: one moored at a quay of Rajin about 2 km from the shuttles' berths, one
sailing back and forth off the Tumen estuary. False alarms (sea clutter) come at
`false_alarms_per_pass` per pass on average, scored 0.05 to 0.55.

The truth of each detection: `kind` (`vessel` or `false_alarm`), `mmsi` (null for the silent
vessels and false alarms) and `dark`: a vessel that sent no position within `dark_window_min`
(30 min, darkfleet's match window) either side of the image time.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from darkfleet.imagery.rows import detection_id
from darkfleet.simulate.output import NOTE, Scenario
from darkfleet.simulate.plan import VoyagePlan
from darkfleet.simulate.truth import when
from darkfleet.timefmt import iso_utc
from darkfleet.tracks.geo import offset_deg

AREA = (41.2, 129.8, 43.4, 133.6)  # min lat, min lon, max lat, max lon
QUAY = (42.2610, 130.3190)  # about 2 km north-east of the shuttles' berths at Rajin
TRANSIT = ((42.15, 130.75), (42.45, 131.45))
COLUMNS = ("detection_id", "ts", "lat", "lon", "length_m", "heading_deg", "source", "score",
           "scene_id")


@dataclass(frozen=True, slots=True)
class ImagerySize:
    """How the simulated imagery is made."""

    pass_min_h: float = 30.0
    pass_max_h: float = 60.0
    position_error_m: float = 150.0
    false_alarms_per_pass: float = 0.5
    dark_window_min: float = 30.0
    length_m: float = 120.0  # the scenario's vessels report bow 100 m + stern 20 m


@dataclass(frozen=True, slots=True)
class _Track:
    """Where a vessel was: fix minutes, positions and courses (and whether it transmits)."""

    mmsi: int | None
    minutes: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    course: np.ndarray
    speed: np.ndarray
    length_m: float
    transmits: bool


def imagery(scenario: Scenario, size: ImagerySize | None = None
            ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """(detections as darkfleet-layout rows, truth) for a generated scenario."""
    size = size or ImagerySize()
    rng = np.random.default_rng([scenario.seed, 12])
    end = scenario.size.days * 1440
    tracks = [_of_plan(p, size.length_m) for p in scenario.built.plans] + _silent(end)
    rows: list[dict[str, Any]] = []
    truth: list[dict[str, Any]] = []
    minute, number = float(rng.uniform(6, 30)) * 60, 0
    while minute < end:
        number += 1
        scene = f"SIM-S1-{scenario.seed:03d}-{number:03d}"
        for track in tracks:
            _image(track, minute, scene, size, rng, rows, truth)
        for _ in range(int(rng.poisson(size.false_alarms_per_pass))):
            _false_alarm(minute, scene, rng, rows, truth)
        minute += float(rng.uniform(size.pass_min_h, size.pass_max_h)) * 60
    summary = {"scenario": scenario.name, "seed": scenario.seed, "simulated": True,
               "note": NOTE, "passes": number, "detections": truth}
    return rows, summary


def write_imagery(scenario: Scenario, out: Path, size: ImagerySize | None = None
                  ) -> dict[str, Any]:
    """Write `out/detections.csv` and `out/detections-truth.json`; returns a summary."""
    rows, truth = imagery(scenario, size)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "detections.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    truth_path = out / "detections-truth.json"
    truth_path.write_text(json.dumps(truth, indent=1) + "\n", encoding="utf-8")
    return {"detections": str(path), "detections_truth": str(truth_path),
            "passes": truth["passes"], "detections_count": len(rows)}


def _of_plan(plan: VoyagePlan, length_m: float) -> _Track:
    fixes = plan.fixes
    return _Track(plan.vessel.mmsi, np.array([f.minute for f in fixes]),
                  np.array([f.lat for f in fixes]), np.array([f.lon for f in fixes]),
                  np.array([f.course_deg for f in fixes]), np.array([f.speed_kn for f in fixes]),
                  length_m, True)


def _silent(end: float) -> list[_Track]:
    """The two vessels that never transmit: moored at a Rajin quay, and sailing off the Tumen."""
    minutes = np.arange(0.0, end + 60, 60.0)
    quay = _Track(None, minutes, np.full(len(minutes), QUAY[0]), np.full(len(minutes), QUAY[1]),
                  np.zeros(len(minutes)), np.zeros(len(minutes)), 95.0, False)
    (lat0, lon0), (lat1, lon1) = TRANSIT
    share = np.abs(((minutes / 600.0) % 2) - 1)  # 10 h each way
    course = np.where(((minutes / 600.0) % 2) < 1, 240.0, 60.0)
    transit = _Track(None, minutes, lat1 + (lat0 - lat1) * share, lon1 + (lon0 - lon1) * share,
                     course, np.full(len(minutes), 6.0), 80.0, False)
    return [quay, transit]


def _image(track: _Track, minute: float, scene: str, size: ImagerySize,
           rng: np.random.Generator, rows: list[dict[str, Any]],
           truth: list[dict[str, Any]]) -> None:
    after = int(np.searchsorted(track.minutes, minute, side="right"))
    if after == 0 or after == len(track.minutes):
        return
    i, j = after - 1, after
    share = (minute - track.minutes[i]) / (track.minutes[j] - track.minutes[i])
    lat = track.lat[i] + (track.lat[j] - track.lat[i]) * share
    lon = track.lon[i] + (track.lon[j] - track.lon[i]) * share
    if not (AREA[0] <= lat <= AREA[2] and AREA[1] <= lon <= AREA[3]):
        return
    if rng.uniform() > 1 - np.exp(-track.length_m / 40.0):
        return
    nearest = min(minute - track.minutes[i], track.minutes[j] - minute)
    dark = bool(not track.transmits or nearest > size.dark_window_min)
    moving = bool(track.speed[i] > 2)
    heading = (track.course[i] + rng.normal(0, 10)) % 360 if moving else None
    length = track.length_m * (1 + rng.normal(0, 0.1))
    _add(rows, truth, minute, scene, (lat, lon), size.position_error_m, rng,
         {"length_m": round(length, 1), "heading_deg": None if heading is None else round(
             heading, 1), "score": round(float(rng.uniform(0.6, 1.0)), 3)},
         {"kind": "vessel", "mmsi": track.mmsi, "dark": dark, "true_lat": round(lat, 6),
          "true_lon": round(lon, 6)})


def _false_alarm(minute: float, scene: str, rng: np.random.Generator,
                 rows: list[dict[str, Any]], truth: list[dict[str, Any]]) -> None:
    lat, lon = rng.uniform(AREA[0] + 0.3, AREA[2]), rng.uniform(AREA[1] + 0.8, AREA[3])
    _add(rows, truth, minute, scene, (lat, lon), 0.0, rng,
         {"length_m": round(float(rng.uniform(15, 60)), 1), "heading_deg": None,
          "score": round(float(rng.uniform(0.05, 0.55)), 3)},
         {"kind": "false_alarm", "mmsi": None, "dark": False, "true_lat": None,
          "true_lon": None})


def _add(rows: list[dict[str, Any]], truth: list[dict[str, Any]], minute: float, scene: str,
         where: tuple[float, float], error_m: float, rng: np.random.Generator,
         seen: dict[str, Any], fact: dict[str, Any]) -> None:
    north, east = rng.normal(0, error_m / np.sqrt(2), 2)
    dlat, dlon = offset_deg(where[0], float(north), float(east))
    lat, lon = round(where[0] + dlat, 6), round(where[1] + dlon, 6)
    ts = when(minute)
    ident = detection_id("sar", ts, lat, lon)
    rows.append({"detection_id": ident, "ts": iso_utc(ts), "lat": lat, "lon": lon, **seen,
                 "source": "sar", "scene_id": scene})
    truth.append({"detection_id": ident, "scene_id": scene, "ts": iso_utc(ts), **fact})
