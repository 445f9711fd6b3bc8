"""`darkfleet estimate` from the command line."""

import json

import pytest
from click.testing import CliRunner

from darkfleet.cli import cli


def run(*args):
    return CliRunner().invoke(cli, ["estimate", *args])


def test_estimate_json_follows_the_estimate_contract():
    result = run("--containers", "6700", "--munition", "152mm-he-projectile", "--container",
                 "20ft", "--samples", "5000", "--seed", "3")
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["binding_constraint"] == "mass"
    assert record["p5"] < 3_000_000 < record["p95"]
    assert record["samples"] == 5000
    assert record["seed"] == 3
    assert record == json.loads(run("--containers", "6700", "--munition", "152mm-he-projectile",
                                    "--samples", "5000", "--seed", "3").output)


def test_estimate_text_with_sensitivity_and_mix():
    result = CliRunner().invoke(cli, [
        "estimate", "--containers", "6700", "--mix", "152mm-he-complete=0.7,122mm-grad-rocket=0.3",
        "--format", "text", "--sensitivity", "--samples", "1000"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "binding constraint" in result.output
    assert "sensitivity" in result.output


def test_reverse_question():
    record = json.loads(run("--rounds", "500000", "--munition", "122mm-grad-rocket",
                            "--samples", "2000").output)
    assert record["unit"] == "containers"
    assert record["p5"] < 6700 < record["p95"]


@pytest.mark.parametrize(("args", "message"), [
    (["--containers", "-6700", "--munition", "152mm-he-projectile"], "containers: must be"),
    (["--containers", "10", "--munition", "155mm"], "munition: unknown id '155mm'"),
    (["--containers", "10", "--munition", "152mm-he-projectile", "--samples", "5"],
     "samples: must be >= 100"),
    (["--rounds", "-1", "--munition", "152mm-he-projectile"], "rounds: must be"),
])
def test_bad_input_exits_1_naming_the_field(args, message):
    result = run(*args)
    assert result.exit_code == 1
    assert message in result.output


def test_usage_errors_exit_2():
    assert run("--munition", "152mm-he-projectile").exit_code == 2
    assert run("--containers", "1", "--rounds", "1", "--munition", "x").exit_code == 2


def test_reverse_sensitivity_swings_the_containers_needed():
    record = json.loads(run("--rounds", "3000000", "--munition", "152mm-he-projectile",
                            "--sensitivity", "--samples", "2000").output)
    top = record["sensitivity"][0]
    assert top["assumption"] == "load_factor"
    # fuller boxes need fewer containers
    assert top["p50_at_low"] > record["p50"] > top["p50_at_high"]
