"""Case files: the bundled flagship case and the errors of bad ones."""

from datetime import date
from pathlib import Path

import pytest
import yaml

from darkfleet.errors import EvidenceError
from darkfleet.evidence import bundled_cases, load_case
from darkfleet.evidence.casefile import CASES

ARTICLE_SOURCES = [
    "https://edition.cnn.com/2024/02/28/asia/north-korea-munitions-factories-shipments-russia-ukraine-intl-hnk/index.html",
    "https://www.wionews.com/world/north-korea-sent-millions-of-munitions-to-russia-in-exchange-for-food-south-korea-694948",
    "https://www.reuters.com/world/north-korea-has-sent-6700-containers-munitions-russia-south-korea-says-2024-02-27/",
    "https://www.aljazeera.com/news/2024/2/28/n-korea-sent-russia-millions-of-munitions-in-exchange-for-food-says-seoul",
    "https://edition.cnn.com/2024/01/22/asia/putin-to-visit-north-korea-intl-hnk/index.html",
]


@pytest.fixture(scope="module")
def flagship():
    return load_case("dprk-russia-2023")


def test_the_flagship_case_is_bundled():
    assert bundled_cases() == ["dprk-russia-2023"]


def test_flagship_cites_the_five_sources_of_the_article(flagship, package_data):
    urls = {claim.source.url for claim in flagship.claims}
    assert set(ARTICLE_SOURCES) <= urls
    article = (package_data / "seed" / "source-article.txt").read_text(encoding="utf-8")
    for url in ARTICLE_SOURCES:
        assert url in article
    cited = [c for c in flagship.claims if c.source.url in ARTICLE_SOURCES]
    assert len(cited) == 17
    assert {c.source.accessed_on for c in cited} == {date(2024, 3, 2)}


def test_flagship_holds_the_dated_series_oct_2023_to_jul_2025(flagship):
    containers = sorted((c.stated_on, c.quantity) for c in flagship.claims
                        if c.unit == "containers")
    assert containers[0] == (date(2023, 10, 13), 1000)
    assert containers[-1] == (date(2025, 7, 13), 28000)
    assert (date(2025, 3, 31), 15800) in containers
    assert len(containers) == 13
    rounds = [c for c in flagship.claims if c.unit == "rounds"]
    assert all(c.source.url.startswith("http") for c in rounds)
    assert len(rounds) == 20


def test_flagship_vessels_and_port_groups(flagship):
    assert [v.imo for v in flagship.vessels] == [9179842, 8517839, 9358010, 9161003, 9743033,
                                                 9538892]
    assert flagship.vessels[-1].former_names == ("SPARTA III",)
    locodes = [p[0] for group in flagship.port_groups for p in group.ports]
    assert locodes == ["KPNJN", "KPCHO", "KPNAM", "RUVYP", "RUVVO", "RUNJK", "RUPSE", "RUZAR",
                       None]


def _write_case(tmp_path: Path, edit) -> Path:
    raw = yaml.safe_load((CASES / "dprk-russia-2023.yaml").read_text(encoding="utf-8"))
    raw = {k: v for k, v in raw.items()}
    for claim in raw["claims"]:
        for key in ("stated_on", "window_start", "window_end"):
            if key in claim:
                claim[key] = str(claim[key])
    for source in raw["sources"].values():
        source["accessed_on"] = str(source["accessed_on"])
    edit(raw)
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return path


def test_a_copy_of_the_flagship_loads_from_a_path(tmp_path):
    path = _write_case(tmp_path, lambda raw: None)
    assert len(load_case(path).claims) == len(load_case("dprk-russia-2023").claims)


@pytest.mark.parametrize(("edit", "message"), [
    (lambda raw: raw["claims"][3].update(stated_on="2024-13-01"),
     "claims[3].stated_on: not a date ('2024-13-01')"),
    (lambda raw: raw["claims"][2].pop("source"), "claims[2].source: missing"),
    (lambda raw: raw["claims"][20].update(source={"title": "t", "publisher": "p"}),
     "claims[20].source.url: missing"),
    (lambda raw: raw["claims"][1].update(reliability="G"), "claims[1].reliability: 'G' is not one"),
    (lambda raw: raw["claims"][1].update(source="nowhere"),
     "claims[1].source: unknown source id 'nowhere'"),
    (lambda raw: raw["claims"][4].update(contradicts=["no-such-claim"]),
     "claims[4].contradicts: unknown id 'no-such-claim'"),
    (lambda raw: raw["claims"][5].update(id=raw["claims"][0]["id"]),
     "claims[5].id: duplicate id"),
    (lambda raw: raw["observations"][0].update(unit="barrels"),
     "observations[0].unit: 'barrels' is not one"),
])
def test_bad_case_files_name_the_field(tmp_path, edit, message):
    path = _write_case(tmp_path, edit)
    with pytest.raises(EvidenceError) as error:
        load_case(path)
    assert message in str(error.value)
    assert str(path) in str(error.value)


def test_unknown_case_name_is_an_error():
    with pytest.raises(EvidenceError, match="no bundled case or file named 'atlantis'"):
        load_case("atlantis")


def test_broken_yaml_names_the_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("id: x\ntitle: [unclosed\n", encoding="utf-8")
    with pytest.raises(EvidenceError) as error:
        load_case(path)
    assert error.value.line is not None


def test_case_validate_and_show_commands(tmp_path):
    from click.testing import CliRunner

    from darkfleet.cli import cli

    runner = CliRunner()
    ok = runner.invoke(cli, ["case", "validate", "dprk-russia-2023"])
    assert ok.output == "dprk-russia-2023: valid (53 claims, 2 observations)\n"
    shown = [line for line in runner.invoke(cli, ["case", "show", "dprk-russia-2023"]).output
             .splitlines()]
    assert len(shown) == 55
    path = _write_case(tmp_path, lambda raw: raw["claims"][7].pop("attributed_to"))
    bad = runner.invoke(cli, ["case", "validate", str(path)])
    assert bad.exit_code == 1
    assert "claims[7].attributed_to: missing" in bad.output
