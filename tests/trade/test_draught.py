"""What the draughts say per voyage, and the three evasion habits: a draught never updated, an
arrival draught missing, a draught change across a gap at sea."""

import numpy as np
import pytest
from trade_factories import ROUTES, voyage

from darkfleet.trade import Hull, estimate_cargo, load_priors, read_draughts
from darkfleet.trade.cargo import IMPUTED, MEASURED

TANKER = {273992001: Hull(273992001, "tanker", 100.0, 16.0)}


def _estimates(voyages, samples=4000):
    return {e.voyage.id: e for e in estimate_cargo(voyages, TANKER, ROUTES.direction,
                                                   load_priors(), np.random.default_rng(1),
                                                   samples)}


def test_rise_at_origin_and_fall_at_destination():
    legs = [voyage(0, "KPNJN", "RUVYP", 3.1, 3.1), voyage(1, "RUVYP", "KPNJN", 5.6, 5.6),
            voyage(2, "KPNJN", "RUVYP", 3.1, 3.1)]
    readings = read_draughts(legs)
    # the first voyage has no call before it: the fall at its destination (loading there)
    assert (readings["v1-0"].status, readings["v1-0"].basis, readings["v1-0"].change_m) == (
        "reported", "discharged at destination", -2.5)
    assert (readings["v1-1"].status, readings["v1-1"].basis, readings["v1-1"].change_m) == (
        "reported", "loaded at origin", 2.5)
    assert (readings["v1-2"].basis, readings["v1-2"].change_m) == ("loaded at origin", -2.5)
    found = _estimates(legs)
    assert found["v1-0"].to_dict()["cargo_t"] == {"p5": 0.0, "p50": 0.0, "p95": 0.0}
    laden = read_draughts(legs[1:])["v1-1"]
    assert (laden.basis, laden.change_m) == ("discharged at destination", 2.5)


def test_draught_never_updated_is_reported_as_such_and_imputed_not_zero():
    legs = [voyage(i, *(("RUVYP", "KPNJN") if i % 2 == 0 else ("KPNJN", "RUVYP")), 4.2, 4.2)
            for i in range(4)]
    found = _estimates(legs)
    laden, ballast = found["v1-0"], found["v1-1"]
    assert laden.reading.status == ballast.reading.status == "not updated"
    assert laden.reading.notes == ("draught 4.2 m on every voyage of the vessel",)
    assert laden.method == IMPUTED and laden.direction == "Russian Far East -> DPRK"
    assert laden.cargo_t is not None and float(np.percentile(laden.cargo_t, 5)) > 500
    # the return leg of a tanker carries no product to impute: no number rather than zero
    assert ballast.method is None and ballast.cargo_t is None
    assert ballast.to_dict()["cargo_t"] is None


def test_arrival_draught_missing_uses_the_rise_at_the_origin():
    legs = [voyage(0, "KPNJN", "RUVYP", 3.0, 3.0), voyage(1, "RUVYP", "KPNJN", 5.0, None)]
    reading = read_draughts(legs)["v1-1"]
    assert (reading.status, reading.basis, reading.change_m, reading.sea_change_m) == (
        "arrival missing", "loaded at origin", 2.0, None)
    lone = read_draughts([voyage(0, "RUVYP", "KPNJN", 5.0, None)])["v1-0"]
    assert (lone.status, lone.change_m) == ("arrival missing", None)
    assert lone.notes == ("no arrival draught and no earlier call to compare",)
    assert read_draughts([voyage(0, "RUVYP", "KPNJN", None, None)])["v1-0"].status == "missing"


def test_a_draught_change_across_a_gap_at_sea_is_a_possible_ship_to_ship_transfer():
    legs = [voyage(0, "KPNJN", "RUVYP", 3.0, 3.0),
            voyage(1, "RUVYP", "KPNJN", 5.5, 4.0, dark_h=9.0),
            voyage(2, "KPNJN", "RUVYP", 3.0, 3.0)]
    found = _estimates(legs)["v1-1"]
    note = "draught fell 1.5 m at sea across 9.0 h dark: possible ship-to-ship transfer"
    assert found.reading.notes == (note,) and found.flags == (note,)
    assert found.method == MEASURED and found.reading.change_m == 2.5
    # 1.5 m over a 100 x 16 m hull: Cw 0.78-0.92, waterline 0.92-0.98 of length overall,
    # +/- 1 m on length and beam, 1.020-1.030 t/m3, 1.5 +/- 0.2 m
    low = 1.3 * 0.78 * 0.92 * 99 * 15 * 1.020
    high = 1.7 * 0.92 * 0.98 * 101 * 17 * 1.030
    transfer = found.sea_transfer_t
    assert transfer is not None and low <= transfer.min() and transfer.max() <= high
    assert found.to_dict()["sea_transfer_t"]["p50"] == pytest.approx(1.5 * 0.86 * 0.95 * 1600
                                                                      * 1.025, rel=0.05)


def test_a_change_at_sea_without_a_gap_is_noted_but_not_flagged():
    legs = [voyage(0, "KPNJN", "RUVYP", 3.0, 3.0), voyage(1, "RUVYP", "KPNJN", 5.5, 5.0)]
    found = _estimates(legs)["v1-1"]
    assert found.reading.notes == ("draught fell 0.5 m at sea (ballast or bunkers, or a late "
                                   "update)",)
    assert found.flags == () and found.sea_transfer_t is None
