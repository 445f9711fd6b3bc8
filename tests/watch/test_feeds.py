"""Feeds and outputs on real sockets and files: receipt times, UDP, reconnection with backoff,
following a rotated file, the webhook and `darkfleet alerts --since`."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner
from watch_helpers import free_port, recording

from darkfleet.cli import cli
from darkfleet.config import Config
from darkfleet.events import load_registry
from darkfleet.ingest.pipeline import NmeaPipeline
from darkfleet.ingest.reader import Chunk
from darkfleet.simulate.nmea import checksum
from darkfleet.store import Workspace
from darkfleet.watch import (
    Watcher,
    WatchSummary,
    WebhookSink,
    default_rules,
    open_feed,
    read_alerts,
)
from darkfleet.watch.feed import LineSplitter
from darkfleet.watch.outputs import StreamSink
from darkfleet.watch.stamp import stamp

LINES = [line.text for line in recording()]
BARE = "!AIVDM,1,1,,A,15>tr?@P0j9DaS0GetL3Q?v00000,0*11"


def _tagged(tag: str, line: str) -> bytes:
    return f"\\{tag}*{checksum(tag)}\\{line}".encode()


def test_a_line_without_a_time_gets_its_arrival_time_in_its_tag_block() -> None:
    assert stamp(BARE.encode(), 1768003200123) == _tagged("c:1768003200123", BARE)
    assert stamp(_tagged("s:rx1", BARE), 1768003200123) == _tagged("c:1768003200123,s:rx1",
                                                                    BARE)
    timed = LINES[0].encode()
    assert stamp(timed, 1) == timed
    assert stamp(b"$PGHP,1,2026,1,10,0,0,0,0,,,,,*1A", 1) == b"$PGHP,1,2026,1,10,0,0,0,0,,,,,*1A"
    pipeline = NmeaPipeline("live", Config().ingest)
    rows = pipeline.process(Chunk(1, [stamp(BARE.encode(), 1768003200123)]))
    assert rows.positions.column("ts").cast("int64").to_pylist() == [1768003200123]


def test_lines_split_across_reads_and_overlong_lines_are_cut() -> None:
    splitter = LineSplitter(10)
    assert splitter.feed(b"abc\r\nde") == [b"abc"]
    assert splitter.feed(b"f\n0123456789ABCDEF") == [b"def", b"0123456789A"]
    assert splitter.feed(b"GH\nxyz") == []
    assert splitter.flush() == [b"xyz"]


def _config(workspace: Path, **watch: object) -> Config:
    config = Config().with_workspace(workspace)
    return dataclasses.replace(config, watch=dataclasses.replace(
        config.watch, commit_interval_s=0.2, **watch))  # type: ignore[arg-type]


@contextmanager
def watching(config: Config, mode: str, target: str, sinks: list[WebhookSink] | None = None
             ) -> Iterator[tuple[Watcher, list[WatchSummary]]]:
    feed = open_feed(mode, target, config.watch, config.ingest.max_line_bytes)
    watcher = Watcher(config, feed, default_rules(), load_registry(None), sinks or [])
    stop, done = threading.Event(), []
    thread = threading.Thread(target=lambda: done.append(watcher.run(stop)))
    thread.start()
    _wait(lambda: watcher.started.is_set() or bool(done))
    try:
        yield watcher, done
    finally:
        stop.set()
        thread.join(30)


def _positions(workspace: Path) -> int:
    with Workspace.open(workspace) as ws:
        return int(ws.query("SELECT count(*) AS n FROM {positions}").to_pylist()[0]["n"])


def _wait(condition: object, timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
        time.sleep(0.02)


def test_udp_datagrams_are_stored_and_counted(workspace: Path) -> None:
    port = free_port()
    sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    with watching(_config(workspace), "listen", f"udp://127.0.0.1:{port}") as (watcher, done), \
            sender:
        for start in range(0, len(LINES), 4):  # several lines per datagram
            sender.sendto(("\n".join(LINES[start:start + 4]) + "\n").encode(),
                          ("127.0.0.1", port))
            time.sleep(0.01)
        sender.sendto((BARE + "\n").encode(), ("127.0.0.1", port))
        _wait(lambda: watcher.batcher.pipeline.counts.lines >= len(LINES) + 1)
    report = done[0].report
    assert (report.lines, report.messages, report.positions, report.static_reports) == (
        29, 28, 27, 1)
    assert _positions(workspace) == 27


def test_connect_retries_until_the_server_is_up_and_after_it_drops(workspace: Path) -> None:
    port = free_port()
    config = _config(workspace, reconnect_min_s=0.05, reconnect_max_s=0.2)
    with watching(config, "connect", f"tcp://127.0.0.1:{port}") as (watcher, done):
        time.sleep(0.5)  # nothing listens yet: the watch keeps trying
        with socket.create_server(("127.0.0.1", port)) as server:
            for part in (LINES[:10], LINES[10:]):
                client, _ = server.accept()
                with client:
                    client.sendall(("\n".join(part) + "\n").encode())
            _wait(lambda: watcher.batcher.pipeline.counts.lines >= len(LINES))
    assert done[0].report.lines == len(LINES)
    assert watcher.feed.connections >= 2
    assert _positions(workspace) == 26


def test_follow_reads_a_growing_file_through_its_rotation(workspace: Path, tmp_path: Path
                                                          ) -> None:
    log = tmp_path / "feed.nmea"
    log.write_text("\n".join(LINES[:10]) + "\n")
    config = _config(workspace, follow_poll_s=0.02)
    with watching(config, "follow", str(log)) as (watcher, done):
        _wait(lambda: watcher.batcher.pipeline.counts.lines >= 10)
        with log.open("a") as stream:
            stream.write("\n".join(LINES[10:20]) + "\n")
        _wait(lambda: watcher.batcher.pipeline.counts.lines >= 20)
        os.rename(log, tmp_path / "feed.nmea.1")  # rotated: a new file at the same path
        log.write_text("\n".join(LINES[20:]) + "\n")
        _wait(lambda: watcher.batcher.pipeline.counts.lines >= len(LINES))
    assert done[0].report.lines == len(LINES)
    assert _positions(workspace) == 26


class _Hook(BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, object]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Hook.received.append(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        del args


def test_alerts_are_posted_to_a_webhook_and_listed_since_a_time(workspace: Path,
                                                                 tmp_path: Path) -> None:
    server = HTTPServer(("127.0.0.1", 0), _Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    replay = tmp_path / "recording.nmea"
    replay.write_text("\n".join(LINES) + "\n")
    url = f"http://127.0.0.1:{server.server_address[1]}/alerts"
    hook = WebhookSink(url, timeout_s=5, retries=1)
    config = _config(workspace)
    with watching(config, "replay", str(replay), [hook]) as (_, done):
        _wait(lambda: bool(done))
    server.shutdown()
    server.server_close()
    assert sorted(a["rule"] for a in _Hook.received) == [
        "dark-near-watched-port", "listed-vessel-in-watched-port"]
    runner = CliRunner()
    listed = runner.invoke(cli, ["alerts", "-w", str(workspace), "--format", "jsonl"])
    records = [json.loads(line) for line in listed.output.splitlines()]
    assert sorted(r["id"] for r in records) == sorted(a["id"] for a in _Hook.received)
    first, second = read_alerts(workspace)  # what a live stream polls, resuming by id
    assert read_alerts(workspace, after_id=first.id) == [second]
    assert read_alerts(workspace, after_id="0000000000000000") == [first, second]
    assert read_alerts(workspace, since=first.raised_at, limit=1) == [first]
    later = runner.invoke(cli, ["alerts", "-w", str(workspace), "--since", "2100-01-01"])
    assert (later.exit_code, later.output) == (0, "")
    bad = runner.invoke(cli, ["alerts", "-w", str(workspace), "--since", "yesterday"])
    assert bad.exit_code == 2


def test_a_restarted_follow_resumes_where_the_last_commit_ended(workspace: Path,
                                                                 tmp_path: Path) -> None:
    log = tmp_path / "feed.nmea"
    log.write_text("\n".join(LINES[:12]) + "\n" + LINES[12][:20])  # ends inside a line
    config = _config(workspace, follow_poll_s=0.02)
    with watching(config, "follow", str(log)) as (watcher, first):
        _wait(lambda: watcher.batcher.pipeline.counts.lines >= 12)
    with log.open("a") as stream:
        stream.write(LINES[12][20:] + "\n" + "\n".join(LINES[13:]) + "\n")
    with watching(config, "follow", str(log)) as (watcher, second):
        _wait(lambda: watcher.batcher.pipeline.counts.lines >= len(LINES) - 12)
    assert (first[0].report.lines, second[0].report.lines) == (12, len(LINES) - 12)
    assert _positions(workspace) == 26


def test_commits_wait_while_another_process_holds_the_workspace(
        workspace: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    replay = tmp_path / "recording.nmea"
    replay.write_text("\n".join(LINES) + "\n")
    config = _config(workspace)
    feed = open_feed("replay", str(replay), config.watch, config.ingest.max_line_bytes,
                     speed=3000.0)  # the 7,800 s recording in 2.6 s
    sink = io.StringIO()
    watcher = Watcher(config, feed, default_rules(), load_registry(None), [StreamSink(sink)])
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
         "print('held', flush=True); time.sleep(2)", str(workspace / "darkfleet.duckdb")],
        stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    summary = watcher.run(threading.Event())
    holder.wait(10)
    assert summary.alerts == 2 and len(sink.getvalue().splitlines()) == 2
    assert _positions(workspace) == 26
    assert any("cannot commit now" in r.getMessage() for r in caplog.records)
