"""Dark imagery detections for the watch (I/O adapter).

What `darkfleet detections load` and `darkfleet detections match` stored in the workspace, read
with the imagery stage's reader (`darkfleet.imagery.read_detections`, dark ones only), each
linked to the `dark_port_presence` event the matching stored for it (when `darkfleet detect`
had written events by then; otherwise `event_id` is null). A workspace without detections gives
none: the rule then raises nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from darkfleet.imagery import read_detections
from darkfleet.store import Workspace
from darkfleet.watch.query import presence_rows

PRESENCE = "dark_port_presence"


@dataclass(frozen=True, slots=True)
class DarkDetection:
    """A dark detection as the watch's rule reads it (fields of the Detection record)."""

    detection_id: str
    ts: datetime
    lat: float
    lon: float
    source: str | None
    scene_id: str | None
    score: float | None
    length_m: float | None
    candidates: tuple[dict[str, Any], ...]
    event_id: str | None


def read_dark_detections(workspace: Workspace) -> tuple[DarkDetection, ...]:
    """The workspace's dark detections by time (none when no detections were matched)."""
    if not workspace.has_table("detections"):
        return ()
    events = _presence_events(workspace)
    return tuple(DarkDetection(
        r["detection_id"], r["ts"], r["lat"], r["lon"], r["source"], r["scene_id"],
        r["score"], r["length_m"], tuple(r["candidates"]), events.get(r["detection_id"]))
        for r in read_detections(workspace, dark=True))


def _presence_events(workspace: Workspace) -> dict[str, str]:
    """The id of the stored `dark_port_presence` event of each detection, by detection id."""
    if not workspace.has_table("events"):
        return {}
    rows = presence_rows(workspace, PRESENCE)
    return {json.loads(r["details"])["detection_id"]: r["id"] for r in rows}
