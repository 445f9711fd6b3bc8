"""Workspaces that cannot answer: an error JSON body with the status of `STATUS`, never a 500."""

from __future__ import annotations

import pytest

from darkfleet.errors import (
    DarkfleetError,
    DecodeError,
    EvidenceError,
    MissingExtraError,
    ReportError,
    ScreeningError,
    StoreError,
    UsageError,
)
from darkfleet.serve import STATUS, NotFoundError
from darkfleet.serve.errors import status_of


def test_a_workspace_with_nothing_ingested_answers_a_clear_error(empty_server):
    for path in ("/api/vessels", "/api/events", "/api/voyages", f"/api/vessels/{273990101}"):
        answer = empty_server.get(path)
        assert answer.status == 409 and answer.content_type == "application/json", path
        assert answer.json() == {"error": "StoreError", "status": 409, "field": None,
                                 "path": "ws",
                                 "message": "no events yet (run `darkfleet detect` first)"}
    matches = empty_server.get("/api/matches").json()
    assert matches["status"] == 409 and "darkfleet screen" in matches["message"]
    screen = empty_server.get("/api/screen?imo=9179842").json()
    assert screen["status"] == 409 and "darkfleet lists load --bundled" in screen["message"]
    assert empty_server.get("/health").json()["tables"] == []


def test_a_missing_workspace_is_409_and_health_still_answers(missing_server):
    body = missing_server.get("/api/vessels").json()
    assert body["status"] == 409 and body["error"] == "StoreError"
    assert body["message"] == "no darkfleet workspace here (run `darkfleet ingest` first)"
    assert missing_server.get("/health").json()["tables"] == []
    assert missing_server.get("/api/definitions").status == 200


@pytest.mark.parametrize(("error", "status"), [
    (NotFoundError("x", kind="vessel", key="1"), 404),
    (StoreError("x"), 409),
    (DecodeError("x", reason="checksum"), 400),
    (ScreeningError("x"), 422),
    (EvidenceError("x"), 422),
    (UsageError("x"), 400),
    (ReportError("x"), 500),
    (MissingExtraError("jinja2", "reports"), 503),
    (DarkfleetError("x"), 400),
])
def test_each_error_takes_the_status_of_its_nearest_class(error, status):
    assert status_of(error) == status
    assert STATUS[NotFoundError] == 404
