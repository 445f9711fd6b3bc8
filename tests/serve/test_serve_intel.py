"""The other stages in the web app: a vessel's screening basis, hull history, ownership network
and imagery detections; detections on the map; the trade ledger; alerts paged and streamed.

Fixture policy: the session's pipeline workspace (see conftest) for what it holds, and one copy
of it per module enriched with what the pipeline does not produce (a second MMSI and flag for
ANGARA's hull, the simulated imagery loaded through `darkfleet detections load`, three alerts),
served by its own real server on 127.0.0.1.
"""

from __future__ import annotations

import http.client
import json
import shutil
import urllib.parse
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pytest
from click.testing import CliRunner
from serve_helpers import Server, serving

from darkfleet.cli import cli
from darkfleet.config import Config
from darkfleet.simulate import Size, generate
from darkfleet.simulate.imagery import write_imagery
from darkfleet.store import Workspace
from darkfleet.watch.alert import Alert, alerts_table

ANGARA = 273990101
#: A Panamanian MMSI that reports ANGARA's IMO after it (a reflagging).
REFLAGGED = 352001234


def alert(number: int, hour: int, rule: str = "dark_in_watched_area",
          mmsi: int = ANGARA) -> Alert:
    ts = datetime(2023, 8, 2, hour, tzinfo=UTC)
    return Alert(id=f"alert{number:02d}", rule=rule, mmsi=mmsi, imo=None, name=None, ts=ts,
                 raised_at=ts, lat=42.3, lon=131.3, port=None, details={"n": number})


def write_alerts(workspace: Path, alerts: list[Alert], key: str) -> None:
    with Workspace.open(workspace) as ws, ws.batch("watch", key) as batch:
        batch.add("alerts", alerts_table(alerts), day_column="raised_at")


def _reflag(ws: Workspace) -> None:
    statics = ws.read("static_reports")
    row = [r for r in statics.to_pylist() if r["mmsi"] == ANGARA][-1]
    moved = {**row, "mmsi": REFLAGGED, "shipname": "ANGARA 2", "callsign": "HP1234",
             "ts": datetime(2023, 8, 10, 6, tzinfo=UTC)}
    with ws.batch("ingest", "reflagged") as batch:
        batch.add("static_reports", pa.Table.from_pylist([moved], schema=statics.schema))


@pytest.fixture(scope="module")
def enriched(pipeline_config: Config, tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("intel")
    shutil.copytree(pipeline_config.workspace, root / "ws")
    config = pipeline_config.with_workspace(root / "ws")
    with Workspace.open(config.workspace) as ws:
        _reflag(ws)
    write_imagery(generate("dprk-russia-2023", 1, Size(days=3, background=2)), root / "sim")
    result = CliRunner().invoke(cli, ["detections", "load", str(root / "sim/detections.csv"),
                                      "-w", str(config.workspace)])
    assert result.exit_code == 0, result.output
    write_alerts(config.workspace, [alert(1, 1), alert(2, 3, "encounter_listed"),
                                    alert(3, 5, mmsi=273990102)], "w1")
    with serving(config) as served:
        yield served


def test_a_vessel_shows_its_match_basis_and_its_links_apart(server: Server) -> None:
    detail = server.get(f"/api/vessels/{ANGARA}").json()
    assert [(m["entry"]["list"], m["entry"]["id"], m["basis"]) for m in detail["matches"]] == [
        ("OFAC SDN", "37059", "identifier"), ("UK", "RUS2183", "identifier"),
        ("OFAC SDN", "37065", "link")]
    page = server.get(f"/vessels/{ANGARA}").body.decode()
    links = page[page.index('<ul class="links">'):page.index("<h2>Hull history")]
    assert links.count('<li data-basis="link">') == 1
    assert "linked to listed M LEASING LLC (OFAC SDN 37065) via OFAC Linked To" in links
    assert page.count('<td class="basis">identifier</td>') == 2


def test_a_vessel_shows_its_ownership_network(server: Server) -> None:
    network = server.get(f"/api/vessels/{ANGARA}").json()["network"]
    assert [(r["kind"], r.get("id") or r.get("to") or r.get("party")) for r in network] == [
        ("vessel", "37059"), ("relation", "M LEASING LLC"), ("link", "M LEASING LLC"),
        ("vessel", "RUS2183")]
    page = server.get(f"/vessels/{ANGARA}").body.decode()
    assert "OFAC Linked To: M LEASING LLC [OFAC SDN:37065]" in page
    assert "listed on UK RUS2183 as ANGARA (list of 2025-08-11)" in page


def test_the_hull_history_follows_the_imo_across_mmsis_and_flags(enriched: Server) -> None:
    (history,) = enriched.get(f"/api/vessels/{ANGARA}").json()["history"]
    assert (history["imo"], history["mmsis"], history["names"], history["callsigns"],
            history["flags"]) == (9179842, [ANGARA, REFLAGGED], ["ANGARA", "ANGARA 2"],
                                  ["SIMA001", "HP1234"], ["RU", "PA"])
    assert history["flag_changes"] == [{"from": "RU", "to": "PA", "on": "2023-08-10T06:00:00Z",
                                        "mmsi": REFLAGGED}]
    page = enriched.get(f"/vessels/{ANGARA}").body.decode()
    assert "flag RU to PA on 2023-08-10T06:00:00Z (MMSI 352001234)" in page


def test_a_vessel_lists_the_detections_that_name_it(enriched: Server) -> None:
    everything = enriched.get("/api/map?all=true").json()["features"]
    detections = [f["properties"] for f in everything
                  if f["properties"]["kind"].startswith("detection_")]
    naming = [d for d in detections if d["matched_mmsi"] == ANGARA
              or any(c["mmsi"] == ANGARA for c in d["candidates"])]
    listed = enriched.get(f"/api/vessels/{ANGARA}").json()["detections"]
    assert [d["detection_id"] for d in listed] == [d["detection_id"] for d in naming]
    assert listed and all(d["matched_mmsi"] == ANGARA or d["matched_mmsi"] is None
                          for d in listed)
    page = enriched.get(f"/vessels/{ANGARA}").body.decode()
    assert f"Imagery detections ({len(listed)})" in page


def test_a_voyage_lists_the_detections_during_it(enriched: Server) -> None:
    listed = enriched.get(f"/api/vessels/{ANGARA}").json()["detections"]
    voyages = enriched.get(f"/api/voyages?mmsi={ANGARA}").json()["items"]
    checked = 0
    for voyage in voyages:
        during = [d["detection_id"] for d in listed
                  if voyage["depart"] <= d["ts"] <= voyage["arrive"]]
        detail = enriched.get(f"/api/voyages/{voyage['id']}").json()
        assert [d["detection_id"] for d in detail["detections"]] == during
        checked += len(during)
        page = enriched.get(f"/voyages/{voyage['id']}").body.decode()
        assert f"Imagery detections during the voyage ({len(during)})" in page
    assert checked > 0


def test_the_map_tells_matched_and_dark_detections_apart(enriched: Server,
                                                          server: Server) -> None:
    features = enriched.get("/api/map?all=true").json()["features"]
    kinds: dict[str, int] = {}
    for feature in features:
        kinds[feature["properties"]["kind"]] = kinds.get(feature["properties"]["kind"], 0) + 1
    assert kinds["detection_matched"] > 0 and kinds["detection_dark"] > 0
    dark = [f for f in features if f["properties"]["kind"] == "detection_dark"]
    assert all(f["properties"]["matched_mmsi"] is None and f["properties"]["dark"]
               for f in dark)
    assert not [f for f in server.get("/api/map?all=true").json()["features"]
                if f["properties"]["kind"].startswith("detection_")]


def test_dark_port_presence_events_are_listed_without_a_vessel(enriched: Server) -> None:
    found = enriched.get("/api/events?type=dark_port_presence").json()
    assert found["total"] > 0 and {e["mmsi"] for e in found["items"]} == {None}
    page = enriched.get("/events?type=dark_port_presence").body.decode()
    assert page.count('<tr data-type="dark_port_presence">') == found["total"]
    assert "no AIS match (imagery)" in page


def test_alerts_page_and_filter(enriched: Server) -> None:
    every = enriched.get("/api/alerts").json()
    assert every["total"] == 3
    assert [a["id"] for a in every["items"]] == ["alert01", "alert02", "alert03"]
    assert every["items"][0] == {
        "id": "alert01", "rule": "dark_in_watched_area", "mmsi": ANGARA, "imo": None,
        "name": None, "ts": "2023-08-02T01:00:00Z", "raised_at": "2023-08-02T01:00:00Z",
        "lat": 42.3, "lon": 131.3, "port": None, "details": {"n": 1}}
    page = enriched.get("/api/alerts?limit=1&offset=1").json()
    assert (page["total"], [a["id"] for a in page["items"]]) == (3, ["alert02"])
    for query, ids in (("since=2023-08-02T03:00:00Z", ["alert02", "alert03"]),
                       (f"mmsi={ANGARA}", ["alert01", "alert02"]),
                       ("rule=encounter_listed", ["alert02"]),
                       ("rule=dark_in_watched_area&mmsi=273990102", ["alert03"]),
                       ("rule=encounter_listed&mmsi=273990102", [])):
        found = enriched.get(f"/api/alerts?{query}").json()
        assert [a["id"] for a in found["items"]] == ids, query
        assert found["total"] == len(ids)
    assert enriched.get("/api/alerts?since=yesterday").status == 400


def test_trade_sums_both_directions_with_the_caps_and_bans(server: Server) -> None:
    ledger = server.get("/api/trade?by=month").json()
    assert (ledger["case"], ledger["by"], ledger["estimates"]) == ("dprk-russia-2023", "month", 9)
    assert [(r["period"], r["direction"], r["voyages"]) for r in ledger["sums"]] == [
        ("2023-08", "DPRK -> Russian Far East", 6), ("2023-08", "Russian Far East -> DPRK", 3)]
    refined = ledger["caps"][0]
    assert (refined["limit_id"], refined["cap"], refined["unit"], refined["p_exceeded"]) == (
        "unscr-2397-op5-refined", 500000.0, "barrels", 0.0)
    assert [r["period"] for r in server.get("/api/trade").json()["sums"]] == ["2023", "2023"]
    page = server.get("/trade").body.decode()
    ban = ledger["bans"][0]
    assert page.count('class="ban-voyage"') == sum(len(b["voyage_ids"]) for b in ledger["bans"])
    assert f'<a class="ban-voyage" href="/voyages/{ban["voyage_ids"][0]}">' in page
    assert server.get(f"/voyages/{ban['voyage_ids'][0]}").status == 200
    assert "500,000 barrels" in page and "DPRK -&gt; Russian Far East" in page
    assert server.get("/api/trade?by=week").status == 422
    assert sorted(v["voyage_id"] for v in ledger["voyages"]) == sorted(
        i for r in ledger["sums"] for i in r["voyage_ids"])
    assert page.count('<line class="cap"') == len(ledger["caps"])
    first = ledger["voyages"][0]
    assert first["assumptions"] and f'<a href="{first["assumptions"][0]["source"]["url"]}">' \
        in page


def test_trade_says_when_there_are_no_cargo_estimates(empty_server: Server) -> None:
    ledger = empty_server.get("/api/trade").json()
    assert ledger == {"case": "dprk-russia-2023", "by": "year", "estimates": 0, "voyages": [],
                      "sums": [], "caps": [], "bans": []}
    assert 'id="trade-empty"' in empty_server.get("/trade").body.decode()


def read_events(response: http.client.HTTPResponse, count: int | None = None
                ) -> list[dict[str, str]]:
    """Server-sent events with data, read line by line until `count` of them (None: until the
    server closes the stream)."""
    events: list[dict[str, str]] = []
    current: dict[str, str] = {}
    while count is None or len(events) < count:
        raw = response.readline()
        if not raw:
            break
        line = raw.decode("utf-8").rstrip("\n")
        if not line:
            if "data" in current:
                events.append(current)
            current = {}
        elif not line.startswith(":"):
            key, _, value = line.partition(": ")
            current[key] = value
    return events


def stream(served: Server, query: str, headers: dict[str, str] | None = None
           ) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
    address = urllib.parse.urlsplit(served.base)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=30)
    connection.request("GET", f"/api/alerts/stream?{query}", headers=headers or {})
    return connection, connection.getresponse()


def test_the_alert_stream_sends_a_watch_batch_and_resumes_after_the_last_id(
        pipeline_config: Config, tmp_path: Path) -> None:
    shutil.copytree(pipeline_config.workspace, tmp_path / "ws")
    config = pipeline_config.with_workspace(tmp_path / "ws")
    write_alerts(config.workspace, [alert(1, 1)], "before")
    with serving(config) as served:
        connection, response = stream(served, "lifetime_s=20")
        assert (response.status, response.headers["content-type"]) == (
            200, "text/event-stream; charset=utf-8")
        write_alerts(config.workspace, [alert(2, 3), alert(3, 5)], "batch")
        first = read_events(response, 2)
        connection.close()
        connection, response = stream(served, "lifetime_s=1", {"Last-Event-ID": "alert02"})
        resumed = read_events(response)
        connection.close()
    assert [(e["event"], e["id"]) for e in first] == [("alert", "alert02"), ("alert", "alert03")]
    assert json.loads(first[1]["data"]) == alert(3, 5).to_record()
    assert [e["id"] for e in resumed] == ["alert03"]


def test_the_alert_stream_closes_after_its_lifetime(server: Server) -> None:
    connection, response = stream(server, "lifetime_s=0.5")
    assert read_events(response) == []
    connection.close()
    assert server.get("/api/alerts/stream?lifetime_s=0").status == 422
    assert server.get("/api/alerts/stream?after_id=a%20b").status == 422
