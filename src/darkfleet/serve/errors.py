"""Errors to HTTP answers, in one place: the status table and the handlers that use it.

Every error a request can provoke is a `DarkfleetError` (or FastAPI's own validation error for
a malformed query); each answers an `ErrorResponse` JSON body with the status of the nearest
class in `STATUS`. Answers never show a server path: `path` is the file's or workspace's name
only, absolute paths in messages are cut to their last part, and anything unexpected is a bare
500 without its details.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from darkfleet.errors import (
    DarkfleetError,
    EstimationError,
    EvidenceError,
    InputError,
    MissingExtraError,
    ReportError,
    ScreeningError,
    StoreError,
    UsageError,
)
from darkfleet.serve.models import ErrorResponse


class NotFoundError(InputError):
    """A record asked for by key is not in the workspace; `kind` and `key` say which."""

    def __init__(self, message: str, *, kind: str, key: str) -> None:
        self.kind = kind
        self.key = key
        super().__init__(message)


#: HTTP status of each error class; an error takes the status of its nearest class here.
STATUS: dict[type[DarkfleetError], int] = {
    DarkfleetError: 400,
    InputError: 400,
    UsageError: 400,
    NotFoundError: 404,
    StoreError: 409,
    ScreeningError: 422,
    EvidenceError: 422,
    EstimationError: 422,
    ReportError: 500,
    MissingExtraError: 503,
}

#: The `responses=` of every route: the error statuses it may answer, with their body.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse} for status in (400, 404, 409, 422, 500, 503)
}


def status_of(error: DarkfleetError) -> int:
    """The HTTP status of `error`: that of the nearest of its classes in `STATUS`."""
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 500


#: Paths always answered in JSON; a page's error is an HTML page for a browser (which accepts
#: text/html) and JSON for any other client.
JSON_PREFIXES = ("/api/", "/api", "/health", "/openapi.json", "/static/")


def _answer(body: ErrorResponse, request: Request | None = None) -> Response:
    if (request is not None and not request.url.path.startswith(JSON_PREFIXES)
            and "text/html" in request.headers.get("accept", "")):
        from darkfleet.serve.pages import render

        page = render("error.html", title=f"Error {body.status}", message=body.message)
        page.status_code = body.status
        return page
    return JSONResponse(body.model_dump(), status_code=body.status)


#: An absolute file path inside a message (not an API route, which the client already knows).
_ABSOLUTE_PATH = re.compile(r"(?<![\w.:/])/(?!api/)(?:[^\s'\"`/]+/)+([^\s'\"`/]*)")


def without_paths(message: str) -> str:
    """`message` with every absolute path cut to its last part (`/srv/x/ws` -> `ws`)."""
    return _ABSOLUTE_PATH.sub(lambda found: found.group(1) or "<path>", message)


def _name(path: object) -> str | None:
    return None if path is None else PurePath(str(path)).name or None


def _pathlike_values(request: Request) -> list[str]:
    values = [*request.query_params.values(), *map(str, request.path_params.values())]
    return sorted((v for v in values if any(c in v for c in "/\\") or ".." in v),
                  key=len, reverse=True)


def safe_message(message: str, request: Request) -> str:
    """`message` without absolute paths, nor the path-like values the request itself sent."""
    for value in _pathlike_values(request):
        message = message.replace(value, "<value>")
    return without_paths(message)


async def _darkfleet_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, DarkfleetError)
    return _answer(ErrorResponse(
        error=type(error).__name__, message=safe_message(error.message, request),
        status=status_of(error), field=getattr(error, "field", None),
        path=_name(getattr(error, "path", None))), request)


async def _unexpected_error(request: Request, error: Exception) -> Response:
    return _answer(ErrorResponse(error="InternalError", status=500,
                                 message="internal error (details are in the server's log)"),
                   request)


async def _validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"][1:]) or None
    return _answer(ErrorResponse(error="ValidationError", message=f"{field}: {first['msg']}",
                                 status=422, field=field), request)


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    return _answer(ErrorResponse(error="HTTPError", message=str(error.detail),
                                 status=error.status_code), request)


def add_handlers(app: FastAPI) -> None:
    """Register the one handler table of the app."""
    app.add_exception_handler(DarkfleetError, _darkfleet_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
