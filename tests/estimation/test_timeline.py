"""The timeline view of the flagship case."""

from datetime import date

import pytest
from click.testing import CliRunner

from darkfleet.cli import cli
from darkfleet.errors import EstimationError, ReportError
from darkfleet.estimation import EstimationSettings, timeline_chart, timeline_series
from darkfleet.evidence import load_case

SETTINGS = EstimationSettings(samples=1000)


@pytest.fixture(scope="module")
def case():
    return load_case("dprk-russia-2023")


def test_series_pairs_each_container_claim_with_model_intervals(case):
    series = timeline_series(case, SETTINGS)
    assert len(series.containers) == 13
    assert len(series.model) == 2 * 13
    first = series.model[0]
    assert (first.on, first.containers, first.munition) == (date(2023, 10, 13), 1000,
                                                            "152mm-he-complete")
    assert first.p5 < first.p50 < first.p95
    osc = next(p for p in series.rounds if p.claim_id == "osc-2025-03-rounds")
    assert (osc.low, osc.high) == (4_200_000, 5_800_000)


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_chart_is_written(tmp_path, case, suffix):
    out = timeline_chart(case, tmp_path / f"timeline{suffix}", SETTINGS)
    head = out.read_bytes()[:200]
    assert head.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in out.read_bytes()
    assert len(head) == 200


def test_chart_errors(tmp_path, case):
    with pytest.raises(ReportError, match=r"write \.png or \.svg"):
        timeline_chart(case, tmp_path / "timeline.pdf", SETTINGS)
    with pytest.raises(EstimationError, match="no assumptions for '155mm'"):
        timeline_series(case, SETTINGS, family="155mm")


def test_case_chart_cli(tmp_path):
    out = tmp_path / "t.svg"
    result = CliRunner().invoke(cli, ["case", "chart", "dprk-russia-2023", "--out", str(out),
                                      "--samples", "500"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(out)
    assert out.stat().st_size > 10_000
