"""darkfleet events stage: port calls, AIS gaps, encounters, MMSI collisions, loitering,
identity and draught changes, and the voyages between port calls.

Library API: `detect(workspace, settings, ports)` over a workspace, or any `EventDetector`'s
`detect(tracks)` on tracks built in memory with `darkfleet.tracks.TrackBuilder` (detectors take
their own part of `DetectSettings`: `GapDetector(settings.gap)`). Names are
imported on first use, so importing the package stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from darkfleet._lazy import lazy_exports

if TYPE_CHECKING:
    from darkfleet.events.collision_detector import MmsiCollisionDetector as MmsiCollisionDetector
    from darkfleet.events.detection import DetectSummary as DetectSummary
    from darkfleet.events.detection import all_detectors as all_detectors
    from darkfleet.events.detection import detect as detect
    from darkfleet.events.detector import EventDetector as EventDetector
    from darkfleet.events.encounter_detector import EncounterDetector as EncounterDetector
    from darkfleet.events.gap_detector import GapDetector as GapDetector
    from darkfleet.events.model import EVENT_SCHEMA as EVENT_SCHEMA
    from darkfleet.events.ports import PortArea as PortArea
    from darkfleet.events.ports import PortRegistry as PortRegistry
    from darkfleet.events.ports import load_registry as load_registry
    from darkfleet.events.query import read_events as read_events
    from darkfleet.events.query import read_vessels as read_vessels
    from darkfleet.events.query import read_voyages as read_voyages
    from darkfleet.events.settings import DetectSettings as DetectSettings
    from darkfleet.events.static_detectors import DraughtChangeDetector as DraughtChangeDetector
    from darkfleet.events.static_detectors import IdentityChangeDetector as IdentityChangeDetector
    from darkfleet.events.stay_detectors import LoiteringDetector as LoiteringDetector
    from darkfleet.events.stay_detectors import PortCallDetector as PortCallDetector
    from darkfleet.events.vessels import VESSEL_SCHEMA as VESSEL_SCHEMA
    from darkfleet.events.voyages import VOYAGE_SCHEMA as VOYAGE_SCHEMA
    from darkfleet.events.voyages import ExtraReasons as ExtraReasons
    from darkfleet.events.voyages import build_voyages as build_voyages

_EXPORTS = {
    "DetectSettings": "settings", "DetectSummary": "detection", "detect": "detection",
    "all_detectors": "detection", "EventDetector": "detector", "PortCallDetector": "stay_detectors",
    "LoiteringDetector": "stay_detectors", "GapDetector": "gap_detector",
    "EncounterDetector": "encounter_detector", "MmsiCollisionDetector": "collision_detector",
    "IdentityChangeDetector": "static_detectors", "DraughtChangeDetector": "static_detectors",
    "PortArea": "ports", "PortRegistry": "ports", "load_registry": "ports",
    "EVENT_SCHEMA": "model", "build_voyages": "voyages",
    "VOYAGE_SCHEMA": "voyages", "ExtraReasons": "voyages", "VESSEL_SCHEMA": "vessels",
    "read_events": "query", "read_voyages": "query", "read_vessels": "query",
}
__all__ = sorted(_EXPORTS)

if not TYPE_CHECKING:
    __getattr__ = lazy_exports(__name__, _EXPORTS)
