"""Who hears a simulated transmission: coastal stations and satellite passes, with losses.

Receivers are modelled on their own terms, independently of any detection setting:

- coastal stations (`STATIONS`, real places of the Sea of Japan coast) hear a vessel within
  `STATION_RANGE_NM` (VHF line of sight from a mast to a ship's antenna: about 40 nm), each
  message with probability `COAST_P`, except during their outages (each station has one to three
  of 4 to 20 hours in a 14-day scenario, scaled with its length);
- satellites pass every `REVISIT_H` hours, each pass listening for `PASS_MIN` minutes everywhere
  in the area; a vessel is heard in a pass with probability `SAT_P` (message collisions in a wide
  footprint lose the rest); one or two blackouts a fortnight (`BLACKOUT_H`: a ground station
  down, data lost) silence the satellites;
- positions carry a receiver-independent GPS error of `POSITION_NOISE_M` (one standard deviation,
  applied by the plan when it transmits).

Messages heard by a station carry the source `darkfleet-simulated` (terrestrial), those heard
only by a satellite `darkfleet-simulated-sat`. What nobody heard is not written, and silences it
leaves are *not* in the truth: the detector has to tell them from a transponder switched off.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from darkfleet.tracks.geo import METRES_PER_NM, haversine_m

SOURCE = "darkfleet-simulated"
SAT_SOURCE = "darkfleet-simulated-sat"
STATIONS = (("Vladivostok", 43.10, 131.90), ("Nakhodka", 42.80, 132.90),
            ("Posyet", 42.65, 130.80), ("Slavyanka", 42.86, 131.38), ("Busan", 35.10, 129.04),
            ("Vanino", 49.08, 140.27), ("Korsakov", 46.63, 142.78))
STATION_RANGE_NM = 40.0
COAST_P = 0.9
SAT_P = 0.85
PASS_MIN = 15.0
REVISIT_H = (0.5, 2.5)
BLACKOUT_H = (6.0, 14.0)
OUTAGE_H = (4.0, 20.0)
POSITION_NOISE_M = 15.0


@dataclass(frozen=True, slots=True)
class Receivers:
    """The receivers of one scenario: station positions and outages, satellite passes."""

    lat: np.ndarray  # per station
    lon: np.ndarray
    outages: tuple[tuple[tuple[float, float], ...], ...]  # per station, (start, end) minutes
    passes: np.ndarray  # pass start minutes, sorted

    def heard(self, minutes: np.ndarray, lat: np.ndarray, lon: np.ndarray,
              rng: np.random.Generator, pass_min: float = PASS_MIN) -> list[str | None]:
        """For each message (time, position): the source that heard it, or None. A message
        sent every `pass_min` or more seldom is caught by a pass that long before it."""
        coast = np.zeros(len(minutes), dtype=bool)
        for i in range(len(self.lat)):
            near = haversine_m(lat, lon, self.lat[i], self.lon[i]) <= (
                STATION_RANGE_NM * METRES_PER_NM)
            up = ~_within(minutes, self.outages[i])
            coast |= near & up & (rng.random(len(minutes)) < COAST_P)
        index = np.searchsorted(self.passes, minutes, side="right") - 1
        in_pass = np.zeros(len(minutes), dtype=bool) if not len(self.passes) else (
            (index >= 0) & (minutes - self.passes[np.maximum(index, 0)] < pass_min))
        sat = in_pass & (rng.random(len(minutes)) < SAT_P)
        return [SOURCE if c else SAT_SOURCE if s else None
                for c, s in zip(coast, sat, strict=True)]

    def down(self, name: str) -> tuple[tuple[float, float], ...]:
        """The outages of the station `name`."""
        return self.outages[[s[0] for s in STATIONS].index(name)]


def _within(minutes: np.ndarray, spans: tuple[tuple[float, float], ...]) -> np.ndarray:
    inside = np.zeros(len(minutes), dtype=bool)
    for start, end in spans:
        inside |= (minutes >= start) & (minutes < end)
    return inside


def build_receivers(rng: np.random.Generator, end_min: float) -> Receivers:
    """The receivers of a scenario `end_min` minutes long (deterministic for `rng`)."""
    outages = []
    scale = end_min / (14 * 24 * 60)
    for _ in STATIONS:
        count = int(rng.integers(1, 4) * max(scale, 0.3) + 0.5)
        spans = []
        for _ in range(count):
            start = float(rng.uniform(0, end_min))
            spans.append((start, start + float(rng.uniform(*OUTAGE_H)) * 60))
        outages.append(tuple(sorted(spans)))
    passes = [float(rng.uniform(0, REVISIT_H[1] * 60))]
    while passes[-1] < end_min:
        passes.append(passes[-1] + float(rng.uniform(*REVISIT_H)) * 60)
    blackouts = []
    for _ in range(int(rng.integers(1, 3) * max(scale, 0.3) + 0.5)):
        start = float(rng.uniform(0, end_min))
        blackouts.append((start, start + float(rng.uniform(*BLACKOUT_H)) * 60))
    times = np.array(passes)
    kept = times[~_within(times, tuple(blackouts))]
    return Receivers(np.array([s[1] for s in STATIONS]), np.array([s[2] for s in STATIONS]),
                     tuple(outages), kept)
