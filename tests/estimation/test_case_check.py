"""`case check` on the flagship case: verdicts, and every printed number traced to a source."""

import json

import pytest
from click.testing import CliRunner

from darkfleet.cli import cli
from darkfleet.estimation import EstimationSettings, load_catalogue, run_case_check
from darkfleet.evidence import load_case


@pytest.fixture(scope="module")
def records():
    return run_case_check(load_case("dprk-russia-2023"), EstimationSettings(samples=4000))


def by_id(records, check, claim_id):
    return next(r for r in records if r["check"] == check and r["claim"]["id"] == claim_id)


def test_shin_three_million_needs_projectiles_only(records):
    record = by_id(records, "capacity", "shin-2024-02-26-152mm")
    assert record["containers"] == {"value": 6700.0, "claim_id": "shin-2024-02-26-containers",
                                    "source_url": record["containers"]["source_url"]}
    assert record["munition"] == "152mm-he-complete"
    assert record["verdict"] == "needs-assumptions"
    assert record["assumptions"] == [
        "152mm-he-projectile: 152 mm HE projectile, OF-540 class (projectile only)"]
    assert record["p95"] < 3_000_000


def test_shin_half_a_million_grad_rockets_is_consistent(records):
    record = by_id(records, "capacity", "shin-2024-02-26-122mm")
    assert record["verdict"] == "consistent"
    assert record["p5"] < 500_000 < record["p95"]


def test_open_source_centre_range_is_consistent(records):
    assert by_id(records, "capacity", "osc-2025-03-rounds")["verdict"] == "consistent"


def test_jcs_500_per_container_needs_projectiles_and_full_boxes(records):
    record = by_id(records, "capacity", "jcs-2023-11-152mm")
    assert record["verdict"] == "needs-assumptions"
    assert record["assumptions"] == [
        "152mm-he-projectile: 152 mm HE projectile, OF-540 class (projectile only)",
        "full containers (load factor 1.0)"]


def test_production_check_compares_rates_with_stated_capacity(records):
    record = by_id(records, "production", "zelensky-2024-12-02-annual")
    # 3.5M over 2024-01-01..2024-12-02 (336 days) = 3,804,688 a year against 2M a year.
    assert record["required_per_year"] == 3_804_688
    assert record["capacity"]["value"] == 2_000_000
    assert record["verdict"] == "needs-assumptions"
    assert record["assumptions"] == [
        "stockpile drawdown of at least 1,660,164 rounds beyond stated production over 0.92 years"]
    assert by_id(records, "production", "shin-2024-02-26-122mm")["verdict"] == "consistent"


def test_every_number_traces_to_a_sourced_claim_or_catalogue_entry(records):
    catalogue = load_catalogue()
    case = load_case("dprk-russia-2023")
    claims = {c.id: c for c in case.claims}
    for record in records:
        claim = claims[record["claim"]["id"]]
        assert record["claim"]["source_url"] == claim.source.url
        assert claim.source.url.startswith("http")
        assert record["claim"]["quantity"] == claim.quantity
        if record["check"] == "production":
            capacity = claims[record["capacity"]["claim_id"]]
            assert record["capacity"]["value"] == capacity.quantity
            assert capacity.source.url.startswith("http")
            continue
        containers = claims[record["containers"]["claim_id"]]
        assert record["containers"]["value"] == containers.quantity
        assert containers.source.url.startswith("http")
        for assumption in record["model_assumptions"]:
            assert assumption["source"]["title"], assumption["name"]
        for scenario in record["scenarios"]:
            munition = catalogue.munition(scenario["munition"])
            params = [munition.item_mass_kg] + [
                getattr(crate, f) for crate in munition.crates
                for f in ("rounds_per_crate", "gross_mass_kg", "length_m", "width_m", "height_m")]
            container = catalogue.container(scenario["container"])
            params += [container.payload_kg, container.floor_load_kg_per_m, catalogue.load_factor]
            assert all(p.source.title for p in params)
            assert scenario["p5"] <= scenario["p50"] <= scenario["p95"]


def test_case_check_jsonl_and_text_from_the_cli():
    runner = CliRunner()
    result = runner.invoke(cli, ["case", "check", "dprk-russia-2023", "--format", "jsonl",
                                 "--samples", "2000"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert len(lines) == 12 + 16
    text = runner.invoke(cli, ["case", "check", "dprk-russia-2023", "--samples", "2000",
                               "--format", "text"], env={"COLUMNS": "100"})
    assert text.exit_code == 0
    assert "needs-assumptions" in text.output
    assert max(len(line) for line in text.output.splitlines()) <= 100  # fits the terminal
    piped = runner.invoke(cli, ["case", "check", "dprk-russia-2023", "--samples", "2000"])
    assert json.loads(piped.output.splitlines()[0])["claim"]["id"]  # JSON Lines when piped


def test_case_check_of_a_bad_file_exits_1_naming_the_field(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("id: x\ntitle: t\nclaims:\n  - id: a\n    statement: s\n    unit: rounds\n"
                    "    subject: s\n    attributed_to: w\n    stated_on: '2024-02-30'\n"
                    "    source: {title: t, publisher: p, url: 'https://e.org'}\n"
                    "    reliability: B\n    credibility: 3\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["case", "check", str(path)])
    assert result.exit_code == 1
    assert "claims[0].stated_on: not a date ('2024-02-30')" in result.output
    assert "Traceback" not in result.output
