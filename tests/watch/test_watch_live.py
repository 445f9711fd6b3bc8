"""Acceptance: `darkfleet watch --listen tcp://...` as a real process, fed over a real socket.

A listed vessel (ANGARA, IMO 9179842, on the bundled OFAC and UK lists) enters Rajin and another
vessel goes dark near the DPRK ports: both alerts arrive within 5 s of their triggering message.
The watcher is then killed (SIGKILL) and restarted: what was committed is all there, the rest of
the feed is stored, and neither alert is raised again.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from watch_helpers import ANGARA_MMSI, DARK_MMSI, free_port, recording, split

from darkfleet.cli import cli
from darkfleet.store import Workspace

ENTRY, DARK = "listed-vessel-in-watched-port", "dark-near-watched-port"


class Watch:
    """A `darkfleet watch` process and the alerts it prints, with when they arrived."""

    def __init__(self, workspace: Path, port: int, alerts_file: Path) -> None:
        command = [sys.executable, "-m", "darkfleet", "watch", "-w", str(workspace),
                   "--listen", f"tcp://127.0.0.1:{port}", "--alerts", str(alerts_file)]
        self.proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.alerts: list[tuple[float, dict[str, Any]]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.sock = _connect(port)

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.alerts.append((time.monotonic(), json.loads(line)))

    def send(self, lines: list[str]) -> float:
        self.sock.sendall(("\r\n".join(lines) + "\r\n").encode())
        return time.monotonic()

    def wait_for(self, rule: str, timeout_s: float = 20.0) -> tuple[float, dict[str, Any]]:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            found = [a for a in self.alerts if a[1]["rule"] == rule]
            if found:
                return found[0]
            time.sleep(0.02)
        raise AssertionError(f"no {rule} alert; stderr: {self.stop()[1]}")

    def stop(self, signum: int = signal.SIGTERM) -> tuple[int, str]:
        self.sock.close()
        self.proc.send_signal(signum)
        _, stderr = self.proc.communicate(timeout=30)
        self._reader.join(5)
        return self.proc.returncode, stderr


def _connect(port: int) -> socket.socket:
    deadline = time.monotonic() + 60
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=5)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _stored(workspace: Path) -> tuple[list[tuple[int, str]], int, list[str]]:
    with Workspace.open(workspace) as ws:
        positions = ws.query("SELECT mmsi, strftime(ts, '%H:%M') AS t FROM {positions} "
                             "ORDER BY mmsi, ts").to_pylist()
        statics = ws.query("SELECT count(*) AS n FROM {static_reports}").to_pylist()[0]["n"]
        alerts = ws.query("SELECT id FROM {alerts} ORDER BY id").column("id").to_pylist()
    return [(p["mmsi"], p["t"]) for p in positions], statics, alerts


def test_alerts_within_seconds_and_a_restart_loses_nothing_and_repeats_nothing(
        workspace: Path, tmp_path: Path) -> None:
    alerts_file = tmp_path / "alerts.jsonl"
    before_entry, before_dark, rest = split(recording(), 2400, 7200)
    port = free_port()
    watch = Watch(workspace, port, alerts_file)
    sent = watch.send(before_entry)
    arrived, entry = watch.wait_for(ENTRY)
    assert arrived - sent < 5.0, f"entry alert after {arrived - sent:.1f} s"
    assert (entry["mmsi"], entry["imo"], entry["name"], entry["port"], entry["ts"]) == (
        ANGARA_MMSI, 9179842, "ANGARA", "KPNJN", "2026-01-10T00:40:00Z")
    assert {m["list"] for m in entry["details"]["listed"]} == {"OFAC SDN", "UK"}
    sent = watch.send(before_dark)
    arrived, dark = watch.wait_for(DARK)
    assert arrived - sent < 5.0, f"dark alert after {arrived - sent:.1f} s"
    assert (dark["mmsi"], dark["ts"], dark["port"], dark["lat"], dark["lon"]) == (
        DARK_MMSI, "2026-01-10T01:00:00Z", "KPCHO", 41.4, 130.38)
    assert dark["details"]["fixes_before"] == 7
    code, _ = watch.stop(signal.SIGKILL)
    assert code == -signal.SIGKILL
    committed, statics, kept = _stored(workspace)
    # every message up to the dark trigger (committed with the alert)
    assert (len(committed), statics) == (25, 1)
    assert kept == sorted([entry["id"], dark["id"]])

    again = Watch(workspace, port, alerts_file)
    again.send(rest)
    time.sleep(1.5)
    code, stderr = again.stop()
    assert code == 0, stderr
    assert "1 lines, 1 messages, 1 positions" in stderr, stderr
    assert again.alerts == [], stderr
    positions, statics, kept_after = _stored(workspace)
    assert set(committed) < set(positions)
    assert (len(positions), statics) == (26, 1)
    assert kept_after == kept
    lines = alerts_file.read_text().splitlines()
    assert [json.loads(x)["id"] for x in lines] == [entry["id"], dark["id"]]
    listed = CliRunner().invoke(cli, ["alerts", "-w", str(workspace)])
    assert listed.exit_code == 0
    assert [json.loads(x)["rule"] for x in listed.output.splitlines()] == [ENTRY, DARK]
