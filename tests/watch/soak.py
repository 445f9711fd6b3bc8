"""A soak driver for `darkfleet watch --listen tcp://...` (shared by the soak test and
benchmarks/bench_watch.py): a bounded-rate stream of raw receiver lines (no tag blocks, so the
watch dates them on arrival), mostly background traffic far from the watched ports, plus listed
vessels that enter watched ports on a schedule; it measures when each entry alert arrives, the
lag the watch reports, and the watch process's memory. All of it is simulated."""

from __future__ import annotations

import itertools
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from darkfleet.simulate.nmea import (
    PositionReport,
    StaticReport,
    checksum,
    position_payload,
    static_payload,
)

PORTS = [("KPNJN", 42.243, 130.303), ("KPCHO", 41.757, 129.823), ("RUVYP", 42.740, 133.060),
         ("RUNJK", 42.810, 132.890), ("RUZAR", 42.640, 131.080)]
_LAG = re.compile(r"lag ([0-9.]+) s")
_SETTINGS = "[watch]\nstatus_interval_s = 1.0\ncommit_interval_s = 2.0\n"


def bare(payload: str, fill: int) -> list[str]:
    """The `!AIVDM` sentences of one payload, as a receiver sends them (no tag block)."""
    parts = [payload[i:i + 60] for i in range(0, len(payload), 60)]
    lines = []
    for number, part in enumerate(parts, start=1):
        body = (f"AIVDM,{len(parts)},{number},{'3' if len(parts) > 1 else ''},A,{part},"
                f"{fill if number == len(parts) else 0}")
        lines.append(f"!{body}*{checksum(body)}")
    return lines


def background(vessels: int, fixes: int) -> list[str]:
    """`fixes` position lines of each of `vessels` ships south of Japan (far from any watched
    port), interleaved."""
    pool = []
    for fix, vessel in itertools.product(range(fixes), range(vessels)):
        report = PositionReport(412_000_000 + vessel, 30.0 + (vessel % 50) * 0.05,
                                135.0 + (vessel // 50) * 0.05 + fix * 0.0005, 10.0, 90.0, 0)
        pool += bare(*position_payload(report))
    return pool


@dataclass(frozen=True, slots=True)
class Entry:
    """A listed vessel's visit: its lines before the entry, and the entry fix."""

    mmsi: int
    approach: list[list[str]]  # one group of lines every 10 s
    entry: list[str]


def entries(listed: list[tuple[int, str]]) -> list[Entry]:
    """Each listed (IMO, name) on a new MMSI approaching one of `PORTS` from 5 km north."""
    visits = []
    for number, (imo, name) in enumerate(listed):
        mmsi, (_, lat, lon) = 273_100_000 + number, PORTS[number % len(PORTS)]
        static = bare(*static_payload(StaticReport(mmsi, imo, "UB" + str(number), name, 70,
                                                   6.0, "PORT")))
        approach = [static + bare(*position_payload(
            PositionReport(mmsi, lat + 0.05 - 0.003 * k, lon, 1.0, 180.0, 0))) for k in range(3)]
        entry = bare(*position_payload(PositionReport(mmsi, lat + 0.01, lon, 1.0, 180.0, 0)))
        visits.append(Entry(mmsi, approach, entry))
    return visits


@dataclass
class SoakResult:
    """What a soak measured."""

    sent: int = 0
    seconds: float = 0.0
    latencies_s: list[float] = field(default_factory=list)
    lags_s: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    alerts: list[dict[str, object]] = field(default_factory=list)
    stderr: str = ""
    returncode: int = 0


def run_soak(workspace: Path, rate: int, seconds: float, visits: list[Entry],
             pool: list[str], port: int, approach_s: float = 10.0) -> SoakResult:
    """Stream `rate` lines/s of `pool` for `seconds` to a watch started on `workspace`, then
    SIGTERM it. The visits' approach fixes come `approach_s` apart (at least the window's
    `window_min_step_s`); their entries are spread evenly after the first approach."""
    settings = workspace.parent / "soak-settings.toml"
    settings.write_text(_SETTINGS + f"window_min_step_s = {min(approach_s, 10.0)}\n")
    command = [sys.executable, "-m", "darkfleet", "--config", str(settings), "watch",
               "-w", str(workspace), "--listen", f"tcp://127.0.0.1:{port}"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    result, arrived = SoakResult(), {}
    readers = [threading.Thread(target=_read_alerts, args=(proc, arrived, result), daemon=True),
               threading.Thread(target=_read_status, args=(proc, result), daemon=True),
               threading.Thread(target=_sample_rss, args=(proc, result), daemon=True)]
    for reader in readers:
        reader.start()
    sock = _connect(port)
    sent_at = _stream(sock, rate, seconds, _schedule(visits, seconds, approach_s), pool, result)
    time.sleep(2.0)
    sock.close()
    proc.send_signal(signal.SIGTERM)
    proc.wait(60)
    for reader in readers:
        reader.join(5)
    result.returncode = proc.returncode
    result.latencies_s = sorted(arrived[m] - t for m, t in sent_at.items() if m in arrived)
    return result


_Planned = tuple[float, list[str], int | None]


def _schedule(visits: list[Entry], seconds: float, approach_s: float) -> list[_Planned]:
    """(time, lines, mmsi of an entry or None) in time order."""
    first = 3 * approach_s + 1
    every = (seconds - first) / (len(visits) + 1)
    planned: list[_Planned] = []
    for number, visit in enumerate(visits):
        at = first + every * number
        planned += [(at - approach_s * (3 - k), lines, None)
                    for k, lines in enumerate(visit.approach)]
        planned.append((at, visit.entry, visit.mmsi))
    return sorted(planned, key=lambda item: item[0])


def _stream(sock: socket.socket, rate: int, seconds: float, schedule: list[_Planned],
            pool: list[str], result: SoakResult) -> dict[int, float]:
    tick_s, cycle = 0.01, itertools.cycle(pool)
    per_tick = max(1, round(rate * tick_s))
    sent_at: dict[int, float] = {}
    start = time.monotonic()
    for step in itertools.count():
        due = start + step * tick_s
        if due - start >= seconds:
            break
        time.sleep(max(0.0, due - time.monotonic()))
        lines = [next(cycle) for _ in range(per_tick)]
        while schedule and schedule[0][0] <= step * tick_s:
            _, extra, mmsi = schedule.pop(0)
            lines += extra
            if mmsi is not None:
                sent_at[mmsi] = -1.0
        sock.sendall(("\n".join(lines) + "\n").encode())
        now = time.monotonic()
        for mmsi, when in list(sent_at.items()):
            if when < 0:
                sent_at[mmsi] = now
        result.sent += len(lines)
    result.seconds = time.monotonic() - start
    return sent_at


def _read_alerts(proc: subprocess.Popen[str], arrived: dict[int, float],
                 result: SoakResult) -> None:
    assert proc.stdout is not None
    for line in proc.stdout:
        alert = json.loads(line)
        result.alerts.append(alert)
        arrived.setdefault(int(alert["mmsi"]), time.monotonic())


def _read_status(proc: subprocess.Popen[str], result: SoakResult) -> None:
    assert proc.stderr is not None
    for line in proc.stderr:
        result.stderr += line
        found = _LAG.search(line)
        if found:
            result.lags_s.append(float(found.group(1)))


def _sample_rss(proc: subprocess.Popen[str], result: SoakResult) -> None:
    status = Path(f"/proc/{proc.pid}/status")
    while proc.poll() is None:
        try:
            text = status.read_text()
        except OSError:
            return
        found = re.search(r"VmRSS:\s+(\d+) kB", text)
        if found:
            result.rss_mb.append(int(found.group(1)) / 1024)
        time.sleep(1.0)


def _connect(port: int) -> socket.socket:
    deadline = time.monotonic() + 60
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=5)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
