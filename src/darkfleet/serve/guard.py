"""The app's outer guard, an ASGI middleware: bounded requests, an access token, safe headers.

- Only GET: the app reads, it never takes a request body (413 if one is sent, 405 for other
  methods); a request target longer than `MAX_TARGET` bytes is a 414.
- With a token (required by `darkfleet serve` for any address but loopback) every request must
  carry it: `Authorization: Bearer TOKEN` or the `darkfleet_token` cookie. A page opened once
  with `?token=TOKEN` sets that cookie and is redirected to the same address without it.
- Every answer says where the page may load from (`Content-Security-Policy`: this server only),
  so a page can never make the browser fetch from elsewhere.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: The longest request target (path and query) accepted, in bytes.
MAX_TARGET = 4096
COOKIE = "darkfleet_token"

HEADERS = [
    (b"content-security-policy",
     b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
     b"script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
     b"base-uri 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class Guard:
    """Wraps the app: refuses what it must not answer, adds the safe headers to the rest."""

    def __init__(self, app: ASGIApp, token: str | None = None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            await _answer(send, *refusal)
            return
        login = self._login(scope)
        if login is not None:
            await _answer(send, 303, "", login)
            return

        async def send_safe(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, send_safe)

    def _refusal(self, scope: Scope) -> tuple[int, str] | None:
        headers = dict(scope.get("headers") or [])
        if scope["method"] != "GET":
            return 405, "this app only reads: use GET"
        if headers.get(b"content-length", b"0") != b"0" or b"transfer-encoding" in headers:
            return 413, "requests carry no body"
        if len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"") > MAX_TARGET:
            return 414, f"the request target is longer than {MAX_TARGET} bytes"
        if self.token and not self._carries_token(scope, headers):
            return 401, ("this server needs its access token: send 'Authorization: Bearer "
                         "TOKEN', or open a page once with ?token=TOKEN")
        return None

    def _carries_token(self, scope: Scope, headers: dict[bytes, bytes]) -> bool:
        assert self.token is not None
        offered = [headers.get(b"authorization", b"").decode("latin-1").removeprefix("Bearer ")]
        cookie: SimpleCookie = SimpleCookie()
        try:
            cookie.load(headers.get(b"cookie", b"").decode("latin-1"))
        except Exception:  # a malformed cookie header is no token
            cookie = SimpleCookie()
        if COOKIE in cookie:
            offered.append(cookie[COOKIE].value)
        offered += [v for k, v in _query(scope) if k == "token"]
        return any(hmac.compare_digest(o.encode(), self.token.encode()) for o in offered)

    def _login(self, scope: Scope) -> list[tuple[bytes, bytes]] | None:
        """The redirect's headers when a request carries the token in its query."""
        pairs = _query(scope)
        if not self.token or not any(k == "token" for k, _ in pairs):
            return None
        rest = urlencode([(k, v) for k, v in pairs if k != "token"])
        location = scope.get("root_path", "") + scope["path"] + (f"?{rest}" if rest else "")
        cookie = f"{COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict"
        return [(b"location", location.encode()), (b"set-cookie", cookie.encode())]


def _query(scope: Scope) -> list[tuple[str, str]]:
    return parse_qsl((scope.get("query_string") or b"").decode("latin-1"),
                     keep_blank_values=True)


async def _answer(send: Send, status: int, message: str,
                  extra: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps({"error": "HTTPError", "message": message, "status": status,
                       "field": None, "path": None}).encode() if message else b""
    headers = [(b"content-type", b"application/json"),
               (b"content-length", str(len(body)).encode()), *HEADERS, *(extra or [])]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
