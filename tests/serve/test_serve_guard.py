"""The guard: only bounded GET requests, the access token off loopback, safe headers; and the
command's start-up checks (token, busy port, help)."""

from __future__ import annotations

import http.client
import socket
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from serve_helpers import serving

from darkfleet.cli import cli
from darkfleet.cli.serve_cmd import is_loopback

TOKEN = "correct-horse-battery"


def _raw(base: str, method: str, target: str, body: bytes | None = None,
         headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request(method, target, body=body, headers=headers or {})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


@pytest.fixture(scope="module")
def token_server(pipeline_config):
    with serving(pipeline_config, token=TOKEN) as served:
        yield served


def test_only_bounded_get_requests_are_answered(server):
    assert _raw(server.base, "POST", "/api/vessels", b"{}").status == 405
    assert _raw(server.base, "DELETE", "/api/vessels").status == 405
    assert _raw(server.base, "GET", "/api/vessels", b"x" * 10).status == 413
    assert _raw(server.base, "GET", "/api/vessels?q=" + "A" * 5000).status == 414
    assert _raw(server.base, "HEAD", "/health").status == 405
    assert _raw(server.base, "GET", "/health").status == 200


def test_every_answer_carries_the_safe_headers(server):
    for path in ("/health", "/api/vessels", "/api/nothing-here"):
        headers = {k.lower(): v for k, v in server.get(path).headers.items()}
        assert headers["content-security-policy"].startswith("default-src 'self';"), path
        assert "connect-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert "server" not in headers


def test_with_a_token_every_request_must_carry_it(token_server):
    for path in ("/health", "/api/vessels", "/openapi.json", "/"):
        answer = token_server.get(path)
        assert answer.status == 401 and answer.json()["error"] == "HTTPError", path
        assert token_server.get(path, {"Authorization": "Bearer wrong"}).status == 401
    assert token_server.get("/api/vessels", {"Authorization": f"Bearer {TOKEN}"}).status == 200
    assert token_server.get("/api/vessels", {"Cookie": f"darkfleet_token={TOKEN}"}).status == 200


def test_a_page_opened_with_the_token_sets_the_cookie_and_drops_it_from_the_address(
        token_server):
    response = _raw(token_server.base, "GET", f"/api/vessels?token={TOKEN}&limit=2")
    assert response.status == 303
    assert response.getheader("location") == "/api/vessels?limit=2"
    assert response.getheader("set-cookie") == (
        f"darkfleet_token={TOKEN}; Path=/; HttpOnly; SameSite=Strict")
    assert _raw(token_server.base, "GET", "/api/vessels?token=nope").status == 401


def test_loopback_addresses():
    assert [is_loopback(h) for h in ("127.0.0.1", "127.3.2.1", "::1", "localhost", "0.0.0.0",
                                     "192.168.1.4", "example.org")] == [
        True, True, True, True, False, False, False]


def test_another_address_without_a_token_is_refused(pipeline_config):
    result = CliRunner().invoke(cli, ["serve", "-w", str(pipeline_config.workspace),
                                      "--host", "0.0.0.0"], env={"DARKFLEET_TOKEN": ""})
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1].endswith(
        "listening on 0.0.0.0 answers other machines: give an access token with --token or "
        "DARKFLEET_TOKEN")


def test_a_busy_port_is_one_line_and_exit_1(pipeline_config):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "-w", str(pipeline_config.workspace),
                                          "--port", str(port)])
    assert result.exit_code == 1
    assert result.output == (f"Error: port {port} on 127.0.0.1 is in use: stop what holds it "
                             "or choose another with --port\n")


def test_help_names_what_exists():
    text = CliRunner().invoke(cli, ["serve", "--help"]).output
    assert "/docs" not in text and "/openapi.json" in text
    for page in ("/map", "/search?q=", "/vessels/MMSI", "/voyages/ID", "/events", "/claims",
                 "/estimate", "/brief", "/api/events/ID", "/api/voyages/ID", "--token"):
        assert page in text, page
