"""A hand-built recording for the watch tests: a listed vessel entering Rajin and a vessel
going dark near the DPRK ports while another is still heard near it (simulated, built with the
simulator's NMEA encoder; every line has a tag-block time)."""

from __future__ import annotations

import random
import socket
from dataclasses import dataclass
from datetime import UTC, datetime

from darkfleet.simulate.nmea import (
    PositionReport,
    StaticReport,
    position_payload,
    sentences,
    static_payload,
)

T0 = int(datetime(2026, 1, 10, tzinfo=UTC).timestamp())
SOURCE = "darkfleet-simulated"
ANGARA_MMSI = 273345670  # the listed vessel (IMO 9179842), simulated
DARK_MMSI = 636012345  # goes dark near the DPRK ports
OTHER_MMSI = 351222333  # keeps being heard near it


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the recording, with its message time (seconds after T0)."""

    t_s: int
    text: str


def _position(mmsi: int, t_s: int, lat: float, lon: float, speed: float, course: float
              ) -> list[Line]:
    payload, fill = position_payload(PositionReport(mmsi, lat, lon, speed, course, t_s % 60))
    return [Line(t_s, s) for s in sentences(payload, fill, T0 + t_s, SOURCE, 0)]


def _static(mmsi: int, t_s: int, imo: int, callsign: str, name: str, group: int
            ) -> list[Line]:
    report = StaticReport(mmsi, imo, callsign, name, 70, 6.5, "RAJIN")
    payload, fill = static_payload(report)
    return [Line(t_s, s) for s in sentences(payload, fill, T0 + t_s, SOURCE, group)]


def recording() -> list[Line]:
    """Every line, in time order. ANGARA's first fix inside Rajin is at t=2400 s; the dark
    vessel's last fix is at t=3600 s and the other vessel's fix at t=7200 s opens its gap."""
    lines = _static(ANGARA_MMSI, 0, 9179842, "UBCD7", "ANGARA", 1)
    for step, lon in enumerate((130.50, 130.45, 130.40, 130.35)):
        lines += _position(ANGARA_MMSI, step * 600, 42.243, lon, 10.0, 270.0)
    lines += _position(ANGARA_MMSI, 2400, 42.243, 130.31, 3.0, 270.0)
    for step in range(7):
        lines += _position(DARK_MMSI, step * 600, 41.40, 130.20 + 0.03 * step, 8.0, 90.0)
    for step in range(14):
        lines += _position(OTHER_MMSI, step * 600, 41.45, 130.30 + 0.01 * step, 5.0, 90.0)
    return sorted(lines, key=lambda line: line.t_s)


def split(lines: list[Line], *cuts: int) -> list[list[str]]:
    """The lines in parts: up to and including time cut 1, up to cut 2, ..., the rest."""
    parts: list[list[str]] = []
    start = 0
    for cut in cuts:
        end = max(i for i, line in enumerate(lines) if line.t_s <= cut) + 1
        parts.append([line.text for line in lines[start:end]])
        start = end
    parts.append([line.text for line in lines[start:]])
    return parts


def free_port() -> int:
    """A free port below the ephemeral range, so that no client socket of a test running
    beside this one takes it between this probe and the watcher's bind."""
    while True:
        port = random.randrange(20000, 30000)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port


def position(mmsi: int, t_s: int, lat: float, lon: float, speed: float = 0.5,
             course: float = 90.0) -> list[Line]:
    """The line of one position report at T0 + `t_s`."""
    return _position(mmsi, t_s, lat, lon, speed, course)


def static(mmsi: int, t_s: int, imo: int, callsign: str, name: str, group: int = 1
           ) -> list[Line]:
    """The lines of one static report (type 5) at T0 + `t_s`."""
    return _static(mmsi, t_s, imo, callsign, name, group)
