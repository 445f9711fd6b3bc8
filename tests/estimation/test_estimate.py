"""Acceptance of the containers -> rounds model (issue: estimation and evidence)."""

import pytest

from darkfleet.errors import EstimationError
from darkfleet.estimation import (
    EstimationSettings,
    Question,
    estimate_containers,
    estimate_rounds,
    parse_mix,
    sensitivity,
)

SETTINGS = EstimationSettings()


def rounds(containers, munition, container="20ft", fill=None, **kw):
    return estimate_rounds(containers, Question({munition: 1.0}, container, fill), SETTINGS, **kw)


def test_6700_containers_of_152mm_projectiles_contain_three_million_limited_by_mass():
    result = rounds(6700, "152mm-he-projectile")
    assert result.p5 < 3_000_000 < result.p95
    assert result.binding_constraint == "mass"
    assert result.binding_shares["mass"] > 0.95
    assert result.samples == 20_000
    assert result.p5 < result.p50 < result.p95


def test_complete_152mm_rounds_give_a_clearly_lower_median():
    projectile = rounds(6700, "152mm-he-projectile")
    complete = rounds(6700, "152mm-he-complete")
    assert complete.p50 < 0.8 * projectile.p50
    assert complete.binding_constraint == "mass"


def test_open_source_centre_figure_is_consistent_with_complete_rounds():
    # OSC: >15,800 containers, 4.2-5.8 million rounds (facts row 29).
    result = rounds(15_800, "152mm-he-complete")
    assert result.p5 < 4_200_000 < result.p95
    assert result.p5 < 5_000_000 < result.p95


def test_6700_containers_of_grad_rockets_contain_half_a_million_limited_by_volume():
    result = rounds(6700, "122mm-grad-rocket")
    assert result.p5 < 500_000 < result.p95
    assert result.binding_constraint == "volume"


def test_full_boxes_of_projectiles_reach_the_payload_bound():
    # 28,180 kg payload / 100 kg per 2-projectile box = 281 boxes = 562 rounds at most.
    result = rounds(1, "152mm-he-projectile", fill=1.0)
    assert result.p95 <= 562
    assert result.p5 >= 21_700 // 120 * 2


def test_same_seed_same_estimate_and_another_seed_differs():
    first = rounds(6700, "152mm-he-complete", seed=7)
    again = rounds(6700, "152mm-he-complete", seed=7)
    other = rounds(6700, "152mm-he-complete", seed=8)
    assert first.to_dict() == again.to_dict()
    assert other.p50 != first.p50
    assert first.seed == 7


def test_estimate_lists_every_assumption_with_value_unit_and_source():
    record = rounds(10, "152mm-he-complete").to_dict()
    names = [a["name"] for a in record["assumptions"]]
    assert "20ft payload_kg" in names
    assert "152mm-he-complete charge box gross_mass_kg" in names
    for assumption in record["assumptions"]:
        assert assumption["unit"]
        assert assumption["source"]["title"]
        assert assumption["provenance"] in {"S", "R", "D", "A"}
    assert set(record) >= {"question", "inputs", "assumptions", "method", "samples", "p5", "p50",
                           "p95", "mean", "binding_constraint"}


def test_reverse_question_inverts_the_forward_one():
    forward = rounds(6700, "152mm-he-projectile")
    back = estimate_containers(3_000_000, Question({"152mm-he-projectile": 1.0}), SETTINGS)
    assert back.unit == "containers"
    # 3M rounds fit in 6,700 boxes only at the top of the forward interval, so the reverse
    # median lies above 6,700.
    assert back.p5 < 6700 < back.p95
    assert back.p50 == pytest.approx(3_000_000 / (forward.p50 / 6700), rel=0.01)


def test_mix_weights_the_munitions_by_container_share():
    mix = parse_mix("152mm-he-complete=0.5,122mm-grad-rocket=0.5")
    mixed = estimate_rounds(1000, Question(mix), SETTINGS)
    a, b = rounds(1000, "152mm-he-complete"), rounds(1000, "122mm-grad-rocket")
    assert mixed.mean == pytest.approx((a.mean + b.mean) / 2, rel=0.01)


def test_40ft_holds_more_grad_rockets_as_the_crates_fit_four_times_along():
    assert rounds(1, "122mm-grad-rocket", "40ft").p50 > 2 * rounds(1, "122mm-grad-rocket").p50


def test_sensitivity_ranks_the_load_factor_first_for_projectiles():
    table = sensitivity(Question({"152mm-he-projectile": 1.0}), 6700, SETTINGS, samples=2000)
    assert [row.assumption for row in table[:3]] == [
        "load_factor", "20ft payload_kg", "152mm-he-projectile projectile box gross_mass_kg"]
    assert [row.swing for row in table] == sorted((row.swing for row in table), reverse=True)
    assert all(row.unit for row in table)


@pytest.mark.parametrize(("call", "field"), [
    (lambda: rounds(-1, "152mm-he-projectile"), "containers"),
    (lambda: rounds(10, "155mm-nato"), "munition"),
    (lambda: rounds(10, "152mm-he-projectile", container="10ft"), "container"),
    (lambda: rounds(10, "152mm-he-projectile", fill=1.5), "fill"),
    (lambda: estimate_containers(-3, Question({"152mm-he-projectile": 1.0}), SETTINGS), "rounds"),
    (lambda: parse_mix("a=0.5,b=0.4"), "mix"),
    (lambda: parse_mix("a=x"), "mix"),
])
def test_bad_inputs_name_the_field(call, field):
    with pytest.raises(EstimationError) as error:
        call()
    assert error.value.field == field
    assert str(error.value).startswith(f"{field}: ")
