"""A small detected workspace for the export tests, written as the stages write it.

Vessels: ANGARA (IMO 9179842) calls at Rajin, goes dark 18 h and arrives at the Dunai terminal;
two vessels meet slowly at sea for 3 h (an encounter); PACIFIC TRADER crosses the antimeridian at
50°N; a moored vessel at Vladivostok keeps the receivers' coverage up. Two imagery detections.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa

from darkfleet.events import DetectSettings, detect, load_registry
from darkfleet.store import Workspace
from darkfleet.store.schema import POSITIONS, STATIC_REPORTS

T0 = datetime(2023, 8, 1, tzinfo=UTC)
ANGARA, MEET_A, MEET_B, PACIFIC, MOORED = 273999001, 273999003, 273999004, 412000002, 273999009
RAJIN, DUNAI, SEA = (42.243, 130.303), (42.893, 132.358), (42.0, 131.5)

Fix = tuple[int, float, float, float, float]  # mmsi, minute, lat, lon, speed_kn


def _stay(mmsi: int, at: tuple[float, float], start: float, hours: float, step: float = 10,
          speed: float = 0.2) -> list[Fix]:
    return [(mmsi, start + i * step, at[0], at[1], speed)
            for i in range(int(hours * 60 / step) + 1)]


def _sail(mmsi: int, a: tuple[float, float], b: tuple[float, float], start: float,
          steps: int) -> list[Fix]:
    return [(mmsi, start + i * 10, a[0] + (b[0] - a[0]) * i / steps,
             a[1] + (b[1] - a[1]) * i / steps, 12.0) for i in range(1, steps + 1)]


def fixes() -> list[Fix]:
    out = _stay(ANGARA, RAJIN, 0, 3)
    out += _sail(ANGARA, RAJIN, (42.5, 131.3), 180, 12)  # to 05:00, then dark until 23:10
    out += _sail(ANGARA, (42.52, 131.8), DUNAI, 23 * 60, 12)
    out += _stay(ANGARA, DUNAI, 25 * 60 + 10, 3)
    out += _stay(MEET_A, SEA, 600, 3, speed=0.5)
    out += _stay(MEET_B, (SEA[0] + 0.002, SEA[1]), 600, 3, speed=0.5)
    # 10 kn due east at 50°N: 0.0432° of longitude every 10 minutes, across 180°
    out += [(PACIFIC, 300 + i * 10, 50.0, round((179.9 + 0.0432 * i + 180) % 360 - 180, 4),
             10.0) for i in range(8)]
    return out + _stay(MOORED, (43.11, 131.89), 0, 28, step=30, speed=0.0)


def _positions(rows: list[Fix]) -> pa.Table:
    return pa.Table.from_pylist([
        {"mmsi": m, "ts": T0 + timedelta(minutes=t), "msg_type": 1, "kind": "vessel",
         "lat": lat, "lon": lon, "speed_kn": kn, "course_deg": None, "heading_deg": None,
         "nav_status": None, "source": None, "file": "test", "line": i}
        for i, (m, t, lat, lon, kn) in enumerate(rows)], schema=POSITIONS)


def _statics() -> pa.Table:
    rows = [(ANGARA, 9179842, "UBCX7", "ANGARA"), (PACIFIC, 9743033, "BPAC2", "PACIFIC TRADER"),
            (MEET_A, None, None, "MEETER A"), (MEET_B, None, None, "MEETER B")]
    return pa.Table.from_pylist([
        {**{f.name: None for f in STATIC_REPORTS}, "mmsi": m, "ts": T0 + timedelta(minutes=5),
         "msg_type": 5, "imo": imo, "callsign": cs, "shipname": name, "file": "test", "line": 0}
        for m, imo, cs, name in rows], schema=STATIC_REPORTS)


DETECTIONS = [
    {"detection_id": "d1", "ts": T0 + timedelta(hours=12), "lat": 42.6, "lon": 131.5,
     "length_m": 120.0, "source": "sar", "score": 0.9, "matched_mmsi": None,
     "match_distance_m": None, "match_score": None, "dark": True},
    {"detection_id": "d2", "ts": T0 + timedelta(hours=26), "lat": DUNAI[0], "lon": DUNAI[1],
     "length_m": 110.0, "source": "optical", "score": 0.8, "matched_mmsi": ANGARA,
     "match_distance_m": 40.0, "match_score": 0.95, "dark": False},
]


def write_workspace(path: Path, *, detections: bool = True) -> Path:
    with Workspace.open(path, create=True) as ws:
        with ws.batch("test", "positions") as batch:
            batch.add("positions", _positions(fixes()))
            batch.add("static_reports", _statics())
        detect(ws, DetectSettings(), load_registry())
        if detections:
            ws.replace_table("detections", pa.Table.from_pylist(DETECTIONS), kind="detections")
    return path
