"""docs/trade.md names every assumption of the cargo catalogue and every limit of the case."""

from pathlib import Path

from darkfleet.trade import case_limits, load_priors

DOC = (Path(__file__).parents[2] / "docs" / "trade.md").read_text(encoding="utf-8")


def test_every_assumption_and_limit_is_documented():
    priors = load_priors()
    names = [*priors.common, *priors.products, *next(iter(priors.classes.values()))]
    missing = [name for name in names if f"`{name}`" not in DOC]
    assert missing == []
    _, limits = case_limits("dprk-russia-2023")
    assert [f"`{limit.id}`" in DOC and limit.resolution in DOC for limit in limits] == [True] * 5
