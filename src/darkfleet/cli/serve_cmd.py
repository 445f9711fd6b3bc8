"""`darkfleet serve`: the local web app and JSON API over a workspace."""

from __future__ import annotations

from pathlib import Path

import click

from darkfleet.cli._common import config_for, workspace_option


@click.command("serve")
@workspace_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (the default answers this machine only).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.pass_context
def serve(ctx: click.Context, workspace: Path, host: str, port: int) -> None:
    """Serve the workspace: the cited brief at / and a read-only JSON API under /api.

    API: /api/vessels, /api/vessels/MMSI, /api/events, /api/voyages, /api/matches,
    /api/screen, /api/definitions and /health; the interactive docs are at /docs.
    See docs/serve.md. Exits 1 at once when DIR is not a workspace.

    Example:

        darkfleet serve -w ws --port 8000
    """
    config = config_for(ctx, workspace)
    try:
        from darkfleet.serve import WorkspaceStore, create_app, import_uvicorn

        uvicorn, app = import_uvicorn(), create_app(config)
    except ImportError as error:  # the serve extra is missing: say how to install it
        raise click.ClickException(str(error)) from error
    WorkspaceStore(config).check()
    click.echo(f"serving {config.workspace} at http://{host}:{port}/", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


COMMANDS: list[click.Command] = [serve]
