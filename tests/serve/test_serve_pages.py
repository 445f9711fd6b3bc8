"""The analyst's pages over HTTP: what each shows, that every asset is packaged, and the map's
GeoJSON. (The browser tests drive the same pages in Chromium.)"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import quote

ANGARA = 273990101


def _html(server, path):
    answer = server.get(path)
    assert answer.status == 200, (path, answer.body[:300])
    assert answer.content_type == "text/html; charset=utf-8"
    return answer.body.decode("utf-8")


def test_overview_counts_and_ranks_the_watched_voyages(server):
    html = _html(server, "/")
    assert '<b id="count-vessels">8</b> vessels' in html
    assert "<b>9</b> voyages, <b>9</b> watched" in html
    risks = [float(r) for r in re.findall(r'<a href="/voyages/[0-9a-f]+">([0-9.]+)</a>', html)]
    assert len(risks) == 9 and risks == sorted(risks, reverse=True)
    assert html.count('<li>') >= 5 and "All 5 suspected gaps" in html


def test_search_finds_a_listed_vessel_in_any_script_and_links_its_page(server):
    for q in ("ANGARA", "АНГАРА", "9179842", "SIMA001"):
        html = _html(server, "/search?q=" + quote(q))
        assert "1 vessel match" in html, q
        assert f'<a href="/vessels/{ANGARA}">ANGARA</a> <span class="sim">SIMULATED</span>' in html
    assert "0 vessels match" in _html(server, "/search?q=ZZZZZZ")


def test_pages_mark_simulated_vessels_only(server, tmp_path):
    overview = _html(server, "/")
    marked = re.findall(r'<a href="/vessels/(\d+)">[^<]*</a> <span class="sim">SIMULATED</span>',
                        overview)
    assert marked and set(marked) <= {str(m) for m in range(273990101, 273991003)}
    assert "SIMULATED: this vessel's positions come from the scenario simulator" in _html(
        server, f"/vessels/{ANGARA}")


def test_vessel_page_shows_identity_screening_voyages_and_events(server):
    html = _html(server, f"/vessels/{ANGARA}")
    assert f'<dd id="vessel-mmsi">{ANGARA}</dd>' in html
    assert "<td>OFAC SDN</td>" in html and "exact IMO" in html
    assert "<td>ANGARA</td><td>9179842</td><td>SIMA001</td>" in html  # identity history
    assert f'data-mmsi="{ANGARA}"' in html and 'data-type="ais_gap"' in html


def test_events_page_filters_by_type_and_time(server):
    html = _html(server, "/events?type=ais_gap")
    assert Counter(re.findall(r'data-type="(\w+)"', html)) == {"ais_gap": 7}
    assert "7 of 7 events" in html and 'value="ais_gap" checked' in html
    window = _html(server, "/events?since=2023-08-02T00:00:00Z&until=2023-08-02T12:00:00Z")
    total = server.get("/api/events?since=2023-08-02T00:00:00Z&until=2023-08-02T12:00:00Z"
                       ).json()["total"]
    assert f"of {total} event" in window
    paged = _html(server, "/events?limit=5")
    assert "5 of 40 events" in paged and 'href="/events?limit=5&amp;offset=5"' in paged


def test_voyage_page_lists_the_events_during_it(server):
    voyage = server.get(f"/api/voyages?mmsi={ANGARA}").json()["items"][0]
    html = _html(server, f"/voyages/{voyage['id']}")
    detail = server.get(f"/api/voyages/{voyage['id']}").json()
    assert f"{len(detail['events'])} of {detail['events_total']} event" in html
    assert f'data-since="{voyage["depart"]}"' in html


def test_claims_and_estimate_pages(server):
    claims = _html(server, "/claims")
    assert claims.count('<td class="verdict">') == 28 and "needs-assumptions" in claims
    estimate = _html(server, "/estimate?containers=100&munition=152mm-he-complete")
    assert "How many rounds of 152mm-he-complete could 100 20ft containers carry?" in estimate
    assert '<b id="binding">mass</b>' in estimate
    assert "Give a number of containers" in _html(server, "/estimate")
    assert server.get("/estimate?containers=1&munition=nope").status == 400


def test_every_asset_a_page_uses_is_packaged_and_nothing_comes_from_elsewhere(server):
    pages = ["/", "/map", f"/vessels/{ANGARA}", "/events", "/claims", "/estimate",
             "/search?q=A"]
    for page in pages:
        html = _html(server, page)
        assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
        assert assets, page
        for asset in assets:
            assert server.get(asset).status == 200, asset
        assert not re.search(r'<(?:script|link|img)[^>]+(?:src|href)="(?:https?:)?//', html)
    license = server.get("/static/vendor/leaflet-1.9.4/LICENSE").body.decode()
    assert license.startswith("BSD 2-Clause License")
    assert server.get("/static/../pyproject.toml").status == 404
    assert server.get("/static/%2e%2e/%2e%2e/pyproject.toml").status == 404


def test_map_features_cover_land_ports_tracks_gaps_and_events(server):
    features = server.get("/api/map").json()["features"]
    kinds = Counter(f["properties"]["kind"] for f in features)
    assert kinds["land"] > 0 and kinds["port"] > 0 and kinds["track"] > 0
    assert kinds["gap"] == 5 and kinds["port_call"] > 0  # the gaps of watched voyages' vessels
    every = server.get("/api/map?all=true").json()["features"]
    assert Counter(f["properties"]["kind"] for f in every)["gap"] == 7
    gap = next(f for f in features if f["properties"]["kind"] == "gap")
    assert gap["geometry"]["type"] == "LineString" and len(gap["geometry"]["coordinates"]) == 2
    one = server.get(f"/api/map?mmsi={ANGARA}").json()["features"]
    assert {f["properties"]["mmsi"] for f in one if "mmsi" in f["properties"]} == {ANGARA}
    late = server.get("/api/map?since=2023-08-03T00:00:00Z").json()["features"]
    assert all(f["properties"]["last_ts"] >= "2023-08-03" for f in late
               if f["properties"]["kind"] == "track")


def test_only_positions_from_a_simulated_source_mark_a_vessel(tmp_path):
    import pyarrow as pa

    from darkfleet.config import Config
    from darkfleet.serve.store import WorkspaceStore
    from darkfleet.store import Workspace

    ts = pa.array([1_690_848_000_000_000] * 3, pa.timestamp("us", tz="UTC"))
    positions = pa.table({"mmsi": [1, 2, 2], "ts": ts,
                          "source": ["darkfleet-simulated", "dma", None]})
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        ws.replace_table("positions", positions, kind="ingest")
    with WorkspaceStore(Config().with_workspace(tmp_path / "ws")).open() as reader:
        assert reader.simulated() == frozenset({1})
