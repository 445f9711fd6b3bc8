"""Observations that cite imagery: the detections behind a count (e.g. containers on a quay).

A case-file or ledger observation may name the `detection_id` or the `scene_id` it was counted
on. `cited_detections` resolves those names against the workspace's Detection records, so a
brief or an estimate can show the count with the detection, its time, place and AIS match.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from darkfleet.errors import EvidenceError
from darkfleet.imagery.query import read_detections
from darkfleet.store.workspace import Workspace


class CitingObservation(Protocol):
    """What this module reads of an observation (the evidence stage's `Observation`)."""

    @property
    def id(self) -> str: ...

    @property
    def detection_id(self) -> str | None: ...

    @property
    def scene_id(self) -> str | None: ...


def cited_detections(workspace: Workspace, observations: Sequence[CitingObservation]
                     ) -> dict[str, list[dict[str, Any]]]:
    """Per observation that cites imagery, the Detection records it names (by time).

    Raises:
        EvidenceError: an observation names a detection or scene the workspace does not hold
            (`field` names the observation).
        StoreError: no detections were loaded.
    """
    citing = [o for o in observations if o.detection_id or o.scene_id]
    if not citing:
        return {}
    records = read_detections(workspace)
    found: dict[str, list[dict[str, Any]]] = {}
    for observation in citing:
        hits = [r for r in records if (observation.detection_id and r["detection_id"]
                                       == observation.detection_id)
                or (observation.scene_id and r["scene_id"] == observation.scene_id)]
        if not hits:
            named = observation.detection_id or observation.scene_id
            raise EvidenceError(f"observation {observation.id}: no detection or scene "
                                f"{named!r} in the workspace", field=observation.id)
        found[observation.id] = hits
    return found
