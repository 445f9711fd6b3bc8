"""Watched routes declared by a case file decide which voyages are watched (`detect --case`)."""

import json

from click.testing import CliRunner
from test_detect_workspace import _voyage_pings, _workspace

from darkfleet.cli import cli
from darkfleet.evidence import load_case
from darkfleet.store import Workspace

CASE = """\
id: routes-only
title: A case that watches no route
claims: []
watched_routes: {routes}
"""


def _detect(tmp_path, routes):
    path = _workspace(tmp_path, _voyage_pings())  # Rajin to Dunai, dark 18 h on the way
    case = tmp_path / "case.yaml"
    case.write_text(CASE.format(routes=routes))
    result = CliRunner().invoke(cli, ["detect", "-w", str(path), "--case", str(case)])
    return path, result


def test_the_bundled_case_names_its_routes():
    assert load_case("dprk-russia-2023").watched_routes == (("dprk", "russia-far-east"),)


def test_a_case_without_watched_routes_watches_nothing(tmp_path):
    path, result = _detect(tmp_path, "[]")
    assert result.exit_code == 0, result.output
    with Workspace.open(path) as ws:
        [voyage] = ws.read("voyages").to_pylist()
        events = ws.read("events").to_pylist()
    assert (voyage["origin"], voyage["destination"], voyage["watched"]) == (
        "KPNJN", "RUDUN", False)
    assert voyage["reasons"] == ["dark 18.2 h in transit (suspected)"]
    assert json.loads(voyage["details"])["risk_components"]["route"] == 0.0
    # the gap is still suspected, but no port it could have reached is on a watched route
    [gap] = [e for e in events if e["type"] == "ais_gap"]
    assert json.loads(gap["details"])["suspected"] is True
    assert "possible_port_call" not in {e["type"] for e in events}


def test_a_case_route_either_way_is_watched(tmp_path):
    path, result = _detect(tmp_path, "[[russia-far-east, dprk]]")
    assert result.exit_code == 0, result.output
    with Workspace.open(path) as ws:
        [voyage] = ws.read("voyages").to_pylist()
    assert voyage["watched"] is True
    assert voyage["reasons"][0] == "on a watched route: DPRK -> Russian Far East"


def test_a_route_of_an_unknown_group_is_bad_input(tmp_path):
    _, result = _detect(tmp_path, "[[dprk, atlantis]]")
    assert result.exit_code == 1
    assert result.output.strip().endswith(
        "case.yaml: watched_routes[0]: no port of the registry is in group 'atlantis'")

