"""The JSON API: vessels, events, voyages, matches, screening and event definitions.

Every route reads the workspace through the injected `WorkspaceReader` (one per request) and
answers pydantic models; errors are answered by the handlers of `darkfleet.serve.errors`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from darkfleet.errors import UsageError
from darkfleet.events.definitions import TEMPLATES, event_definitions
from darkfleet.events.query import Filters
from darkfleet.serve.errors import ERROR_RESPONSES, NotFoundError
from darkfleet.serve.models import (
    Definition,
    Event,
    Identity,
    ListVersion,
    Match,
    ScreenResult,
    Vessel,
    VesselDetail,
    Voyage,
)
from darkfleet.serve.store import WorkspaceReader, WorkspaceStore
from darkfleet.timefmt import parse_utc

EVENT_TYPES = tuple(kind for kind in TEMPLATES if kind != "voyage")

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)


def open_reader(request: Request) -> Iterator[WorkspaceReader]:
    """The dependency: the app's workspace, open for this request only."""
    store: WorkspaceStore = request.app.state.store
    with store.open() as reader:
        yield reader


Reader = Annotated[WorkspaceReader, Depends(open_reader)]


class BadQueryError(UsageError):
    """A query parameter has a value the API cannot use; `field` names it."""

    def __init__(self, message: str, *, field: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


@router.get("/vessels", response_model=list[Vessel], summary="Vessels seen in the workspace")
def vessels(reader: Reader) -> list[Vessel]:
    return [Vessel(**row) for row in reader.rows("vessels", Filters())]


@router.get("/vessels/{mmsi}", response_model=VesselDetail,
            summary="One vessel with its matches, voyages and events")
def vessel(reader: Reader, mmsi: int) -> VesselDetail:
    found = reader.rows("vessels", Filters(mmsi=mmsi))
    if not found:
        raise NotFoundError(f"no vessel with MMSI {mmsi} in the workspace", kind="vessel",
                            key=str(mmsi))
    return VesselDetail(
        vessel=Vessel(**found[0]),
        matches=[Match(**m) for m in reader.matches(mmsi, required=False)],
        voyages=[Voyage(**v) for v in reader.rows("voyages", Filters(mmsi=mmsi))],
        events=[Event(**e) for e in reader.rows("events", Filters(mmsi=mmsi))])


def _time(text: str | None, field: str) -> datetime | None:
    if not text:
        return None
    try:
        return parse_utc(text)
    except ValueError as error:
        raise BadQueryError("not an ISO 8601 time", field=field) from error


@router.get("/events", response_model=list[Event], summary="Events, filtered")
def events(
    reader: Reader,
    type: Annotated[list[str] | None, Query(description="Event type (repeatable).")] = None,
    mmsi: Annotated[int | None, Query(description="Either vessel of the event.")] = None,
    start: Annotated[str | None, Query(description="Only events ending at or after this "
                                       "time (ISO 8601).", examples=["2023-08-01T00:00:00Z"])
                     ] = None,
    end: Annotated[str | None, Query(description="Only events starting at or before this "
                                     "time (ISO 8601).")] = None,
) -> list[Event]:
    unknown = sorted(set(type or ()) - set(EVENT_TYPES))
    if unknown:
        raise BadQueryError("unknown event type (known: "
                            f"{', '.join(EVENT_TYPES)})", field="type")
    since, until = _time(start, "start"), _time(end, "end")
    if since and until and since > until:
        raise BadQueryError("start is after end", field="start")
    filters = Filters(types=tuple(type or ()), mmsi=mmsi, since=since, until=until)
    return [Event(**row) for row in reader.rows("events", filters)]


@router.get("/voyages", response_model=list[Voyage], summary="Voyages between port calls")
def voyages(
    reader: Reader,
    watched: Annotated[bool, Query(description="Only voyages touching a watched port "
                                   "group.")] = False,
) -> list[Voyage]:
    return [Voyage(**row) for row in reader.rows("voyages", Filters(watched=watched))]


@router.get("/matches", response_model=list[Match],
            summary="Stored screening matches of the workspace's vessels")
def matches(reader: Reader) -> list[Match]:
    return [Match(**m) for m in reader.matches()]


@router.get("/screen", response_model=ScreenResult,
            summary="Screen one identity against the workspace's loaded lists")
def screen(
    reader: Reader,
    imo: Annotated[str | None, Query(examples=["9179842"])] = None,
    mmsi: Annotated[str | None, Query(examples=["273990101"])] = None,
    name: Annotated[str | None, Query(examples=["ANGARA"])] = None,
    callsign: Annotated[str | None, Query(examples=["UBCT8"])] = None,
) -> ScreenResult:
    from darkfleet.screening.query import make_identity

    if not any((imo, mmsi, name, callsign)):
        raise BadQueryError("give at least one of imo, mmsi, name, callsign", field="imo")
    identity = make_identity(imo, mmsi, name, callsign)
    versions, found = reader.screen(identity)
    return ScreenResult(query=Identity(**identity.to_record()),
                        threshold=reader.config.screening.threshold,
                        lists=[ListVersion(**v) for v in versions],
                        matches=[Match(**m.to_record()) for m in found])


@router.get("/definitions", response_model=list[Definition],
            summary="Event type definitions with the thresholds in force")
def definitions(request: Request) -> list[Definition]:
    store: WorkspaceStore = request.app.state.store
    texts = event_definitions(store.config.detect)
    return [Definition(type=kind, definition=text) for kind, text in texts.items()]
