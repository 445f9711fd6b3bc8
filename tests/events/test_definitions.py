import dataclasses

from darkfleet.events.definitions import TEMPLATES, event_definitions, template_fields
from darkfleet.events.settings import DetectSettings
from darkfleet.settings_base import flat_settings


def test_every_template_names_real_settings():
    names = {name for name, _, _ in flat_settings(DetectSettings())}
    for kind, template in TEMPLATES.items():
        assert set(template_fields(template)) <= names, kind


def test_definitions_state_the_thresholds_in_force():
    gap = dataclasses.replace(DetectSettings().gap, min_duration_h=12.5)
    texts = event_definitions(dataclasses.replace(DetectSettings(), gap=gap))
    assert texts["port_call"].startswith(
        "The vessel is inside a port area and slower than 1 kn for at least 2 h")
    assert "for at least 12.5 h" in texts["ais_gap"]
    assert "within 500 m of each other" in texts["encounter"]
    assert set(texts) == {"port_call", "ais_gap", "encounter", "mmsi_collision", "loitering",
                          "identity_change", "draught_change", "voyage", "possible_port_call"}
