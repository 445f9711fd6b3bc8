import dataclasses
from pathlib import Path

import pytest

from darkfleet.config import SECTIONS, Config
from darkfleet.errors import ConfigError

ROOT = Path(__file__).parent.parent


def test_every_setting_has_help_and_is_documented():
    docs = (ROOT / "docs" / "settings.md").read_text()
    config = Config()
    for section in SECTIONS:
        for field in dataclasses.fields(getattr(config, section)):
            assert field.metadata.get("help"), f"{section}.{field.name} has no help"
            assert f"`{section}.{field.name}`" in docs, f"{section}.{field.name} not in docs"


@pytest.mark.parametrize("sample", sorted((ROOT / "config").glob("*.toml")), ids=lambda p: p.name)
def test_sample_configs_build(sample):
    config = Config.from_file(sample)
    assert isinstance(config, Config)


def test_unknown_setting_is_named():
    with pytest.raises(ConfigError) as caught:
        Config.from_mapping({"detect": {"no_such_threshold": 3}})
    assert caught.value.field == "detect.no_such_threshold"


def test_wrong_type_is_named():
    with pytest.raises(ConfigError) as caught:
        Config.from_mapping({"estimation": {"samples": "many"}})
    assert caught.value.field == "estimation.samples"


def test_below_minimum_is_named():
    with pytest.raises(ConfigError) as caught:
        Config.from_mapping({"estimation": {"samples": 5}})
    assert caught.value.field == "estimation.samples"


def test_config_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Config().workspace = Path("x")  # type: ignore[misc]


def test_default_sample_is_the_defaults():
    assert Config.from_file(ROOT / "config" / "default.toml") == Config()
