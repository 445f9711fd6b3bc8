"""The oil scenario: tankers whose draughts follow their cargoes, and the intervals' coverage.

Twenty seeds run in `benchmarks/bench_trade.py`; three here keep the suite fast.
"""

import pytest

from darkfleet.simulate.cargo import BARREL_M3, NOT_UPDATED, OilBuilt
from darkfleet.simulate.output import generate
from darkfleet.simulate.scenario import Size
from darkfleet.trade import cargo_coverage
from darkfleet.trade.simulated import simulated_estimates


@pytest.fixture(scope="module")
def scenarios():
    return [generate("dprk-russia-oil", seed, Size(days=20)) for seed in (1, 2, 3)]


def test_each_cargo_moves_the_draught_by_its_mass_over_the_hull(scenarios):
    scenario = scenarios[0]
    built = scenario.built
    assert isinstance(built, OilBuilt)
    cargoes = scenario.truth["cargoes"]
    assert len(cargoes) == sum(1 for v in scenario.truth["voyages"]
                               if v["destination"] == "KPNJN")
    for cargo in cargoes:
        hull = built.hulls[cargo["mmsi"]]
        change_m = cargo["cargo_t"] / hull.tonnes_per_m(1.025)
        assert 1.6 * 1.021 / 1.025 - 0.01 <= change_m <= 3.8 * 1.029 / 1.025 + 0.01
        assert cargo["origin"] in ("RUVYP", "RUNJK") and cargo["destination"] == "KPNJN"
        # truth keeps the unrounded figures' barrels; cargo_t and density are shown rounded
        assert cargo["barrels"] == pytest.approx(
            cargo["cargo_t"] / cargo["density_t_per_m3"] / BARREL_M3, rel=2e-4)
    frozen = next(p for p in built.plans if p.vessel.mmsi == 273992001 + NOT_UPDATED)
    assert len(frozen.draughts) == 1  # the crew never updated it
    loaded = next(p for p in built.plans if p.vessel.mmsi == 273992001)
    assert len(loaded.draughts) > 4
    assert scenario.truth["hulls"]["273992001"]["waterplane_coefficient"] == pytest.approx(
        built.hulls[273992001].waterplane_coefficient, abs=1e-4)


def test_static_reports_carry_the_tankers_hulls(scenarios):
    rows = scenarios[0].static_reports().to_pylist()
    first = next(r for r in rows if r["mmsi"] == 273992001)
    hull = scenarios[0].built.hulls[273992001]
    assert first["ship_type"] == 80
    assert abs(first["to_bow_m"] + first["to_stern_m"] - hull.length_m) <= 0.5
    assert abs(first["to_port_m"] + first["to_starboard_m"] - hull.beam_m) <= 1.0


def test_intervals_cover_the_true_cargoes_and_the_yearly_total(scenarios):
    for scenario in scenarios:
        estimates = simulated_estimates(scenario, 2000, scenario.seed)
        coverage = cargo_coverage(scenario.truth, estimates)
        assert coverage.matched == coverage.truth > 20
        assert coverage.coverage >= 0.8, coverage.missed
        assert [y["year"] for y in coverage.yearly] == ["2023"]
        assert all(y["covered"] for y in coverage.yearly), coverage.yearly
        statuses = {e.reading.status for e in estimates if e.voyage.mmsi == 273992002}
        assert statuses == {"not updated"}
