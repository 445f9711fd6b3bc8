"""The rules over the engine, fed by the ingest pipeline: encounters and identity changes of
listed vessels, port entries raised once, and rules files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from watch_helpers import ANGARA_MMSI, Line, position, static

from darkfleet.config import Config
from darkfleet.errors import ConfigError
from darkfleet.events import load_registry
from darkfleet.ingest.pipeline import NmeaPipeline
from darkfleet.ingest.reader import Chunk
from darkfleet.screening import Screener, bundled_lists
from darkfleet.watch import Alert, WatchEngine, default_rules, load_rules
from darkfleet.watch.rules import DEFAULT_RULES_TOML

PARTNER = 457000111
RAISED_AT = datetime(2026, 11, 1, tzinfo=UTC)
ROOT = Path(__file__).parent.parent.parent


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener(bundled_lists())


def run(screener: Screener, lines: list[Line], raised: set[str] | None = None) -> list[Alert]:
    """Decode `lines` (in time order) in steps of 10 and tick after each step."""
    engine = WatchEngine(Config(), default_rules(), load_registry(None), screener, raised)
    pipeline = NmeaPipeline("test", Config().ingest)
    ordered = [line.text.encode() for line in sorted(lines, key=lambda x: x.t_s)]
    alerts: list[Alert] = []
    for start in range(0, len(ordered), 10):
        rows = pipeline.process(Chunk(start + 1, ordered[start:start + 10]))
        engine.add(rows.positions, rows.static_reports)
        alerts += engine.tick(RAISED_AT)
    return alerts


def test_an_encounter_with_a_listed_vessel_is_raised_once(screener: Screener) -> None:
    lines = static(ANGARA_MMSI, 0, 9179842, "UBCD7", "ANGARA")
    for step in range(16):  # 2.5 h side by side, 200 m apart, far from any port
        lines += position(ANGARA_MMSI, step * 600, 41.0, 131.5 + 0.0002 * step)
        lines += position(PARTNER, step * 600 + 5, 41.0018, 131.5 + 0.0002 * step)
    alerts = run(screener, lines)
    assert [(a.rule, a.mmsi, a.ts.isoformat()) for a in alerts] == [
        ("encounter-with-listed-vessel", ANGARA_MMSI, "2026-01-10T00:00:05+00:00")]
    details = alerts[0].details
    # raised at the first tick the pair had been together 2 h (ticks every 5 fixes each)
    assert (details["other_mmsi"], details["other_listed"], details["duration_h"]) == (
        PARTNER, False, 2.165)
    assert run(screener, lines, {alerts[0].id}) == []


def test_a_listed_vessel_changing_name_and_mmsi_is_raised(screener: Screener) -> None:
    lines = static(ANGARA_MMSI, 0, 9179842, "UBCD7", "ANGARA")
    lines += static(ANGARA_MMSI, 3600, 9179842, "UBCD7", "ANGARA 2", 2)
    lines += static(PARTNER, 7200, 9179842, "JVXX9", "ANGARA 2", 3)
    for step in range(4):
        lines += position(ANGARA_MMSI, step * 1200, 40.0, 131.5 + 0.01 * step, 8.0)
    alerts = run(screener, lines)
    by_rule = [(a.rule, a.mmsi, a.details["changed"]) for a in alerts]
    assert by_rule == [
        ("listed-vessel-identity-change", ANGARA_MMSI, ["shipname"]),
        ("listed-vessel-identity-change", PARTNER, ["mmsi"])]
    assert (alerts[0].details["old_shipname"], alerts[0].details["shipname"]) == (
        "ANGARA", "ANGARA 2")
    assert (alerts[1].details["old_mmsi"], alerts[1].details["old_flag"],
            alerts[1].details["flag"]) == (ANGARA_MMSI, "RU", "MN")


def test_an_unlisted_vessel_entering_a_watched_port_raises_nothing(screener: Screener) -> None:
    lines: list[Line] = []
    for step, lon in enumerate((130.45, 130.40, 130.35, 130.31, 130.305)):
        lines += position(PARTNER, step * 600, 42.243, lon, 6.0, 270.0)
    assert run(screener, lines) == []


def test_the_checked_in_rules_are_the_defaults() -> None:
    sample = ROOT / "config" / "watch" / "rules.toml"
    assert sample.read_text() == DEFAULT_RULES_TOML
    rules = load_rules(sample)
    assert rules == default_rules()
    assert [r.kind for r in rules.rules] == [
        "listed_port_entry", "dark_near_port", "listed_encounter", "listed_identity_change",
        "dark_detection_in_port"]
    registry = load_registry(None)
    assert [a.locode for a in rules.rules[0].watched(registry)][:3] == ["KPCHO", "KPHGM", "KPNJN"]


def test_a_bad_rules_file_names_the_file_and_rule(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text('[[rule]]\nname = "x"\nkind = "listed_port_entry"\n'
                    '[[rule]]\nname = "y"\nkind = "teleport"\n')
    with pytest.raises(ConfigError) as caught:
        load_rules(path)
    assert str(caught.value) == (
        f"{path}: rule 2: unknown kind 'teleport' (one of listed_port_entry, dark_near_port, "
        "listed_encounter, listed_identity_change, dark_detection_in_port)")


def test_a_custom_area_is_watched(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text('[[rule]]\nname = "strait"\nkind = "listed_port_entry"\n'
                    'areas = [{name = "STRAIT", lat = 41.0, lon = 131.5, radius_m = 5000}]\n')
    rules = load_rules(path)
    (area,) = rules.rules[0].watched(load_registry(None))
    assert (area.locode, area.lat, area.lon, area.radius_m) == ("STRAIT", 41.0, 131.5, 5000.0)
