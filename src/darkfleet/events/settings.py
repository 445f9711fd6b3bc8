"""Settings of the tracks, events and voyages stage (every threshold of every event type)."""

from __future__ import annotations

from dataclasses import dataclass

from darkfleet.settings_base import setting


@dataclass(frozen=True, slots=True)
class DetectSettings:
    """Thresholds of track cleaning and event detection."""

    port_call_max_speed_kn: float = setting(1.0, "A port call needs speed below this.", minimum=0)
