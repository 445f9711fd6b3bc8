"""darkfleet events stage: port calls, AIS gaps, encounters, MMSI collisions, loitering,
identity and draught changes, and the voyages between port calls.

Library API: `detect(workspace, settings, ports)` over a workspace, or any `EventDetector`'s
`detect(tracks)` on tracks built in memory with `darkfleet.tracks.TrackBuilder` (detectors take
their own part of `DetectSettings`: `GapDetector(settings.gap)`). Names are
imported on first use, so importing the package stays cheap.
"""

from __future__ import annotations

from darkfleet._lazy import lazy_exports

_EXPORTS = {
    "DetectSettings": "settings", "DetectSummary": "detection", "detect": "detection",
    "all_detectors": "detection", "EventDetector": "detector", "PortCallDetector": "stay_detectors",
    "LoiteringDetector": "stay_detectors", "GapDetector": "gap_detector",
    "EncounterDetector": "encounter_detector", "MmsiCollisionDetector": "collision_detector",
    "IdentityChangeDetector": "static_detectors", "DraughtChangeDetector": "static_detectors",
    "PortArea": "ports", "PortRegistry": "ports", "load_registry": "ports",
    "EVENT_SCHEMA": "model", "build_voyages": "voyages",
    "VOYAGE_SCHEMA": "voyages", "ExtraReasons": "voyages", "VESSEL_SCHEMA": "vessels",
}
__all__ = sorted(_EXPORTS)

__getattr__ = lazy_exports(__name__, _EXPORTS)
