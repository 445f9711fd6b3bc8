"""Hostile requests: no parameter ever names a file, and no answer shows a file or a server path.

Every route of the OpenAPI schema is called with path-like values in each of its parameters
(query and path), and the answers are searched for the content of the files named and for the
server's own paths (workspace, working directory, installation).
"""

from __future__ import annotations

import os
import sys
import urllib.parse
from pathlib import Path

import pytest

import darkfleet

HOSTILE = ("/etc/passwd", "../../../../../../etc/passwd", "..%2F..%2Fetc%2Fpasswd",
           "/etc/hostname", "/proc/self/environ", "~/.bashrc", "C:\\Windows\\win.ini",
           "dprk-russia-2023/../../../etc/passwd", "\x00")


def _server_paths(server) -> list[str]:
    workspace = Path(server.config.workspace).resolve()
    found = {str(workspace), str(workspace.parent), os.getcwd(), sys.prefix,
             str(Path(darkfleet.__file__).resolve().parent)}
    return sorted(p for p in found if len(p) > 1)


def _calls(spec: dict) -> list[str]:
    calls = []
    for route, methods in spec["paths"].items():
        params = methods["get"].get("parameters", [])
        for value in HOSTILE:
            quoted = urllib.parse.quote(value, safe="%")
            path = route
            for param in (p for p in params if p["in"] == "path"):
                path = path.replace("{" + param["name"] + "}", quoted)
            calls.append(path)
            for param in (p for p in params if p["in"] == "query"):
                calls.append(f"{path}?{param['name']}={quoted}")
    return calls


def _forbidden(server, status: int) -> list[str]:
    """File contents and server paths never; in errors, not even the path that was sent."""
    contents = ["root:x:0:0", "daemon:x:", "PATH=", "[fonts]"]
    echoes = ["/etc/passwd", "/etc/hostname", "../"] if status >= 400 else []
    return contents + echoes + _server_paths(server)


@pytest.mark.parametrize("fixture", ["server", "empty_server", "missing_server"])
def test_no_route_answers_a_file_or_a_server_path(fixture, request):
    served = request.getfixturevalue(fixture)
    calls = _calls(served.get("/openapi.json").json())
    assert len(calls) > 60
    for call in calls:
        answer = served.get(call)
        text = answer.body.decode("utf-8", "replace")
        for needle in _forbidden(served, answer.status):
            assert needle not in text, (call, needle)
        assert answer.status < 500 or answer.content_type == "application/json", call


def test_a_case_is_chosen_by_name_only(server):
    for value in ("/etc/passwd", "../etc/passwd", "dprk-russia-2023.yaml", "DPRK",
                  str(Path(darkfleet.__file__).parent / "data/cases/dprk-russia-2023.yaml")):
        answer = server.get("/brief?case=" + urllib.parse.quote(value))
        assert answer.status == 422, value
        assert answer.content_type == "application/json"
        assert value not in answer.body.decode("utf-8")


def test_an_unknown_case_name_lists_the_known_ones_without_repeating_it(server):
    body = server.get("/brief?case=no-such-case").json()
    assert body == {"error": "EvidenceError", "status": 422, "field": "case", "path": None,
                    "message": "case: unknown case (bundled: dprk-russia-2023)"}


def test_health_names_the_workspace_not_its_path(server):
    assert server.get("/health").json()["workspace"] == "ws"


def test_error_messages_keep_only_the_last_part_of_a_path():
    from darkfleet.serve.errors import without_paths

    assert without_paths("not a workspace: /srv/data/ws (run `darkfleet ingest`)") == \
        "not a workspace: ws (run `darkfleet ingest`)"
    assert without_paths("see /api/vessels/1 and 'x/y' and 3/4") == \
        "see /api/vessels/1 and 'x/y' and 3/4"
    assert without_paths("file /etc/") == "file <path>"
