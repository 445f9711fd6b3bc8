"""The demo runs every stage on the bundled case and finds what the flagship scenario planted."""

from __future__ import annotations

import json

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
