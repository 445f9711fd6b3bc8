"""Fixtures of the events tests: default settings and a track builder on the built-in ports.

Tracks are built by hand with the factories in `event_factories.py` (`Ping`, `stay`, `sail`).
"""

from __future__ import annotations

import pytest

from darkfleet.events.port_index import PortIndex
from darkfleet.events.ports import builtin_registry
from darkfleet.events.settings import DetectSettings
from darkfleet.tracks.builder import TrackBuilder


@pytest.fixture
def settings() -> DetectSettings:
    return DetectSettings()


@pytest.fixture
def builder(settings: DetectSettings) -> TrackBuilder:
    return TrackBuilder(settings.tracks, PortIndex(builtin_registry(), 10_000),
                        settings.gap.min_duration_h)
