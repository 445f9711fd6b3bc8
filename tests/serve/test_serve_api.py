"""The web app over a real uvicorn server on loopback, against a workspace the real pipeline
built (3 SIMULATED days of the flagship scenario, bundled lists, screening, detection)."""

from __future__ import annotations

import json
from urllib.parse import quote

from darkfleet.events.definitions import event_definitions
from darkfleet.events.query import Filters, read_table
from darkfleet.store import Workspace
from darkfleet.timefmt import iso_utc

ANGARA = 273990101
SIM_MMSIS = [273990101, 273990102, 273990103, 273990104, 273990105, 273990106, 273991001,
             273991002]


def _library(config, table, filters=None):
    """The same rows through the library, times formatted as the API formats them."""
    with Workspace.open(config.workspace) as ws:
        rows = read_table(ws, table, filters or Filters())
    return [{k: iso_utc(v) if hasattr(v, "tzinfo") else v for k, v in r.items()} for r in rows]


def test_health_lists_the_workspace_tables(server):
    answer = server.get("/health")
    assert answer.status == 200 and answer.content_type == "application/json"
    body = answer.json()
    assert body["status"] == "ok" and body["workspace"] == server.config.workspace.name
    assert body["tables"] == ["events", "list_entries", "list_versions", "matches", "positions",
                              "screening_reasons", "static_reports", "track_points", "vessels",
                              "voyages"]


def test_vessels_are_the_workspace_vessels(server):
    page = server.get("/api/vessels").json()
    vessels = page["items"]
    assert page["total"] == 8
    assert [v["mmsi"] for v in vessels] == SIM_MMSIS
    assert vessels[0] == {
        "mmsi": ANGARA, "imo": 9179842, "name": "ANGARA", "callsign": "SIMA001",
        "ship_type": 70, "flag": "RU", "names": ["ANGARA"], "first_ts": "2023-08-01T00:02:20Z",
        "last_ts": "2023-08-03T23:49:40Z", "positions": 233}
    assert vessels[5]["names"] == ["SPARTA III", "URSA MAJOR"]
    assert vessels == _library(server.config, "vessels")


def test_vessel_detail_has_matches_voyages_and_events(server):
    detail = server.get(f"/api/vessels/{ANGARA}").json()
    assert detail["vessel"]["name"] == "ANGARA"
    assert [(m["entry"]["list"], m["score"]) for m in detail["matches"]] == [
        ("OFAC SDN", 1.0), ("UK", 1.0), ("OFAC SDN", 0.6)]
    assert detail["voyages"] == _library(server.config, "voyages", Filters(mmsi=ANGARA))
    assert detail["events"] == _library(server.config, "events", Filters(mmsi=ANGARA))
    assert {v["mmsi"] for v in detail["voyages"]} == {ANGARA} and detail["events"]


def test_unknown_vessel_is_404_with_an_error_body(server):
    answer = server.get("/api/vessels/123456789")
    assert answer.status == 404 and answer.content_type == "application/json"
    assert answer.json() == {"error": "NotFoundError", "status": 404, "field": None,
                             "path": None,
                             "message": "no vessel with MMSI 123456789 in the workspace"}


def _items(server, path):
    return server.get(path).json()["items"]


def test_events_filter_by_type_vessel_and_time(server):
    everything = _items(server, "/api/events?limit=500")
    assert everything == _library(server.config, "events")
    gaps = _items(server, f"/api/events?type=ais_gap&mmsi={ANGARA}")
    assert gaps == [e for e in everything if e["type"] == "ais_gap"
                    and ANGARA in (e["mmsi"], e["other_mmsi"])]
    assert [(g["start"], g["end"], g["duration_h"]) for g in gaps] == [
        ("2023-08-01T17:34:40Z", "2023-08-02T02:19:40Z", 8.75)]
    window = server.get("/api/events?since=2023-08-02T00:00:00Z&until=2023-08-02T12:00:00Z")
    assert window.json()["items"] == [e for e in everything if e["end"] >= "2023-08-02T00:00:00Z"
                             and e["start"] <= "2023-08-02T12:00:00Z"]
    both = _items(server, "/api/events?type=ais_gap&type=port_call")
    assert {e["type"] for e in both} == {"ais_gap", "port_call"}


def test_bad_queries_are_400_or_422_naming_the_field(server):
    cases = {
        "/api/events?type=nope": (400, "BadQueryError", "type"),
        "/api/events?since=yesterday": (400, "BadQueryError", "since"),
        "/api/events?since=2023-08-03T00:00:00Z&until=2023-08-02T00:00:00Z":
            (400, "BadQueryError", "since"),
        "/api/events?start=2023-08-03T00:00:00Z": (400, "BadQueryError", "start"),
        "/api/vessels?name=ANGARA": (400, "BadQueryError", "name"),
        "/api/voyages?mmsi=1&color=red": (400, "BadQueryError", "color"),
        "/api/events?bbox=1,2,3": (400, "BadQueryError", "bbox"),
        "/api/events?bbox=10,50,5,60": (400, "BadQueryError", "bbox"),
        "/api/vessels?limit=501": (422, "ValidationError", "limit"),
        "/api/vessels?limit=0": (422, "ValidationError", "limit"),
        "/api/vessels?offset=-1": (422, "ValidationError", "offset"),
        "/api/voyages?min_risk=2": (400, "BadQueryError", "min_risk"),
        "/api/voyages?min_risk=nan": (400, "BadQueryError", "min_risk"),
        "/api/vessels?q=" + "A" * 201: (422, "ValidationError", "q"),
        "/api/events?mmsi=abc": (422, "ValidationError", "mmsi"),
        "/api/voyages?watched=perhaps": (422, "ValidationError", "watched"),
        "/api/vessels/angara": (422, "ValidationError", "mmsi"),
        "/api/screen": (400, "BadQueryError", "imo"),
    }
    for path, (status, error, field) in cases.items():
        body = server.get(path).json()
        assert (body["status"], body["error"], body["field"]) == (status, error, field), path
        assert server.get(path).status == status
    assert server.get("/api/events?since=yesterday").json()["message"] == (
        "since: not an ISO 8601 time")
    assert server.get("/api/vessels?name=ANGARA").json()["message"] == (
        "name: unknown parameter (this route takes: imo, limit, min_risk, mmsi, offset, q, "
        "since, until, watched)")


def test_voyages_watched_only(server):
    everything = _items(server, "/api/voyages")
    watched = _items(server, "/api/voyages?watched=true")
    assert everything == _library(server.config, "voyages")
    assert watched == [v for v in everything if v["watched"]] and len(watched) == 9
    assert watched[0]["depart"] == "2023-08-01T12:00:15Z" and watched[0]["name"] == "MARIA"


def test_matches_are_the_stored_matches_strongest_first(server):
    page = server.get("/api/matches").json()
    matches = page["items"]
    assert page["total"] == 17
    assert [(m["vessel"]["mmsi"], m["entry"]["list"], m["entry"]["names"][0], m["score"])
            for m in matches] == [
        (273990101, "OFAC SDN", "ANGARA", 1.0), (273990101, "UK", "ANGARA", 1.0),
        (273990102, "OFAC SDN", "MARIA", 1.0), (273990103, "OFAC SDN", "MAIA-1", 1.0),
        (273990104, "OFAC SDN", "LADY R", 1.0), (273990104, "UK", "LADY R", 1.0),
        (273990105, "OFAC SDN", "SPARTA IV", 1.0),
        (273990106, "OFAC SDN", "SPARTA III", 1.0),
        # Owners and managers on the lists: links, below a listing.
        (273990101, "OFAC SDN", "M LEASING LLC", 0.6),
        (273990102, "OFAC SDN", "IBEX SHIPPING INC", 0.6),
        (273990102, "UK", "IBEX Shipping INC", 0.6),
        (273990103, "OFAC SDN", "TRANSMORFLOT LLC", 0.6),
        (273990104, "OFAC SDN", "TRANSMORFLOT LLC", 0.6),
        (273990105, "OFAC SDN", "SC SOUTH LLC", 0.6), (273990105, "UK", "SC South LLC", 0.6),
        (273990106, "OFAC SDN", "SC SOUTH LLC", 0.6), (273990106, "UK", "SC South LLC", 0.6)]
    assert all(m["above_threshold"] for m in matches)


def test_screening_an_imo_finds_the_listed_angara_with_evidence(server):
    answer = server.get("/api/screen?imo=" + quote("IMO 9179842"))
    assert answer.status == 200
    body = answer.json()
    assert body["query"]["imo"] == 9179842 and body["threshold"] == 0.8
    assert [v["list"] for v in body["lists"]] == ["OFAC SDN", "UK", "UN"]
    top = body["matches"][0]
    assert top["entry"]["names"][0] == "ANGARA" and top["entry"]["list"] == "OFAC SDN"
    assert top["entry"]["imo"] == 9179842 and top["score"] == 1.0
    assert top["evidence"]["imo"] == {"how": "exact IMO", "query": "9179842",
                                      "listed": "9179842", "score": 1.0, "list": "OFAC SDN",
                                      "list_date": "2024-05-03"}


def test_screening_a_bad_imo_is_422(server):
    body = server.get("/api/screen?imo=9179843").json()
    assert body["status"] == 422 and body["error"] == "ScreeningError"
    assert body["message"] == "IMO 9179843 has a wrong check digit (the last digit should be 2)"


def test_definitions_state_the_thresholds_in_force(server):
    body = server.get("/api/definitions").json()
    assert {d["type"]: d["definition"] for d in body} == event_definitions(
        server.config.detect)
    assert body[1]["type"] == "ais_gap" and "at least 6 h" in body[1]["definition"]


def test_brief_is_the_cited_brief_of_the_case(server):
    answer = server.get("/brief")
    assert answer.status == 200 and answer.content_type == "text/html; charset=utf-8"
    html = answer.body.decode("utf-8")
    assert html.startswith("<!DOCTYPE html>") and "ANGARA" in html and "SIMULATED" in html
    cased = server.get("/brief?case=dprk-russia-2023").body.decode("utf-8")
    assert len(cased) == len(html) and "Claims" in cased


def test_unknown_case_is_422_json_for_a_client_and_a_page_for_a_browser(server):
    body = server.get("/brief?case=no-such-case").json()
    assert (body["status"], body["error"]) == (422, "EvidenceError")
    page = server.get("/brief?case=no-such-case", {"Accept": "text/html"})
    assert page.status == 422 and page.content_type == "text/html; charset=utf-8"
    assert '<p class="error" id="error-message">case: unknown case (bundled: dprk-russia-2023)' \
        in page.body.decode("utf-8")


def test_openapi_documents_every_route_with_its_error_body(server):
    spec = server.get("/openapi.json").json()
    paths = {"/api/vessels", "/api/vessels/{mmsi}", "/api/events", "/api/voyages",
             "/api/events/{id}", "/api/voyages/{id}", "/api/map",
             "/api/matches", "/api/screen", "/api/definitions", "/health", "/", "/map",
             "/search", "/vessels/{mmsi}", "/voyages/{id}", "/events", "/claims", "/estimate",
             "/brief", "/alerts", "/static/{name}", "/api/alerts", "/api/alerts/stream",
             "/api/trade", "/trade"}
    assert set(spec["paths"]) == paths
    for path in paths:
        responses = spec["paths"][path]["get"]["responses"]
        for status in ("400", "404", "409", "422"):
            (content,) = responses[status]["content"].values()
            assert content["schema"] == {"$ref": "#/components/schemas/ErrorResponse"}, path
    assert json.dumps(spec).count('"examples"') > 20


def test_no_page_that_loads_scripts_from_a_cdn():
    from darkfleet.config import Config
    from darkfleet.serve import create_app

    app = create_app(Config())
    assert (app.docs_url, app.redoc_url, app.openapi_url) == (None, None, "/openapi.json")
