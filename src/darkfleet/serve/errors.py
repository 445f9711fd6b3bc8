"""Errors to HTTP answers, in one place: the status table and the handlers that use it.

Every error a request can provoke is a `DarkfleetError` (or FastAPI's own validation error for
a malformed query); each answers an `ErrorResponse` JSON body with the status of the nearest
class in `STATUS`.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from darkfleet.errors import (
    DarkfleetError,
    EstimationError,
    EvidenceError,
    InputError,
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
}

#: The `responses=` of every route: the error statuses it may answer, with their body.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse} for status in (400, 404, 409, 422, 500)
}


def status_of(error: DarkfleetError) -> int:
    """The HTTP status of `error`: that of the nearest of its classes in `STATUS`."""
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 500


def _answer(body: ErrorResponse) -> JSONResponse:
    return JSONResponse(body.model_dump(), status_code=body.status)


async def _darkfleet_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DarkfleetError)
    path = getattr(error, "path", None)
    return _answer(ErrorResponse(
        error=type(error).__name__, message=error.message, status=status_of(error),
        field=getattr(error, "field", None), path=path))


async def _validation_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"][1:]) or None
    return _answer(ErrorResponse(error="ValidationError", message=f"{field}: {first['msg']}",
                                 status=422, field=field))


async def _http_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    return _answer(ErrorResponse(error="HTTPError", message=str(error.detail),
                                 status=error.status_code))


def add_handlers(app: FastAPI) -> None:
    """Register the one handler table of the app."""
    app.add_exception_handler(DarkfleetError, _darkfleet_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
