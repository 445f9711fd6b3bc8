"""Settings of the tracks stage: what makes two fixes impossible for one ship, and spikes.

They are read from `[detect.tracks]`: tracks are built by `darkfleet detect`.
"""

from __future__ import annotations

from dataclasses import dataclass

from darkfleet.settings_base import setting


@dataclass(frozen=True, slots=True)
class TrackSettings:
    """Thresholds of track cleaning and of telling transmitters apart."""

    max_speed_kn: float = setting(
        50.0, "Implied speed above which two fixes cannot belong to one ship.", minimum=1)
    jump_min_distance_m: float = setting(
        10_000.0, "A jump between fixes is impossible only beyond this distance.", minimum=0)
    segment_min_fixes: int = setting(
        3, "Fixes a transmitter needs in a day (else its fixes are dropped as spikes).",
        minimum=1)
