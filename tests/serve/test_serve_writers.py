"""Readers never block writers: `darkfleet detect` succeeds while clients keep 20 requests in
flight, every request is answered, and the app shows what a writer committed."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

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


def test_the_overview_lists_the_latest_alerts(pipeline_config, tmp_path):
    from darkfleet.watch.alert import ALERT_SCHEMA

    shutil.copytree(pipeline_config.workspace, tmp_path / "ws")
    config = pipeline_config.with_workspace(tmp_path / "ws")
    when = [datetime(2023, 8, 2, hour, tzinfo=UTC) for hour in (1, 5)]
    alerts = pa.Table.from_pylist([
        {"id": f"a{i}", "rule": "dark_in_watched_area", "mmsi": 273990101, "imo": 9179842,
         "name": "ANGARA", "ts": ts, "raised_at": ts, "lat": 42.3, "lon": 131.3,
         "port": None, "details": "{}"} for i, ts in enumerate(when)], schema=ALERT_SCHEMA)
    with serving(config) as server:
        assert "No alerts" in server.get("/").body.decode()
        with Workspace.open(config.workspace) as ws:
            ws.replace_table("alerts", alerts, kind="watch")
        html = server.get("/").body.decode()
        page = server.get("/alerts").body.decode()
    assert page.count('<tr data-rule="dark_in_watched_area">') == 2 and "42.300, 131.300" in page
    assert html.count("dark_in_watched_area, <a href=\"/vessels/273990101\">ANGARA</a>") == 2
    assert html.index("2023-08-02T05:00:00Z") < html.index("2023-08-02T01:00:00Z")


def test_an_imagery_detection_without_ais_is_on_the_map_and_the_events_page(pipeline_config,
                                                                               tmp_path):
    shutil.copytree(pipeline_config.workspace, tmp_path / "ws")
    config = pipeline_config.with_workspace(tmp_path / "ws")
    with Workspace.open(config.workspace) as ws:
        events = ws.read("events")
        row = {**events.slice(0, 1).to_pylist()[0], "id": "0d0d0d0d0d0d0d0d", "mmsi": None,
               "type": "dark_port_presence", "lat": 42.25, "lon": 130.31, "details": "{}"}
        ws.replace_table("events", pa.concat_tables(
            [events, pa.Table.from_pylist([row], schema=events.schema)]), kind="detect")
    with serving(config) as server:
        features = server.get("/api/map").json()["features"]
        found = [f for f in features if f["properties"].get("id") == "0d0d0d0d0d0d0d0d"]
        page = server.get("/events?type=dark_port_presence").body.decode()
    assert [f["properties"]["kind"] for f in found] == ["dark_port_presence"]
    assert found[0]["geometry"]["coordinates"] == [130.31, 42.25]
    assert "1 of 1 event" in page and "no AIS match (imagery)" in page


def test_suspected_keeps_the_gaps_detection_did_not_explain(pipeline_config, tmp_path):
    shutil.copytree(pipeline_config.workspace, tmp_path / "ws")
    config = pipeline_config.with_workspace(tmp_path / "ws")
    with Workspace.open(config.workspace) as ws:
        rows = ws.read("events").to_pylist()
        suspected = [r for r in rows if r["type"] == "ais_gap"
                     and json.loads(r["details"]).get("suspected", True)]
        explained = suspected[0]["id"]
        for row in rows:
            if row["id"] == explained:
                row["details"] = '{"suspected": false}'
        ws.replace_table("events", pa.Table.from_pylist(rows, schema=ws.read("events").schema),
                         kind="detect")
    with serving(config) as server:
        page = server.get("/api/events?suspected=true").json()
        html = server.get("/events?suspected=true").body.decode()
    assert page["total"] == len(suspected) - 1 == 4
    assert {e["type"] for e in page["items"]} == {"ais_gap"}
    assert explained not in {e["id"] for e in page["items"]}
    assert "4 of 4 events" in html and 'name="suspected" value="true" checked' in html
