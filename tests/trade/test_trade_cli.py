"""`darkfleet cargo`, `trade`, `evaluate` and `case check -w` on a simulated oil scenario that went
through simulate -> ingest -> detect (real NMEA, a real workspace)."""

import csv
import io
import json

import pytest
from click.testing import CliRunner

from darkfleet.cli import cli


@pytest.fixture(scope="module")
def oil(tmp_path_factory):
    root = tmp_path_factory.mktemp("oil")
    sim, ws = root / "sim", root / "ws"
    runner = CliRunner()
    for args in (["simulate", "--scenario", "dprk-russia-oil", "--out", str(sim), "--seed", "5",
                  "--days", "8"],
                 ["ingest", str(sim / "dprk-russia-oil.nmea"), "-w", str(ws)],
                 ["detect", "-w", str(ws)]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, (args, result.output)
    return sim, ws


def _run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def test_cargo_lists_every_voyage_with_intervals_and_assumptions(oil):
    sim, ws = oil
    records = [json.loads(line) for line in _run("cargo", "-w", ws, "--samples", 500)
               .splitlines()]
    truth = json.loads((sim / "truth.json").read_text())
    assert len(records) == len(truth["voyages"])
    laden = [r for r in records if r["direction"] == "Russian Far East -> DPRK"]
    assert {r["commodity"] for r in laden} == {"refined petroleum products"}
    assert {r["ship_class"] for r in records} == {"tanker"}
    frozen = [r for r in records if r["mmsi"] == 273992002]
    assert {r["draught_status"] for r in frozen} == {"not updated"}
    assert all(r["cargo_t"] is not None for r in frozen if r in laden)
    first = next(r for r in laden if r["draught_status"] == "reported")
    assert set(first) >= {"voyage_id", "mmsi", "origin", "destination", "direction",
                          "commodity", "cargo_t", "barrels", "assumptions"}
    assert first["cargo_t"]["p5"] < first["cargo_t"]["p50"] < first["cargo_t"]["p95"]
    assert all(a["source"]["title"] for a in first["assumptions"])
    rows = list(csv.DictReader(io.StringIO(_run("cargo", "-w", ws, "--samples", 500,
                                                "--format", "csv"))))
    assert [r["voyage_id"] for r in rows] == [r["voyage_id"] for r in records]
    assert json.loads(rows[0]["assumptions"])[0]["name"]


def test_trade_sums_both_directions_against_the_caps(oil):
    _, ws = oil
    rows = [json.loads(line) for line in _run("trade", "-w", ws, "--samples", 500, "--by",
                                              "month").splitlines()]
    sums = [r for r in rows if r["kind"] == "sum"]
    assert {(r["period"], r["direction"]) for r in sums} == {
        ("2023-08", "DPRK -> Russian Far East"), ("2023-08", "Russian Far East -> DPRK")}
    cap = next(r for r in rows if r.get("limit_id") == "unscr-2397-op5-refined")
    into = next(r for r in sums if r["direction"] == "Russian Far East -> DPRK")
    assert cap["total"] == into["barrels"] and cap["voyage_ids"] == into["voyage_ids"]
    assert 0.0 <= cap["p_exceeded"] <= 1.0
    text = _run("trade", "-w", ws, "--samples", 500, "--format", "text")
    assert "2023  cap S/RES/2397 (2017) para 5: refined petroleum products into DPRK" in text


def test_evaluate_reports_cargo_coverage(oil):
    sim, ws = oil
    result = json.loads(_run("evaluate", "--truth", sim / "truth.json", "-w", ws, "--format",
                             "json"))
    cargo = result["cargo"]
    assert cargo["truth"] == cargo["matched"] > 5 and cargo["coverage"] >= 0.8
    assert cargo["yearly"][0]["covered"] is True
    text = _run("evaluate", "--truth", sim / "truth.json", "-w", ws)
    assert f"cargo: {cargo['covered']} of {cargo['truth']} true cargoes inside p5-p95" in text


def test_case_check_with_a_workspace_checks_the_trade_claims(oil):
    _, ws = oil
    lines = _run("case", "check", "dprk-russia-2023", "-w", ws, "--samples", 200, "--format",
                 "jsonl").splitlines()
    trade = [json.loads(line) for line in lines if '"check": "trade"' in line]
    assert [r["claim"]["id"] for r in trade][:2] == ["shin-2024-02-26-return-flow",
                                                     "shin-2024-02-26-return-ratio"]
    assert {r["verdict"] for r in trade} == {"no voyages of this flow in the window"}


def test_errors_name_the_problem(tmp_path):
    empty = CliRunner().invoke(cli, ["cargo", "-w", str(tmp_path / "none")])
    assert empty.exit_code == 1
    assert "no darkfleet workspace here" in empty.output
    bad = CliRunner().invoke(cli, ["trade", "--by", "week"])
    assert bad.exit_code == 2
