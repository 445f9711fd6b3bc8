"""Query parameters shared by the API's list routes, and their checks.

Every route answers 400 to a parameter it does not list (`reject_unknown`), every text value is
bounded in length, and `limit` is capped: a request cannot ask for an unbounded answer.
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from darkfleet.errors import UsageError
from darkfleet.events.query import PageQuery as Filters
from darkfleet.timefmt import parse_utc

#: The longest text any query parameter may hold.
MAX_TEXT = 200
#: Rows on a page when `limit` is not given, and the most a page may hold.
DEFAULT_LIMIT = 100
MAX_LIMIT = 500
#: The furthest a page may start.
MAX_OFFSET = 10_000_000

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,40}")


class BadQueryError(UsageError):
    """A query parameter has a value the API cannot use; `field` names it."""

    def __init__(self, message: str, *, field: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


def allowed(route: APIRoute) -> set[str]:
    """The query parameters `route` lists (its own and its dependencies')."""
    return _query_names(route.dependant)


def _query_names(dependant: Dependant) -> set[str]:
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def reject_unknown(request: Request) -> None:
    """The dependency of every route: a query parameter the route does not list is a 400."""
    route = request.scope.get("route")
    known = allowed(route) if isinstance(route, APIRoute) else set()
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        listed = ", ".join(sorted(known)) or "none"
        name = unknown[0] if _NAME.fullmatch(unknown[0]) else "query"  # never echo a path
        raise BadQueryError(f"unknown parameter (this route takes: {listed})", field=name)


def parse_time(text: str | None, field: str) -> datetime | None:
    """An ISO 8601 query time as an aware UTC datetime (None when not given)."""
    if not text:
        return None
    try:
        return parse_utc(text)
    except ValueError as error:
        raise BadQueryError("not an ISO 8601 time", field=field) from error


def parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
    """`west,south,east,north` in degrees as a tuple (None when not given)."""
    if not text:
        return None
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError as error:
        raise BadQueryError("give four numbers: west,south,east,north in degrees",
                            field="bbox") from error
    if not all(map(math.isfinite, (west, south, east, north))) or not (
            -180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise BadQueryError("west <= east within -180..180 and south <= north within -90..90",
                            field="bbox")
    return west, south, east, north


def filters(
    q: Annotated[str | None, Query(max_length=MAX_TEXT, description=(
        "A vessel's name (any it reported; Cyrillic and Hangul too), IMO, MMSI or call sign."),
        examples=["ANGARA"])] = None,
    mmsi: Annotated[int | None, Query(ge=0, le=999_999_999, description=(
        "The vessel's MMSI (either vessel of an encounter)."))] = None,
    imo: Annotated[int | None, Query(ge=0, le=9_999_999, description="The vessel's IMO.")
                   ] = None,
    since: Annotated[str | None, Query(max_length=MAX_TEXT, description=(
        "Only rows ending at or after this time (ISO 8601)."),
        examples=["2023-08-01T00:00:00Z"])] = None,
    until: Annotated[str | None, Query(max_length=MAX_TEXT, description=(
        "Only rows starting at or before this time (ISO 8601)."))] = None,
    watched: Annotated[bool, Query(description=(
        "Only voyages touching a watched port group (events and vessels: of vessels with "
        "one)."))] = False,
    min_risk: Annotated[str | None, Query(max_length=20, description=(
        "Only voyages with at least this risk, 0 to 1 (events and vessels: of vessels with "
        "one)."), examples=["0.5"])] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=(
        f"Rows on the page (at most {MAX_LIMIT})."))] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")] = 0,
) -> Filters:
    """The filters every list route takes."""
    start, end = parse_time(since, "since"), parse_time(until, "until")
    if start and end and start > end:
        raise BadQueryError("since is after until", field="since")
    return Filters(q=q or None, mmsi=mmsi, imo=imo, since=start, until=end, watched=watched,
                   min_risk=parse_risk(min_risk), limit=limit, offset=offset)


def parse_risk(text: str | None) -> float | None:
    """A risk from 0 to 1 (None when not given or empty, as an empty form field sends it)."""
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 <= value <= 1:
        raise BadQueryError("give a number from 0 to 1", field="min_risk")
    return value


Common = Annotated[Filters, Depends(filters)]
