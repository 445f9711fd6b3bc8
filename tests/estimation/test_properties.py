"""Invariants of the Monte Carlo model, over many inputs."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from darkfleet.estimation import EstimationSettings, Question, estimate_rounds, load_catalogue

SETTINGS = EstimationSettings(samples=500)
MUNITIONS = sorted(load_catalogue().munitions)


@settings(max_examples=25, deadline=None)
@given(containers=st.integers(min_value=0, max_value=100_000),
       munition=st.sampled_from(MUNITIONS), container=st.sampled_from(["20ft", "40ft"]),
       seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_rounds_scale_with_containers_and_percentiles_are_ordered(containers, munition,
                                                                   container, seed):
    question = Question({munition: 1.0}, container)
    one = estimate_rounds(1, question, SETTINGS, seed=seed)
    many = estimate_rounds(containers, question, SETTINGS, seed=seed)
    assert many.p5 <= many.p50 <= many.p95
    assert abs(many.p50 - containers * one.p50) <= 1e-6 * max(1.0, many.p50)
    assert sum(many.binding_shares.values()) == pytest.approx(1.0, abs=1e-3)


@settings(max_examples=15, deadline=None)
@given(low=st.floats(min_value=0.05, max_value=0.95), munition=st.sampled_from(MUNITIONS))
def test_a_higher_fill_never_carries_fewer_rounds(low, munition):
    lighter = estimate_rounds(100, Question({munition: 1.0}, fill=low), SETTINGS)
    fuller = estimate_rounds(100, Question({munition: 1.0}, fill=min(1.0, low + 0.05)),
                             SETTINGS)
    assert fuller.p5 >= lighter.p5 and fuller.p95 >= lighter.p95
