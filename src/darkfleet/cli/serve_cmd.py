"""`darkfleet serve`: the local web app and JSON API over a workspace."""

from __future__ import annotations

import errno
import gc
import ipaddress
import socket
import threading
from pathlib import Path

import click

from darkfleet.cli._common import config_for, workspace_option
from darkfleet.errors import UsageError

TOKEN_ENV = "DARKFLEET_TOKEN"


def is_loopback(host: str) -> bool:
    """Whether `host` answers this machine only (127.0.0.0/8, ::1 or `localhost`)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def listen(host: str, port: int) -> socket.socket:
    """A socket listening on `host`:`port`.

    Raises:
        click.ClickException: the address is in use or cannot be had (exit 1).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host, port), family=family, reuse_port=False)
    except OSError as error:
        in_use = error.errno == errno.EADDRINUSE
        reason = "is in use" if in_use else f"cannot be had ({error.strerror})"
        raise click.ClickException(
            f"port {port} on {host} {reason}: stop what holds it or choose another with "
            "--port") from error


@click.command("serve")
@workspace_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The default answers this machine only; any other "
                   "address needs --token.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.option("--token", envvar=TOKEN_ENV, default=None, show_envvar=True,
              help="Access token every request must carry (Authorization: Bearer TOKEN, or "
                   "open a page once with ?token=TOKEN). Required off loopback.")
@click.pass_context
def serve(ctx: click.Context, workspace: Path, host: str, port: int, token: str | None) -> None:
    """Serve the workspace as a web app for analysts, read-only, on this machine.

    Pages: / (overview), /map, /search?q=, /vessels/MMSI, /voyages/ID, /events, /alerts,
    /claims, /estimate and /brief (the cited brief of the workspace's case). JSON API: /api/vessels,
    /api/vessels/MMSI, /api/events, /api/events/ID, /api/voyages, /api/voyages/ID,
    /api/matches, /api/screen, /api/definitions, /health; the OpenAPI schema is at
    /openapi.json. Lists take limit/offset and filters; see docs/serve.md.

    The server reads the workspace's snapshot, so `darkfleet ingest` and `detect` may run
    meanwhile; pages show their data once they commit. Exits 1 at once when DIR is not a
    workspace, the port is in use or the serve extra is missing.

    Example:

        darkfleet serve -w ws --port 8000
    """
    config = config_for(ctx, workspace)
    if not is_loopback(host) and not token:
        raise UsageError(f"listening on {host} answers other machines: give an access token "
                         f"with --token or {TOKEN_ENV}")
    try:
        from darkfleet.serve import WorkspaceStore, create_app, make_server
        from darkfleet.serve.app import warm_up

        server = make_server(create_app(config, token=token))
    except ImportError as error:  # the serve extra is missing: say how to install it
        raise click.ClickException(str(error)) from error
    WorkspaceStore(config).check()
    warming = threading.Thread(target=warm_up, name="darkfleet-warm-up", daemon=True)
    warming.start()
    sock = listen(host, port)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"serving {config.workspace} at http://{shown}:{port}/", err=True)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
        warming.join(timeout=10)
        gc.unfreeze()  # the process's objects are collected as it exits


COMMANDS: list[click.Command] = [serve]
