"""The JSON API: vessels, events, voyages, matches, screening and event definitions.

Every route reads the workspace's snapshot through the injected `WorkspaceReader` (one per
request) and answers pydantic models; lists page with `limit` (capped) and `offset` and answer
`{"items": [...], "total": N}`; a query parameter a route does not list is a 400. Errors are
answered by the handlers of `darkfleet.serve.errors`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request

from darkfleet.events.definitions import TEMPLATES, event_definitions
from darkfleet.events.query import PageQuery as Filters
from darkfleet.imagery.findings import EVENT_TYPE as IMAGERY_EVENT
from darkfleet.serve.errors import ERROR_RESPONSES
from darkfleet.serve.models import (
    Definition,
    Event,
    EventPage,
    Identity,
    ListVersion,
    Match,
    MatchPage,
    ScreenResult,
    Vessel,
    VesselDetail,
    VesselPage,
    Voyage,
    VoyageDetail,
    VoyagePage,
)
from darkfleet.serve.params import (
    MAX_LIMIT,
    MAX_TEXT,
    BadQueryError,
    Common,
    parse_bbox,
    parse_time,
    reject_unknown,
)
from darkfleet.serve.store import WorkspaceReader, WorkspaceStore

#: Every event type: detection's, and imagery's detections that no AIS matched.
EVENT_TYPES = (*(kind for kind in TEMPLATES if kind != "voyage"), IMAGERY_EVENT)

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES,
                   dependencies=[Depends(reject_unknown)])

#: A record's id in a path: a short hex digest.
RecordId = Annotated[str, Path(max_length=64, pattern="^[0-9a-f]+$")]


def open_reader(request: Request) -> Iterator[WorkspaceReader]:
    """The dependency: the app's workspace snapshot, open for this request only."""
    store: WorkspaceStore = request.app.state.store
    with store.open() as reader:
        yield reader


Reader = Annotated[WorkspaceReader, Depends(open_reader)]


@router.get("/vessels", response_model=VesselPage, summary="Vessels seen in the workspace")
def vessels(reader: Reader, filters: Common) -> VesselPage:
    rows, total = reader.page("vessels", filters)
    return VesselPage(items=[Vessel(**row) for row in rows], total=total)


@router.get("/vessels/{mmsi}", response_model=VesselDetail,
            summary="One vessel with its matches, voyages and events")
def vessel(reader: Reader, mmsi: Annotated[int, Path(ge=0, le=999_999_999)]) -> VesselDetail:
    return VesselDetail(**reader.vessel(mmsi))


def check_types(types: list[str] | None) -> None:
    """Raises BadQueryError when a type is not an event type."""
    if set(types or ()) - set(EVENT_TYPES):
        raise BadQueryError(f"unknown event type (known: {', '.join(EVENT_TYPES)})",
                            field="type")


@router.get("/map", summary="The map's features as GeoJSON (land, watched ports, tracks, "
            "gaps, events)")
def map_features(
    reader: Reader,
    mmsi: Annotated[int | None, Query(ge=0, le=999_999_999)] = None,
    since: Annotated[str | None, Query(max_length=MAX_TEXT)] = None,
    until: Annotated[str | None, Query(max_length=MAX_TEXT)] = None,
    all: Annotated[bool, Query(description="Every vessel (default: vessels with a watched "
                               "voyage, or the one of `mmsi`).")] = False,
) -> dict[str, Any]:
    start, end = parse_time(since, "since"), parse_time(until, "until")
    mmsis: list[int] | None = [mmsi] if mmsi is not None else None
    if mmsis is None and not all:
        watched = reader.rows("voyages", Filters(watched=True))
        mmsis = sorted({v["mmsi"] for v in watched} | {v["other_mmsi"] for v in
                       reader.rows("events", Filters(types=("encounter",), watched=True))
                       if v["other_mmsi"]})
    return {"type": "FeatureCollection", "features": reader.features(mmsis, start, end)}


@router.get("/events", response_model=EventPage, summary="Events, filtered")
def events(
    reader: Reader,
    filters: Common,
    type: Annotated[list[str] | None, Query(max_length=MAX_TEXT, description=(
        "Event type (repeatable)."), examples=["ais_gap"])] = None,
    bbox: Annotated[str | None, Query(max_length=MAX_TEXT, description=(
        "Only events inside west,south,east,north (degrees)."),
        examples=["129,41,133,44"])] = None,
    suspected: Annotated[bool, Query(description=(
        "Only suspected AIS gaps (those detection did not explain away)."))] = False,
) -> EventPage:
    check_types(type)
    query = replace(filters, types=tuple(type or ()), bbox=parse_bbox(bbox),
                    suspected=suspected)
    rows, total = reader.page("events", query)
    return EventPage(items=[Event(**row) for row in rows], total=total)


@router.get("/events/{id}", response_model=Event, summary="One event")
def event(reader: Reader, id: RecordId) -> Event:
    return Event(**reader.one("events", Filters(ids=(id,)), kind="event", key=id))


@router.get("/voyages", response_model=VoyagePage, summary="Voyages between port calls")
def voyages(reader: Reader, filters: Common) -> VoyagePage:
    rows, total = reader.page("voyages", filters)
    return VoyagePage(items=[Voyage(**row) for row in rows], total=total)


@router.get("/voyages/{id}", response_model=VoyageDetail,
            summary="One voyage with the vessel's events during it")
def voyage(reader: Reader, id: RecordId) -> VoyageDetail:
    return VoyageDetail(**reader.voyage(id))


@router.get("/matches", response_model=MatchPage,
            summary="Stored screening matches of the workspace's vessels, strongest first")
def matches(
    reader: Reader,
    mmsi: Annotated[int | None, Query(ge=0, le=999_999_999)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> MatchPage:
    found = reader.matches(mmsi)
    return MatchPage(items=[Match(**m) for m in found[offset:offset + limit]],
                     total=len(found))


@router.get("/screen", response_model=ScreenResult,
            summary="Screen one identity against the workspace's loaded lists")
def screen(
    reader: Reader,
    imo: Annotated[str | None, Query(max_length=MAX_TEXT, examples=["9179842"])] = None,
    mmsi: Annotated[str | None, Query(max_length=MAX_TEXT, examples=["273990101"])] = None,
    name: Annotated[str | None, Query(max_length=MAX_TEXT, examples=["ANGARA"])] = None,
    callsign: Annotated[str | None, Query(max_length=MAX_TEXT, examples=["UBCT8"])] = None,
) -> ScreenResult:
    from darkfleet.screening.identity_input import make_identity

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
