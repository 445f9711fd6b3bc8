"""Network feeds: listen on TCP (any number of clients, each may connect and drop), listen on
UDP (one datagram, one or more lines), and connect to a TCP server with reconnection backoff."""

from __future__ import annotations

import socket
import threading

from darkfleet.errors import InputError
from darkfleet.watch.feed import Feed, LineSplitter, hand_over, log
from darkfleet.watch.line_queue import LineQueue

_RECV_BYTES = 1 << 16
_POLL_S = 0.2


class TcpListenFeed(Feed):
    """`--listen tcp://HOST:PORT`: a server; every client's stream is read line by line."""

    def __init__(self, host: str, port: int, max_line_bytes: int) -> None:
        super().__init__(f"tcp://{host}:{port}", max_line_bytes)
        self.host, self.port = host, port
        self._server: socket.socket | None = None

    def open(self) -> None:
        try:
            server = socket.create_server((self.host, self.port), reuse_port=False)
        except OSError as error:
            raise InputError(f"cannot listen: {error.strerror or error}",
                             path=self.name) from error
        server.settimeout(_POLL_S)
        self._server = server
        self.port = server.getsockname()[1]
        self.name = f"tcp://{self.host}:{self.port}"

    def run(self, queue: LineQueue, stop: threading.Event) -> None:
        assert self._server is not None
        with self._server:
            while not stop.is_set():
                try:
                    client, _ = self._server.accept()
                except TimeoutError:
                    continue
                self.connections += 1
                self._spawn(read_stream, client, queue, stop, self.max_line_bytes)


def read_stream(sock: socket.socket, queue: LineQueue, stop: threading.Event,
                max_line_bytes: int) -> int:
    """Read a connected socket until it closes or `stop` is set (then take what the socket
    already holds, so everything received is handed over); returns the lines read."""
    splitter = LineSplitter(max_line_bytes)
    count = 0
    sock.settimeout(_POLL_S)
    with sock:
        while data := _receive(sock, stop):
            lines = splitter.feed(data)
            count += len(lines)
            hand_over(queue, lines)
    rest = splitter.flush()
    hand_over(queue, rest)
    return count + len(rest)


def _receive(sock: socket.socket, stop: threading.Event) -> bytes:
    """The next bytes of `sock`; empty at its end, on an error, or once `stop` is set and
    nothing more is waiting."""
    while True:
        if stop.is_set():
            sock.setblocking(False)
        try:
            return sock.recv(_RECV_BYTES)
        except (TimeoutError, BlockingIOError):
            if stop.is_set():
                return b""
        except OSError as error:
            log.warning("connection lost: %s", error)
            return b""


class UdpListenFeed(Feed):
    """`--listen udp://HOST:PORT`: each datagram holds whole lines (as receivers send them)."""

    def __init__(self, host: str, port: int, max_line_bytes: int) -> None:
        super().__init__(f"udp://{host}:{port}", max_line_bytes)
        self.host, self.port = host, port
        self._sock: socket.socket | None = None

    def open(self) -> None:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_DGRAM)
        try:
            sock.bind((self.host, self.port))
        except OSError as error:
            sock.close()
            raise InputError(f"cannot listen: {error.strerror or error}",
                             path=self.name) from error
        sock.settimeout(_POLL_S)
        self._sock = sock
        self.port = sock.getsockname()[1]
        self.name = f"udp://{self.host}:{self.port}"

    def run(self, queue: LineQueue, stop: threading.Event) -> None:
        assert self._sock is not None
        with self._sock:
            while not stop.is_set():
                try:
                    data = self._sock.recv(_RECV_BYTES)
                except TimeoutError:
                    continue
                splitter = LineSplitter(self.max_line_bytes)
                hand_over(queue, splitter.feed(data) + splitter.flush(), block=False)


class TcpConnectFeed(Feed):
    """`--connect tcp://HOST:PORT`: a client of a feed server (a receiver, an aggregator);
    reconnects after a failure or a closed connection, waiting `min_s`, doubled each failed
    attempt up to `max_s` (back to `min_s` once a connection delivered data)."""

    def __init__(self, host: str, port: int, max_line_bytes: int, min_s: float, max_s: float
                 ) -> None:
        super().__init__(f"tcp://{host}:{port}", max_line_bytes)
        self.host, self.port = host, port
        self.min_s, self.max_s = min_s, max_s

    def run(self, queue: LineQueue, stop: threading.Event) -> None:
        wait = self.min_s
        while not stop.is_set():
            try:
                sock = socket.create_connection((self.host, self.port), timeout=5)
            except OSError as error:
                log.warning("cannot connect to %s: %s; again in %.1f s", self.name, error, wait)
                stop.wait(wait)
                wait = min(wait * 2, self.max_s)
                continue
            self.connections += 1
            if read_stream(sock, queue, stop, self.max_line_bytes):
                wait = self.min_s
            if not stop.is_set():
                log.warning("%s closed the connection; again in %.1f s", self.name, wait)
                stop.wait(wait)
                wait = min(wait * 2, self.max_s)
