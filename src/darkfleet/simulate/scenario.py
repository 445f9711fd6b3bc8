"""The `dprk-russia-2023` scenario: the DPRK-Russia munitions shuttle as public reporting tells it.

Everything here is simulated. Six cargo ships carrying the real names and IMO numbers of the
vessels of interest (with made-up MMSIs) shuttle from Rajin (KPNJN) to the Dunai terminal (RUDUN)
or Vostochny (RUVYP) from August 2023: draught up when loaded at Rajin, AIS off for part of each
laden voyage, draught down at the Russian port, back to Rajin. Around them: background coastal
traffic between Russian Far East ports and Busan on routes that stay at sea, one ship-to-ship
meeting at sea (Lady R and a tanker on Lady R's first return voyage), one vessel loitering
offshore, one MMSI used by two transmitters at once, Ursa Major reporting its old name Sparta III
at first, and one Russian coaster that switches its AIS off to call at Rajin unseen. Who hears
what is decided afterwards by the receivers (darkfleet.simulate.receivers).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from darkfleet.events.ports import builtin_registry
from darkfleet.events.sea_routes import sea_path
from darkfleet.simulate.plan import Point, SimVessel, VoyagePlan, travel_min
from darkfleet.tracks.geo import offset_deg

NAME = "dprk-russia-2023"
START = datetime(2023, 8, 1, tzinfo=UTC)
SHUTTLES = [  # name, IMO (public record), call sign (made up except Maria's)
    ("ANGARA", 9179842, "SIMA001"), ("MARIA", 8517839, "UBRH7"), ("MAIA-1", 9358010, "SIMA003"),
    ("LADY R", 9161003, "SIMA004"), ("SPARTA IV", 9743033, "SIMA005"),
    ("SPARTA III", 9538892, "SIMA006"),  # renamed URSA MAJOR during the window
]
BACKGROUND_PORTS = ["RUVVO", "RUNJK", "RUVYP", "RUPSE", "RUZAR", "KRPUS", "RUSLA"]
SHUTTLE_DESTINATIONS = {"RUDUN": "DUNAI", "RUVYP": "VOSTOCHNY"}
OUT_OF_RAJIN: list[Point] = [(42.05, 130.9), (42.35, 131.9)]
MEETING: Point = (42.25, 131.55)
LOITER: Point = (42.25, 131.05)
PHANTOM_CENTRE: Point = (40.5, 133.5)
DARK_CALLER = 3  # the background vessel that calls at Rajin with its AIS off


@dataclass(frozen=True, slots=True)
class Size:
    """How big a scenario to make."""

    days: float = 14.0
    background: int = 8
    interval_min: float = 15.0
    static_interval_min: float = 60.0


@dataclass
class Built:
    """The plans of every vessel, the phantom transmitter's plan and what was planted."""

    plans: list[VoyagePlan]
    phantom: VoyagePlan | None
    meeting: tuple[int, int] | None
    renamed: int


class _Builder:
    def __init__(self, seed: int, size: Size) -> None:
        self.rng = np.random.default_rng(seed)
        self.size = size
        self.end = size.days * 24 * 60
        self.ports = {a.locode: (a.lat, a.lon) for a in builtin_registry().areas}

    def berth(self, locode: str, spread_m: float = 600.0) -> Point:
        lat, lon = self.ports[locode]
        dlat, dlon = offset_deg(lat, *self.rng.uniform(-spread_m, spread_m, 2))
        return (lat + dlat, lon + dlon)

    def plan(self, vessel: SimVessel, start: Point) -> VoyagePlan:
        return VoyagePlan(vessel, np.random.default_rng(self.rng.integers(2**32)), self.end,
                          self.size.interval_min, start)

    def u(self, low: float, high: float) -> float:
        return float(self.rng.uniform(low, high))


def build(seed: int, size: Size) -> Built:
    """Every vessel's timeline for `seed` (deterministic)."""
    b = _Builder(seed, size)
    shuttles = [_shuttle(b, i, *row) for i, row in enumerate(SHUTTLES)]
    renamed = shuttles[5]
    renamed.rename(b.u(0.2, 0.4) * size.days * 24 * 60, "URSA MAJOR")
    meet = _meeting_window(b, shuttles[3])
    background = [_background(b, i, meet if i == 0 else None, loiter=i == 1,
                              dark_call=i == DARK_CALLER)
                  for i in range(max(size.background, 2))]
    phantom = _phantom(b, background[2].vessel) if len(background) > 2 else None
    meeting = (shuttles[3].vessel.mmsi, background[0].vessel.mmsi) if meet else None
    return Built(shuttles + background, phantom, meeting, renamed.vessel.mmsi)


def _shuttle(b: _Builder, index: int, name: str, imo: int, callsign: str) -> VoyagePlan:
    empty, loaded = round(b.u(5.0, 6.0), 1), round(b.u(7.8, 8.8), 1)
    vessel = SimVessel(273_990_101 + index, imo, name, callsign, 70, "shuttle", empty)
    rajin = b.berth("KPNJN", 300)
    plan = b.plan(vessel, rajin)
    plan.stay("KPNJN", rajin, b.u(6, 30), draught_to=loaded)
    trips = 0
    while not plan.done:
        dest = str(b.rng.choice(list(SHUTTLE_DESTINATIONS)))
        plan.destinations.append((plan.now, SHUTTLE_DESTINATIONS[dest]))
        berth = b.berth(dest, 300)
        speed = b.u(8.5, 9.5)
        hours = (travel_min(rajin, OUT_OF_RAJIN[0], speed) + travel_min(
            OUT_OF_RAJIN[0], OUT_OF_RAJIN[1], speed) + travel_min(OUT_OF_RAJIN[1], berth,
                                                                    speed)) / 60
        dark_start, dark_h = b.u(1.5, 2.5), b.u(7, 9)
        dark = (dark_start, dark_h) if dark_start + dark_h <= hours - 1.5 else None
        plan.sail([*OUT_OF_RAJIN, berth], speed, dark)
        plan.stay(dest, berth, b.u(12, 36), draught_to=empty)
        plan.destinations.append((plan.now, "RAJIN"))
        if index == 3 and trips == 0:  # Lady R meets a tanker on her first way back
            plan.sail([MEETING], b.u(9, 10))
            plan.drift("meet", MEETING, plan.now + 180)
        plan.sail([OUT_OF_RAJIN[1], OUT_OF_RAJIN[0], rajin], b.u(9, 11))
        plan.stay("KPNJN", rajin, b.u(12, 36), draught_to=loaded)
        trips += 1
    return plan


def _meeting_window(b: _Builder, lady_r: VoyagePlan) -> tuple[float, float] | None:
    drift = [f.minute for f in lady_r.fixes if f.tag == "drift:meet"]
    if not drift:
        return None
    return (min(drift), max(drift) + 1)


def _background(b: _Builder, index: int, meet: tuple[float, float] | None,
                loiter: bool, dark_call: bool = False) -> VoyagePlan:
    draught = round(b.u(6, 10), 1)
    vessel = SimVessel(273_991_001 + index, 9_800_001 + index * 11, f"SIM COASTER {index + 1}",
                       f"SIMB{index:03d}", 70 + index % 10, "background", draught)
    home = str(b.rng.choice(BACKGROUND_PORTS[:5]))
    berth = b.berth(home)
    plan = b.plan(vessel, berth)
    if meet is not None:
        speed = b.u(9, 10)
        leave = meet[0] - travel_min(berth, MEETING, speed)
        plan.wait_until(home, berth, leave)
        plan.sail([MEETING], speed)
        plan.drift("meet", MEETING, meet[1])
    else:
        plan.stay(home, berth, b.u(4, 30))
    loitered = not loiter
    while not plan.done:
        here = home
        home = str(b.rng.choice([p for p in BACKGROUND_PORTS if p != here]))
        berth = b.berth(home)
        if not loitered:
            plan.sail([LOITER], b.u(10, 12))
            plan.drift("loiter", LOITER, plan.now + 6 * 60)
            loitered = True
        if dark_call:
            _call_dark(b, plan, "KPNJN", berth)
            dark_call = False
        else:
            plan.sail(sea_path(plan.position, berth), b.u(10, 13))
        plan.stay(home, berth, b.u(6, 30))
    return plan


def _call_dark(b: _Builder, plan: VoyagePlan, locode: str, then: Point) -> None:
    """Switch the AIS off an hour out, call at `locode` for 6 to 10 hours, sail on to `then`
    and switch it back on an hour after leaving `locode` (the truth's dark call)."""
    speed = b.u(10, 12)
    off = plan.now + 60
    berth = b.berth(locode, 300)
    plan.sail(sea_path(plan.position, berth), speed)
    plan.stay(locode, berth, b.u(6, 10))
    on = plan.now + 60
    plan.sail(sea_path(plan.position, then), speed)
    plan.switch_off(off, on)
    plan.dark_calls.append((locode, off, on))


def _phantom(b: _Builder, real: SimVessel) -> VoyagePlan:
    """A second transmitter using `real`'s MMSI, circling far out at sea from day 2 or 3."""
    plan = b.plan(real, PHANTOM_CENTRE)
    start = b.u(2, 3) * 24 * 60
    plan.now = start
    plan.position = PHANTOM_CENTRE
    corners = [offset_deg(PHANTOM_CENTRE[0], n, e) for n, e in
               ((10_000, 0), (0, 10_000), (-10_000, 0), (0, -10_000))]
    while not plan.done:
        for dlat, dlon in corners:
            plan.sail([(PHANTOM_CENTRE[0] + dlat, PHANTOM_CENTRE[1] + dlon)], 8.0)
    return plan


def start_time() -> datetime:
    return START
