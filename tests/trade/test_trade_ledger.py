"""Sums of samples by period, direction and commodity; caps with the probability of exceeding
them; bans as flags with their voyages; the case's limits, routes and trade claims."""

import numpy as np
from trade_factories import voyage

from darkfleet.events.ports import builtin_registry
from darkfleet.evidence import load_case
from darkfleet.trade import (
    CargoEstimate,
    DraughtReading,
    case_limits,
    routes_of,
    trade_ledger,
)
from darkfleet.trade.cargo import MEASURED, REFINED
from darkfleet.trade.claims import NO_LEDGER, check_trade_claims
from darkfleet.trade.limits import case_trade
from darkfleet.trade.text import ledger_lines

READ = DraughtReading("reported", 2.0, "loaded at origin", 0.0)
_, LIMITS = case_limits("dprk-russia-2023")


def _tanker(n, day, barrels, mmsi=273992001):
    v = voyage(n, "RUVYP", "KPNJN", 5.0, 5.0, mmsi=mmsi, day=day)
    return CargoEstimate(v, "Russian Far East -> DPRK", "tanker", REFINED, READ, MEASURED,
                         barrels * 0.13, barrels, None, None, {})


def _cargo(n, day, tonnes, direction="Russian Far East -> DPRK"):
    origin, dest = ("RUVYP", "KPNJN") if direction.endswith("DPRK") else ("KPNJN", "RUVYP")
    v = voyage(n, origin, dest, 5.0, 5.0, mmsi=273990102, day=day)
    return CargoEstimate(v, direction, "cargo", "dry cargo", READ, MEASURED, tonnes, None,
                         None, None, {})


def test_sums_add_samples_not_percentiles_and_cap_probability_is_the_share_above():
    u = np.linspace(0.0, 1.0, 1001)
    first, second = _tanker(0, 0, 200_000 + 100_000 * u), _tanker(1, 40, 400_000 - 100_000 * u)
    rows = trade_ledger([first, second], LIMITS, "year")
    total = rows[0]
    assert (total["kind"], total["period"], total["commodity"], total["voyages"]) == (
        "sum", "2024", REFINED, 2)
    # sample by sample the two always add to 600,000: the sum has no spread at all, while
    # adding percentiles would have given 210,000 + 310,000 .. 290,000 + 390,000
    assert total["barrels"] == {"p5": 600_000.0, "p50": 600_000.0, "p95": 600_000.0}
    cap = next(r for r in rows if r.get("limit_id") == "unscr-2397-op5-refined")
    assert (cap["cap"], cap["p_exceeded"], cap["voyage_ids"]) == (
        500_000.0, 1.0, ["v1-0", "v1-1"])
    alone = next(r for r in trade_ledger([first], LIMITS, "year")
                 if r.get("limit_id") == "unscr-2397-op5-refined")
    assert alone["p_exceeded"] == 0.0 and alone["total"]["p50"] == 250_000.0
    crude = next(r for r in rows if r.get("limit_id") == "unscr-2397-op4-crude")
    assert (crude["total"], crude["p_exceeded"], crude["voyage_ids"]) == (None, 0.0, [])


def test_exceedance_probability_and_monthly_sums():
    u = np.linspace(0.0, 1.0, 1001)
    rows = trade_ledger([_tanker(0, 0, 100_000 + 800_000 * u)], LIMITS, "month")
    assert [r["period"] for r in rows if r["kind"] == "sum"] == ["2024-03"]
    cap = next(r for r in rows if r["kind"] == "limit" and r["commodity"] == REFINED)
    assert cap["period"] == "2024" and cap["p_exceeded"] == 0.4995  # 500 of 1,001 above


def test_bans_flag_the_voyages_behind_them():
    out = _cargo(0, 0, np.full(10, 2000.0), "DPRK -> Russian Far East")
    back = _cargo(1, 3, np.full(10, 1500.0))
    empty = _cargo(2, 6, np.zeros(10))
    rows = trade_ledger([out, back, empty, _tanker(3, 9, np.full(10, 9000.0))], LIMITS)
    flags = {r["limit_id"]: r for r in rows if r["kind"] == "flag"}
    assert sorted(flags) == ["unscr-1718-op8b-arms", "unscr-1874-op9-arms",
                             "unscr-2397-op7-metals"]
    metals = flags["unscr-2397-op7-metals"]
    assert (metals["voyage_ids"], metals["voyages"], metals["cargo_t"]["p50"]) == (
        ["v2-1"], 1, 1500.0)
    assert metals["reason"] == ("cargo of cargo ships into DPRK: industrial machinery, "
                                "transportation vehicles, iron, steel, other metals cannot be "
                                "excluded from AIS")
    assert flags["unscr-1718-op8b-arms"]["voyage_ids"] == ["v2-0"]
    assert flags["unscr-1718-op8b-arms"]["paragraph"] == "8(b)"


def test_the_case_limits_cite_their_resolutions():
    by_id = {limit.id: limit for limit in LIMITS}
    refined = by_id["unscr-2397-op5-refined"]
    assert (refined.kind, refined.quantity, refined.unit, refined.into, refined.resolution) == (
        "cap", 500_000.0, "barrels", "DPRK", "S/RES/2397 (2017)")
    assert refined.source_url == "https://www.un.org/securitycouncil/s/res/2397-%282017%29"
    assert by_id["unscr-2397-op4-crude"].quantity == 4_000_000.0
    assert by_id["unscr-2397-op7-metals"].categories == (
        "industrial machinery", "transportation vehicles", "iron", "steel", "other metals")
    assert by_id["unscr-1874-op9-arms"].out_of == "DPRK"


def test_routes_take_the_case_groups_and_the_registry_ports_of_the_same_groups():
    routes = routes_of(load_case("dprk-russia-2023"), builtin_registry())
    assert routes.groups["KPNJN"] == "DPRK" and routes.groups["RUDUN"] == "Russian Far East"
    assert routes.direction(voyage(0, "RUDUN", "KPCHO", 1.0, 1.0)) == "Russian Far East -> DPRK"
    assert routes.direction(voyage(0, "RUVYP", "RUVVO", 1.0, 1.0)) is None
    assert routes.direction(voyage(0, "KRPUS", "KPNJN", 1.0, 1.0)) is None


def test_trade_claims_against_the_ledger():
    found = case_trade("dprk-russia-2023")
    case = found.case
    assert [c.claim_id for c in found.checks] == [
        "shin-2024-02-26-return-flow", "shin-2024-02-26-return-ratio", "osc-2024-11-refined",
        "rusi-2024-03-refined", "nknews-2024-05-food"]
    assert {r["verdict"] for r in check_trade_claims(case, found.checks, None)} == {NO_LEDGER}
    march = [_tanker(i, i, np.full(100, 30_000.0)) for i in range(3)]  # 90,000 bbl in March
    food = [_cargo(10 + i, 2 * i - 30, np.linspace(700.0, 900.0, 101)) for i in range(4)]
    arms = [_cargo(20, -40, np.full(101, 2500.0), "DPRK -> Russian Far East")]
    records = {r["claim"]["id"]: r for r in check_trade_claims(case, found.checks,
                                                               march + food + arms)}
    rusi = records["rusi-2024-03-refined"]
    assert (rusi["p50"], rusi["verdict"], rusi["window"]) == (
        90_000.0, "ledger below the claim (voyages unseen: dark, other routes, rail)",
        ["2024-03-01", "2024-03-31"])
    assert records["osc-2024-11-refined"]["verdict"] == "no voyages of this flow in the window"
    nk = records["nknews-2024-05-food"]
    assert (nk["p50"], nk["verdict"], len(nk["voyage_ids"])) == (3200.0, "consistent", 4)
    ratio = records["shin-2024-02-26-return-ratio"]
    # Jan-Feb 2024: 2,800-3,600 t in against 2,500 t out (the window ends 2024-02-26)
    assert (ratio["p5"], ratio["p50"], ratio["p95"], ratio["verdict"]) == (
        1.14, 1.28, 1.42, "consistent")
    content = records["shin-2024-02-26-return-flow"]
    assert content["verdict"] == ("not checkable from AIS: the ledger gives the mass moved, "
                                  "not what it was")


def test_text_lines_of_the_ledger():
    lines = list(ledger_lines(trade_ledger([_tanker(0, 0, np.full(10, 30_000.0))], LIMITS)))
    assert lines[0] == ("2024  Russian Far East -> DPRK  refined petroleum products: 1 voyages "
                        "(1 measured, 0 imputed, 0 without), 3,900 t (p5 3,900, p95 3,900); "
                        "30,000 bbl (p5 30,000, p95 30,000)")
    assert lines[1].endswith("against 500,000; P(exceeded) = 0.00 (1 voyages)")
    assert list(ledger_lines([])) == ["no voyages between the case's port groups"]
