"""Cargo = draught change x waterplane area x sea-water density; commodity by ship class."""

import numpy as np
import pytest
from trade_factories import ROUTES, exact_priors, voyage

from darkfleet.errors import EstimationError
from darkfleet.trade import Hull, commodity, estimate_cargo, load_priors, ship_class
from darkfleet.trade.cargo import REFINED

LADEN = [voyage(0, "KPNJN", "RUVYP", 3.0, 3.0), voyage(1, "RUVYP", "KPNJN", 5.0, 5.0)]


def _one(hull, priors=None, legs=LADEN, samples=1000):
    found = estimate_cargo(legs, {hull.mmsi: hull}, ROUTES.direction, priors or exact_priors(),
                           np.random.default_rng(7), samples)
    return {e.voyage.id: e for e in found}


def test_the_formula_with_every_assumption_pinned():
    found = _one(Hull(273992001, "tanker", 100.0, 16.0))["v1-1"]
    tonnes = 2.0 * 0.85 * (0.95 * 100.0) * 16.0 * 1.025
    assert found.to_dict()["cargo_t"] == {"p5": 2648.6, "p50": 2648.6, "p95": 2648.6}
    assert round(tonnes, 1) == 2648.6
    barrels = round(tonnes / 0.8 / 0.158987294928)
    assert found.to_dict()["barrels"] == {"p5": barrels, "p50": barrels, "p95": barrels}
    assert barrels == 20824
    assert (found.commodity, found.direction) == (REFINED, "Russian Far East -> DPRK")
    names = [a["name"] for a in found.to_dict()["assumptions"]]
    assert names == ["draught_reading_error_m", "ballast_trim_m", "seawater_density_t_per_m3",
                     "tanker waterplane_coefficient", "waterline_length_ratio",
                     "dimension_error_m", "refined_density_t_per_m3", "barrel_m3",
                     "tanker_cargo_refined"]
    sources = {a["name"]: a["source"]["url"] for a in found.to_dict()["assumptions"]}
    assert sources["barrel_m3"].startswith("https://www.nist.gov/")


def test_the_ballast_trim_adds_half_of_itself_to_a_load():
    priors = exact_priors()
    common = {**priors.common, "ballast_trim_m": priors.common["ballast_trim_m"].pinned(0.6, "")}
    trimmed = _one(Hull(273992001, "tanker", 100.0, 16.0),
                   type(priors)(common, priors.classes, priors.products))["v1-1"]
    assert trimmed.to_dict()["cargo_t"]["p50"] == round(2.3 * 0.85 * 95 * 16 * 1.025, 1)


def test_commodity_and_units_by_ship_class():
    cargo = _one(Hull(273992001, "cargo", 100.0, 16.0))["v1-1"]
    assert (cargo.commodity, cargo.barrels, cargo.teu) == ("dry cargo", None, None)
    box = _one(Hull(273992001, "container", 100.0, 16.0, teu_capacity=150))["v1-1"]
    # 2,648.6 t / 12.5 t per TEU = 211.9, capped at the 150 TEU the hull holds
    assert box.commodity == "containerised cargo"
    assert box.to_dict()["teu"] == {"p5": 150.0, "p50": 150.0, "p95": 150.0}
    unknown = _one(Hull(273992001, "container", 100.0, 16.0))["v1-1"]
    assert unknown.teu is None and unknown.cargo_t is not None
    assert commodity("tanker", "DPRK -> Russian Far East") == "petroleum products"
    assert commodity("bulk", None) == "bulk cargo" and commodity("other", None) == "unknown"


def test_ship_class_from_the_catalogue_type_first_then_ais():
    assert ship_class(70, "Roll-on Roll-off") == "cargo"
    assert ship_class(None, "Oil Products Tanker") == "tanker"
    assert ship_class(84) == "tanker" and ship_class(71) == "cargo" and ship_class(None) == "other"


def test_a_hull_without_dimensions_takes_the_class_prior_and_is_wider():
    known = _one(Hull(273992001, "tanker", 100.0, 16.0), load_priors(), samples=4000)["v1-1"]
    blind = _one(Hull(273992001, "tanker"), load_priors(), samples=4000)["v1-1"]
    span = {k: e.to_dict()["cargo_t"]["p95"] - e.to_dict()["cargo_t"]["p5"]
            for k, e in (("known", known), ("blind", blind))}
    assert span["blind"] > 3 * span["known"]
    assert {"tanker length_m", "tanker beam_m"} <= set(blind.assumptions)


def test_voyages_of_one_vessel_share_its_hull_draws():
    legs = [voyage(0, "KPNJN", "RUVYP", 3.0, 3.0), voyage(1, "RUVYP", "KPNJN", 5.0, 5.0),
            voyage(2, "KPNJN", "RUVYP", 3.0, 3.0), voyage(3, "RUVYP", "KPNJN", 5.0, 5.0)]
    found = _one(Hull(273992001, "tanker", 100.0, 16.0), load_priors(), legs, 4000)
    a, b = found["v1-1"].cargo_t, found["v1-3"].cargo_t
    assert a is not None and b is not None
    assert np.corrcoef(a, b)[0, 1] > 0.8  # the same unknown hull form, not two independent ones


def test_a_bad_cargo_catalogue_names_the_file_and_field(tmp_path):
    text = (load_priors.__wrapped__.__defaults__[0] / "cargo.yaml").read_text(encoding="utf-8")
    (tmp_path / "cargo.yaml").write_text(text.replace("source: seawater,", "source: nowhere,"),
                                         encoding="utf-8")
    with pytest.raises(EstimationError) as error:
        load_priors(tmp_path)
    assert str(error.value) == ("cargo.yaml: common.seawater_density_t_per_m3.source: unknown "
                                "or missing source 'nowhere'")
