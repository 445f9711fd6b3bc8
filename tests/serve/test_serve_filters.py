"""Every filter the API lists is honoured, lists page with `limit`/`offset` and say `total`, and
single voyages and events have their own routes. Expected rows are the full lists filtered here
in Python, so a filter the server ignored would answer too many."""

from __future__ import annotations

from urllib.parse import quote

ANGARA = 273990101


def _page(server, path):
    answer = server.get(path)
    assert answer.status == 200, answer.body[:300]
    return answer.json()


def _all(server, table):
    page = _page(server, f"/api/{table}?limit=500")
    assert page["total"] == len(page["items"])
    return page["items"]


def test_q_finds_vessels_by_name_former_name_imo_mmsi_and_callsign(server):
    for q in ("ANGARA", "angar", "АНГАРА", "9179842", str(ANGARA), "sima001"):
        page = _page(server, "/api/vessels?q=" + quote(q))
        assert [v["mmsi"] for v in page["items"]] == [ANGARA] and page["total"] == 1, q
    former = _page(server, "/api/vessels?q=" + quote("SPARTA III"))["items"]
    assert [(v["name"], v["names"]) for v in former] == [
        ("URSA MAJOR", ["SPARTA III", "URSA MAJOR"])]
    assert _page(server, "/api/vessels?q=NO%20SUCH%20SHIP") == {"items": [], "total": 0}
    assert _page(server, "/api/vessels?q=%25")["total"] == 0  # LIKE wildcards are literal


def test_mmsi_and_imo_filter_every_list(server):
    events, voyages = _all(server, "events"), _all(server, "voyages")
    by_imo = _page(server, "/api/events?imo=9179842&limit=500")["items"]
    assert by_imo == [e for e in events if ANGARA in (e["mmsi"], e["other_mmsi"])] != []
    assert _page(server, "/api/voyages?imo=9179842")["items"] == [
        v for v in voyages if v["imo"] == 9179842] != []
    assert _page(server, f"/api/voyages?mmsi={ANGARA}")["items"] == [
        v for v in voyages if v["mmsi"] == ANGARA]
    assert [v["mmsi"] for v in _page(server, "/api/vessels?imo=9179842")["items"]] == [ANGARA]


def test_time_range_keeps_overlapping_rows(server):
    since, until = "2023-08-02T00:00:00Z", "2023-08-02T12:00:00Z"
    voyages = _all(server, "voyages")
    page = _page(server, f"/api/voyages?since={since}&until={until}")
    assert page["items"] == [v for v in voyages if v["arrive"] >= since and v["depart"] <= until]
    assert 0 < page["total"] < len(voyages)


def test_bbox_keeps_events_inside_the_box(server):
    events = _all(server, "events")
    west, south, east, north = 129.0, 41.0, 133.0, 44.0
    inside = [e for e in events if e["lat"] is not None
              and west <= e["lon"] <= east and south <= e["lat"] <= north]
    page = _page(server, f"/api/events?bbox={west},{south},{east},{north}&limit=500")
    assert page["items"] == inside and 0 < page["total"] < len(events)


def test_watched_and_min_risk(server):
    voyages = _all(server, "voyages")
    risky = _page(server, "/api/voyages?min_risk=0.5")["items"]
    assert risky == [v for v in voyages if v["risk"] >= 0.5] != []
    assert len(risky) < len(voyages)
    watched_mmsis = {v["mmsi"] for v in voyages if v["watched"]}
    vessels = _page(server, "/api/vessels?watched=true")["items"]
    assert {v["mmsi"] for v in vessels} == watched_mmsis
    events = _page(server, "/api/events?watched=true&limit=500")["items"]
    assert events == [e for e in _all(server, "events")
                      if e["mmsi"] in watched_mmsis or e["other_mmsi"] in watched_mmsis]


def test_limit_and_offset_page_through_the_same_rows(server):
    events = _all(server, "events")
    assert len(events) > 7
    pages = [_page(server, f"/api/events?limit=3&offset={start}")
             for start in range(0, len(events), 3)]
    assert all(p["total"] == len(events) for p in pages)
    assert [e for p in pages for e in p["items"]] == events
    assert len(_page(server, "/api/events")["items"]) == min(100, len(events))


def test_one_voyage_and_one_event_by_id(server):
    voyage = _page(server, f"/api/voyages?mmsi={ANGARA}")["items"][0]
    detail = _page(server, f"/api/voyages/{voyage['id']}")
    assert detail["voyage"] == voyage
    assert detail["events"] == [
        e for e in _all(server, "events") if ANGARA in (e["mmsi"], e["other_mmsi"])
        and e["end"] >= voyage["depart"] and e["start"] <= voyage["arrive"]]
    assert detail["events_total"] == len(detail["events"]) > 0
    event = detail["events"][0]
    assert _page(server, f"/api/events/{event['id']}") == event


def test_unknown_voyage_and_event_ids_are_404(server):
    for kind in ("voyages", "events"):
        answer = server.get(f"/api/{kind}/0123abcd")
        assert answer.status == 404 and answer.json()["error"] == "NotFoundError"
        assert server.get(f"/api/{kind}/not-an-id").status == 422
