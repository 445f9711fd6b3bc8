"""Helpers of the web app tests and benchmark: a pipeline-built workspace and a real server.

`build_workspace(root)` runs the real pipeline on a small SIMULATED flagship scenario;
`serving(config)` runs a real uvicorn server on a free 127.0.0.1 port in a thread, yields a
`Server` to query it over HTTP with `urllib.request`, and stops it afterwards.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from darkfleet.config import Config
from darkfleet.events.detection import detect
from darkfleet.events.ports import load_registry
from darkfleet.ingest import ingest_files
from darkfleet.screening import (
    bundled_list_paths,
    load_list_files,
    screen_workspace,
    workspace_screening_reasons,
)
from darkfleet.serve import create_app, make_server
from darkfleet.simulate import Size
from darkfleet.simulate.output import simulate
from darkfleet.store import Workspace


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str]

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class Server:
    base: str
    config: Config

    def get(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        request = urllib.request.Request(self.base + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Answer(response.status, response.headers["content-type"],
                              response.read(), dict(response.headers))
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.headers["content-type"], error.read(),
                          dict(error.headers))


@contextmanager
def serving(config: Config, token: str | None = None,
            stream_lifetime_s: float = 0.3) -> Iterator[Server]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = make_server(create_app(config, token, stream_lifetime_s=stream_lifetime_s))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    served = Server(f"http://127.0.0.1:{port}", config)
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        auth = {"Authorization": f"Bearer {token}"} if token else {}
        assert served.get("/health", auth).status == 200
        yield served
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def build_workspace(root: Path, size: Size | None = None) -> Config:
    """The real pipeline on a SIMULATED flagship scenario (by default 3 days with 2 background
    vessels): simulate, ingest, load the bundled lists, screen, detect."""
    config = Config().with_workspace(root / "ws")
    written = simulate("dprk-russia-2023", root / "sim", 1, size or Size(days=3, background=2))
    with Workspace.open(config.workspace, create=True) as ws:
        ingest_files([Path(written["nmea"])], ws, config.ingest)
        load_list_files(ws, bundled_list_paths())
        screen_workspace(ws, config.screening)
        detect(ws, config.detect, load_registry(), workspace_screening_reasons(ws))
    return config
