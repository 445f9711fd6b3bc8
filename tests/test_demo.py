"""The demo runs every stage on the bundled case and finds what the flagship scenario planted."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from darkfleet.cli import cli

SHUTTLE_IMOS = {9179842, 8517839, 9358010, 9161003, 9743033, 9538892}


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(cli, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_demo_prints_the_brief_path_and_writes_it(demo_run):
    out, output = demo_run
    assert f"brief: {out / 'brief.html'}" in output
    assert "SIMULATED" in (out / "brief.html").read_text()


def test_demo_screens_the_shuttle_ships_by_imo(demo_run):
    out, _ = demo_run
    from darkfleet.store import Workspace

    with Workspace.open(out / "workspace") as ws:
        rows = ws.query("SELECT * FROM {matches} WHERE list = 'OFAC SDN'").to_pylist()
    by_imo = {row["entry_imo"] for row in rows if "imo" in json.loads(row["evidence"])}
    assert by_imo >= SHUTTLE_IMOS


def test_demo_voyages_carry_screening_reasons(demo_run):
    out, output = demo_run
    from darkfleet.store import Workspace

    with Workspace.open(out / "workspace") as ws:
        rows = ws.query("SELECT imo, reasons FROM {voyages} WHERE watched").to_pylist()
    shuttle = [row for row in rows if row["imo"] in SHUTTLE_IMOS]
    assert shuttle
    assert all(any("on OFAC SDN" in reason for reason in row["reasons"]) for row in shuttle)
    assert "watched voyages" in output and "claims checked against the model" in output
    assert "detections scored against the scenario's planted truth" in output


def _element(html: str, element_id: str) -> str:
    match = re.search(rf'<(\w+)[^>]*\sid="{re.escape(element_id)}"', html)
    assert match is not None, element_id
    return html[match.start():html.index(f"</{match.group(1)}>", match.start())]


def test_demo_sails_the_simulated_tankers_and_sums_the_trade_against_the_cap(demo_run):
    out, output = demo_run
    assert "trade from draught by year (SIMULATED tankers), against the UN limits" in output
    assert "cap 500,000 barrels, P(exceeded) 0.01" in output
    html = (out / "brief.html").read_text()
    cap = _element(html, "rec-cap-unscr-2397-op5-refined-2023")
    voyages = re.findall(r'href="#rec-cargo-([^"]+)"', cap)
    assert len(voyages) == 20 and "402,463 – 483,454 barrels" in cap
    for voyage in voyages:  # each figure leads to its voyage, and on to the voyage's record
        row = _element(html, f"rec-cargo-{voyage}")
        assert f'href="#rec-voyage-{voyage}"' in row and "SIMULATED" in row
    # the voyages of the tanker whose crew never updates its draught
    assert html.count("not updated <b>draught not updated</b>") == 9
    assert 'class="cap-line"' in html


def test_demo_loads_simulated_imagery_so_the_brief_shows_dark_vessels(demo_run):
    out, output = demo_run
    assert "satellite detections matched to the" in output
    html = (out / "brief.html").read_text()
    assert len(re.findall(r'class="detection-matched"', html)) == 74
    assert len(re.findall(r'class="detection-dark"', html)) == 20
    assert html.count("(a candidate)</a>") >= 1  # dark_port_presence on a vessel card
    assert "seen by imagery:</b>" in html


def test_demo_brief_tells_link_matches_apart_and_counts_the_real_samples_aside(demo_run):
    out, _ = demo_run
    html = (out / "brief.html").read_text()
    assert 'class="link"><td><b>link, not a listing:</b>\nlinked to listed ' in html
    assert '<p class="hull">Hull history of IMO 9179842' in html
    appendix = " ".join(re.sub(r"<[^>]+>", " ", _element(html, "appendix-outside")).split())
    assert "3,424 vessels seen only outside the case" in appendix
    assert "2010 1,719 2,985 0 0" in appendix


def test_demo_workspace_holds_only_declared_tables_as_declared(demo_run):
    out, _ = demo_run
    import pyarrow.parquet as pq

    from darkfleet.store import Workspace
    from darkfleet.store.schema import TABLES

    with Workspace.read_snapshot(out / "workspace") as ws:
        names = ws.tables()
        assert set(names) <= set(TABLES)
        assert {"positions", "static_reports", "track_points", "events", "voyages", "vessels",
                "list_entries", "list_versions", "matches", "detection_rows",
                "detections"} <= set(names)
        for name in names:
            for _, where in ws.part_locations(name):
                assert pq.read_schema(where).remove_metadata() == TABLES[name].schema, where
