"""Which feed a command line names: `--listen tcp://H:P`, `--listen udp://H:P`,
`--connect tcp://H:P`, `--follow FILE` or `--replay FILE` (with `--speed`)."""

from __future__ import annotations

from urllib.parse import urlsplit

from darkfleet.errors import UsageError
from darkfleet.watch.feed import Feed
from darkfleet.watch.file_feeds import FollowFeed, ReplayFeed
from darkfleet.watch.net_feeds import TcpConnectFeed, TcpListenFeed, UdpListenFeed
from darkfleet.watch.settings import WatchSettings

MODES = ("listen", "connect", "follow", "replay")


def open_feed(mode: str, target: str, settings: WatchSettings, max_line_bytes: int,
              speed: float = 0.0) -> Feed:
    """The feed of `mode` (one of `MODES`) at `target` (an address URL or a file).

    Raises:
        UsageError: an unknown mode, or an address that is not `tcp://HOST:PORT` (or
            `udp://HOST:PORT` for `listen`).
    """
    if mode == "follow":
        return FollowFeed(target, max_line_bytes, settings.follow_poll_s)
    if mode == "replay":
        return ReplayFeed(target, max_line_bytes, speed)
    if mode not in MODES:
        raise UsageError(f"unknown feed mode {mode!r}")
    scheme, host, port = parse_address(target)
    if mode == "connect":
        if scheme != "tcp":
            raise UsageError(f"--connect takes tcp://HOST:PORT, not {target!r}")
        return TcpConnectFeed(host, port, max_line_bytes, settings.reconnect_min_s,
                              settings.reconnect_max_s)
    if scheme == "udp":
        return UdpListenFeed(host, port, max_line_bytes)
    return TcpListenFeed(host, port, max_line_bytes)


def parse_address(target: str) -> tuple[str, str, int]:
    """(scheme, host, port) of `tcp://HOST:PORT` or `udp://HOST:PORT` (IPv6 in brackets).

    Raises:
        UsageError: anything else.
    """
    parts = urlsplit(target)
    try:
        port = parts.port
    except ValueError as error:
        raise UsageError(f"bad port in {target!r}") from error
    if parts.scheme not in ("tcp", "udp") or not parts.hostname or port is None:
        raise UsageError(f"expected tcp://HOST:PORT or udp://HOST:PORT, got {target!r}")
    return parts.scheme, parts.hostname, port
