"""`darkfleet watch` (a live feed in, alerts out) and `darkfleet alerts` (the alerts kept)."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Any

import click

from darkfleet.cli._common import config_for, workspace_option, write_jsonl
from darkfleet.errors import UsageError
from darkfleet.timefmt import parse_utc


@click.command("watch")
@workspace_option
@click.option("--listen", metavar="URL", help="Listen for a feed: tcp://HOST:PORT or "
              "udp://HOST:PORT.")
@click.option("--connect", metavar="URL", help="Connect to a feed server: tcp://HOST:PORT "
              "(reconnects with backoff).")
@click.option("--follow", type=click.Path(dir_okay=False), help="Follow a growing NMEA file "
              "(and its rotation).")
@click.option("--replay", type=click.Path(exists=True, dir_okay=False),
              help="Feed a recording through the same path, paced by its tag-block times.")
@click.option("--speed", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="--replay: times faster than recorded (0: as fast as possible).")
@click.option("--rules", "rules_file", type=click.Path(exists=True, dir_okay=False,
              path_type=Path), help="Alert rules (TOML); default: the case's rules.")
@click.option("--alerts", "alerts_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also append alerts as JSON Lines to this file.")
@click.option("--webhook", metavar="URL", help="POST each alert as JSON to this URL.")
@click.option("--ports", "ports_file", type=click.Path(exists=True, dir_okay=False,
              path_type=Path), help="A GeoJSON FeatureCollection of port areas that add to or "
              "override the built-in registry.")
@click.pass_context
def watch(ctx: click.Context, workspace: Path, listen: str | None, connect: str | None,
          follow: str | None, replay: str | None, speed: float, rules_file: Path | None,
          alerts_file: Path | None, webhook: str | None, ports_file: Path | None) -> None:
    """Watch a live AIS feed: store it and print alerts (JSON Lines) as they are raised.

    Exactly one of --listen, --connect, --follow or --replay. Messages are committed to the
    workspace every few seconds; alerts are kept there too (see `darkfleet alerts`) and are
    raised once, across restarts. A status line goes to stderr. SIGINT or SIGTERM stops the
    watch after committing everything received. Load lists first (`darkfleet lists load
    --bundled`) so that listed vessels are known. See docs/watch.md.

    Example:

        darkfleet watch -w ws --listen tcp://127.0.0.1:10110 --alerts alerts.jsonl
    """
    from darkfleet.events import load_registry
    from darkfleet.watch import Watcher, load_rules, open_feed
    from darkfleet.watch.outputs import AlertSink, JsonlSink, StreamSink, WebhookSink

    feeds = {"listen": listen, "connect": connect, "follow": follow, "replay": replay}
    chosen = [(mode, value) for mode, value in feeds.items() if value is not None]
    if len(chosen) != 1:
        raise UsageError("give exactly one of --listen, --connect, --follow or --replay")
    config = config_for(ctx, workspace)
    feed = open_feed(*chosen[0], config.watch, config.ingest.max_line_bytes, speed)
    sinks: list[AlertSink] = [StreamSink(sys.stdout)]
    if alerts_file is not None:
        sinks.append(JsonlSink(alerts_file))
    if webhook is not None:
        sinks.append(WebhookSink(webhook, config.watch.webhook_timeout_s,
                                 config.watch.webhook_retries))
    registry = load_registry(ports_file, config.detect.ports.radius_m)
    watcher = Watcher(config, feed, load_rules(rules_file), registry, sinks,
                      status=lambda status: click.echo(status.line(), err=True))
    if not watcher.listed_entries:
        click.echo("no sanctions lists loaded: no vessel counts as listed "
                   "(darkfleet lists load --bundled)", err=True)
    with _stop_on_signals() as stop:
        summary = watcher.run(stop)
    report = summary.report
    click.echo(f"watch stopped: {report.lines:,} lines, {report.messages:,} messages, "
               f"{report.positions:,} positions, {report.quarantined:,} quarantined, "
               f"{summary.alerts} alerts, {summary.commits} commits", err=True)


@contextmanager
def _stop_on_signals() -> Iterator[threading.Event]:
    """An event set by SIGINT or SIGTERM while the block runs (the old handlers come back)."""
    stop = threading.Event()

    def handle(signum: int, frame: FrameType | None) -> None:
        del signum, frame
        stop.set()

    before = {sig: signal.signal(sig, handle) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)


@click.command("alerts")
@workspace_option
@click.option("--since", metavar="TIME", help="Only alerts raised at or after this UTC time "
              "(ISO 8601).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "text"]), default="jsonl",
              show_default=True)
@click.pass_context
def alerts(ctx: click.Context, workspace: Path, since: str | None, fmt: str) -> None:
    """The alerts kept in the workspace, in the order they were raised.

    Example:

        darkfleet alerts -w ws --since 2026-11-30T00:00:00Z
    """
    from darkfleet.watch import read_alerts

    when: datetime | None = None
    if since is not None:
        try:
            when = parse_utc(since)
        except ValueError as error:
            raise UsageError(f"--since: not an ISO 8601 time: {since!r}") from error
    records = [a.to_record() for a in read_alerts(config_for(ctx, workspace).workspace,
                                                  since=when)]
    if fmt == "jsonl":
        write_jsonl(records)
        return
    for record in records:
        click.echo(_text(record))


def _text(record: dict[str, Any]) -> str:
    who = record["name"] or (f"MMSI {record['mmsi']}" if record["mmsi"] is not None
                             else f"detection {record['details'].get('detection_id')}")
    imo = f" IMO {record['imo']}" if record["imo"] else ""
    port = f" {record['port']}" if record["port"] else ""
    return f"{record['raised_at']}  {record['rule']}  {who}{imo}{port}  (at {record['ts']})"


COMMANDS: list[click.Command] = [watch, alerts]
