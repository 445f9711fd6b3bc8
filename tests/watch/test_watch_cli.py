"""`darkfleet watch` and `darkfleet alerts` on the command line: a replay end to end, usage
errors (exit 2) and a feed that cannot be opened (exit 1)."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner
from watch_helpers import recording

from darkfleet.cli import cli
from darkfleet.watch.file_feeds import ReplayFeed


def test_a_replay_prints_its_alerts_and_keeps_them(workspace: Path, tmp_path: Path) -> None:
    replay = tmp_path / "recording.nmea"
    replay.write_text("\n".join(line.text for line in recording()) + "\n")
    result = CliRunner().invoke(cli, ["watch", "-w", str(workspace), "--replay", str(replay),
                                      "--speed", "0", "--alerts", str(tmp_path / "a.jsonl")])
    assert result.exit_code == 0, result.output
    printed = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(a["rule"] for a in printed) == [
        "dark-near-watched-port", "listed-vessel-in-watched-port"]
    assert "watch stopped: 28 lines, 27 messages, 26 positions, 0 quarantined, 2 alerts" in (
        result.stderr)
    text = CliRunner().invoke(cli, ["alerts", "-w", str(workspace), "--format", "text"])
    assert sorted(line.split("  ")[1:3] for line in text.output.splitlines()) == [
        ["dark-near-watched-port", "MMSI 636012345 KPCHO"],
        ["listed-vessel-in-watched-port", "ANGARA IMO 9179842 KPNJN"]]


@pytest.mark.parametrize("arguments", [
    [], ["--listen", "tcp://127.0.0.1:1", "--follow", "x.nmea"],
    ["--listen", "http://127.0.0.1:80"], ["--connect", "udp://127.0.0.1:80"],
    ["--listen", "tcp://127.0.0.1"]])
def test_a_wrong_feed_is_a_usage_error(workspace: Path, arguments: list[str]) -> None:
    result = CliRunner().invoke(cli, ["watch", "-w", str(workspace), *arguments])
    assert result.exit_code == 2, result.output


def test_an_address_in_use_is_bad_input(workspace: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["watch", "-w", str(workspace), "--listen",
                                          f"tcp://127.0.0.1:{port}"])
    assert result.exit_code == 1
    assert f"tcp://127.0.0.1:{port}: cannot listen: Address already in use" in result.output


def test_a_replay_waits_for_each_line_by_its_time_over_the_speed(tmp_path: Path) -> None:
    lines = [line.text.encode() for line in recording()]
    feed = ReplayFeed(str(tmp_path / "unused.nmea"), 4096, speed=600.0)
    assert feed._wait_s(lines[0]) <= 0  # the first line sets the clock
    assert 0.9 < feed._wait_s(lines[-1]) <= 7800 / 600  # 7,800 s later, at 600 times
    assert ReplayFeed("x", 4096, speed=0.0)._wait_s(lines[-1]) == 0.0
