"""Settings of sanctions screening."""

from __future__ import annotations

from dataclasses import dataclass

from darkfleet.settings_base import setting


@dataclass(frozen=True, slots=True)
class ScreeningSettings:
    """Thresholds of the sanctions screen."""

    threshold: float = setting(0.8, "Matches scoring at or above this are reported.", minimum=0)
