import dataclasses
from pathlib import Path

import pytest

from darkfleet.config import SECTIONS, Config
from darkfleet.errors import ConfigError
from darkfleet.events.settings import DetectSettings, GapSettings
from darkfleet.settings_base import flat_settings

ROOT = Path(__file__).parent.parent


def test_every_setting_has_help_and_is_documented():
    docs = (ROOT / "docs" / "settings.md").read_text()
    config = Config()
    names = []
    for section in SECTIONS:
        for name, _, help_text in flat_settings(getattr(config, section), f"{section}."):
            assert help_text, f"{name} has no help"
            assert f"`{name}`" in docs, f"{name} not in docs"
            names.append(name)
    assert "detect.gap.min_duration_h" in names and "detect.tracks.max_speed_kn" in names


@pytest.mark.parametrize("sample", sorted((ROOT / "config").glob("*.toml")), ids=lambda p: p.name)
def test_sample_configs_build(sample):
    config = Config.from_file(sample)
    assert isinstance(config, Config)


def test_unknown_setting_is_named():
    with pytest.raises(ConfigError) as caught:
        Config.from_mapping({"detect": {"no_such_threshold": 3}})
    assert caught.value.field == "detect.no_such_threshold"


def test_nested_settings_are_tables_each_detector_its_own():
    config = Config.from_mapping({"detect": {"gap": {"min_duration_h": 8},
                                             "tracks": {"max_speed_kn": 40}}})
    assert config.detect.gap.min_duration_h == 8.0
    assert config.detect.tracks.max_speed_kn == 40.0
    assert config.detect.encounter.min_duration_h == 2.0  # untouched tables keep defaults
    assert config.detect.gap == dataclasses.replace(GapSettings(), min_duration_h=8.0)


def test_unknown_nested_setting_is_named():
    with pytest.raises(ConfigError) as caught:
        Config.from_mapping({"detect": {"gap": {"min_duration": 8}}})
    assert caught.value.field == "detect.gap.min_duration"
    assert caught.value.message == "unknown setting detect.gap.min_duration"


def test_a_flat_detect_setting_of_old_names_its_new_place(tmp_path):
    old = tmp_path / "old.toml"
    old.write_text("[detect]\ngap_min_duration_h = 8.0\n")
    with pytest.raises(ConfigError) as caught:
        Config.from_file(old)
    assert caught.value.field == "detect.gap_min_duration_h"
    assert caught.value.message == (
        "setting detect.gap_min_duration_h has moved: set detect.gap.min_duration_h instead")
    with pytest.raises(ConfigError) as caught:
        Config.from_mapping({"detect": {"stay_max_silence_h": 6.0}})
    assert caught.value.message == (
        "setting detect.stay_max_silence_h has moved: set detect.port_call.max_silence_h and "
        "detect.loitering.max_silence_h instead")


def test_every_old_flat_detect_setting_has_a_real_new_place():
    names = {name for name, _, _ in flat_settings(DetectSettings())}
    assert len(DetectSettings.MOVED) == 52
    for old, new in DetectSettings.MOVED.items():
        assert set(new) <= names, old
        assert old not in names


def test_a_nested_value_below_its_minimum_is_named():
    with pytest.raises(ConfigError) as caught:
        Config.from_mapping({"detect": {"encounter": {"max_distance_m": 0}}})
    assert caught.value.field == "detect.encounter.max_distance_m"


def test_a_bad_gap_model_is_named():
    with pytest.raises(ConfigError) as caught:
        Config.from_mapping({"detect": {"gap": {"model": "magic"}}})
    assert caught.value.field == "detect.gap.model"


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
