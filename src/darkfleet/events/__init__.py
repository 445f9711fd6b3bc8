"""darkfleet events stage: port calls, AIS gaps, encounters, MMSI collisions, loitering,
identity and draught changes, and the voyages between port calls.

Library API: `detect(workspace, settings, ports)` over a workspace, or any `EventDetector`'s
`detect(tracks)` on tracks built in memory with `darkfleet.tracks.TrackBuilder`. Names are
imported on first use, so importing the package stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "DetectSettings": "settings", "DetectSummary": "detection", "detect": "detection",
    "all_detectors": "detection", "EventDetector": "detector", "PortCallDetector": "stay_detectors",
    "LoiteringDetector": "stay_detectors", "GapDetector": "gap_detector",
    "EncounterDetector": "encounter_detector", "MmsiCollisionDetector": "collision_detector",
    "IdentityChangeDetector": "static_detectors", "DraughtChangeDetector": "static_detectors",
    "PortArea": "ports", "PortRegistry": "ports", "load_registry": "ports",
    "Tracks": "model", "Window": "model", "EVENT_SCHEMA": "model", "build_voyages": "voyages",
    "VOYAGE_SCHEMA": "voyages", "ExtraReasons": "voyages", "VESSEL_SCHEMA": "vessels",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
