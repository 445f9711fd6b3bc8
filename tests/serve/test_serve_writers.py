"""Readers never block writers: `darkfleet detect` succeeds while clients keep 20 requests in
flight, every request is answered, and the app shows what a writer committed."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pyarrow as pa
from serve_helpers import serving

from darkfleet.store import Workspace

PATHS = ["/api/vessels", "/api/events?limit=500", "/api/voyages?watched=true",
         "/api/matches", "/api/vessels/273990101", "/health"]
CLIENTS = 20
DETECT_RUNS = 1  # the benchmark runs 10
PAUSE_S = 0.2  # between one client's requests, so that 2 cores can also run detect


def test_detect_succeeds_while_20_requests_are_in_flight(pipeline_config, tmp_path):
    shutil.copytree(pipeline_config.workspace, tmp_path / "ws")
    config = pipeline_config.with_workspace(tmp_path / "ws")
    with serving(config) as server:
        expected = {path: server.get(path).body for path in PATHS}
        stop = threading.Event()
        answers: list[tuple[str, int, bytes]] = []

        def client(index: int) -> None:
            while not stop.is_set():
                path = PATHS[index % len(PATHS)]
                answer = server.get(path)
                answers.append((path, answer.status, answer.body))
                index += 1
                stop.wait(PAUSE_S)

        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            for index in range(CLIENTS):
                pool.submit(client, index)
            runs = [subprocess.run([sys.executable, "-m", "darkfleet", "detect", "-w",
                                    str(config.workspace)], capture_output=True, text=True,
                                   timeout=120) for _ in range(DETECT_RUNS)]
            stop.set()
    assert [(r.returncode, r.stderr[-300:]) for r in runs if r.returncode] == []
    assert len(answers) > CLIENTS
    assert [(p, s, b[:200]) for p, s, b in answers if s != 200] == []
    # detect is deterministic: the same answers before, during and after
    assert {p for p, _, b in answers if b != expected[p] and p != "/health"} == set()


def test_the_app_shows_a_commit_at_once(pipeline_config, tmp_path):
    shutil.copytree(pipeline_config.workspace, tmp_path / "ws")
    config = pipeline_config.with_workspace(tmp_path / "ws")
    with serving(config) as server:
        assert server.get("/api/vessels").json()["total"] == 8
        with Workspace.open(config.workspace) as ws:
            vessels = ws.read("vessels")
            ws.replace_table("vessels", vessels.slice(0, 3).combine_chunks(), kind="detect")
            assert server.get("/api/vessels").json()["total"] == 3  # the server did not block
            ws.replace_table("vessels", pa.concat_tables([vessels]), kind="detect")
        assert server.get("/api/vessels").json()["total"] == 8
