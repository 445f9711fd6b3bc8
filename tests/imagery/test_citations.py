"""An observation counted on an imagery detection keeps that detection in the estimate's inputs."""

from __future__ import annotations

import dataclasses

import numpy as np

from darkfleet.estimation.catalogue import load_catalogue
from darkfleet.evidence import load_case
from darkfleet.trade.container_loads import container_count


def test_an_observation_on_a_detection_reaches_the_estimate_inputs_with_it() -> None:
    pier = load_case("dprk-russia-2023").observations[0]
    cited = dataclasses.replace(pier, detection_id="S1A_1;130.3032;42.2431")
    result = container_count(None, [cited], load_catalogue(), np.random.default_rng(2), 2_000)
    [load] = result.loads
    assert load.method == "observation (containers, imagery detection S1A_1;130.3032;42.2431)"
