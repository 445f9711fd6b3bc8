"""The `darkfleet` command line: a thin client of the library.

The group callback builds the one `Config` and sets up logging; each command builds its inputs,
calls one library function and formats the output. Errors are mapped to exit codes here only:
`DarkfleetError` subclasses give their `exit_code` (1 bad input, 2 usage) and a one-line message.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

import click

from darkfleet.cli import (
    compact_cmd,
    demo_cmd,
    detect_cmd,
    detections_cmd,
    estimate_cmd,
    evidence_cmd,
    export_cmd,
    ingest_cmd,
    ports_cmd,
    report_cmd,
    screen_cmd,
    serve_cmd,
    trade_cmd,
    watch_cmd,
)
from darkfleet.cli._common import AppContext
from darkfleet.config import Config
from darkfleet.errors import DarkfleetError
from darkfleet.extras import missing_extra


class _Group(click.Group):
    """Maps darkfleet's exceptions to click's, so no traceback reaches the user."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DarkfleetError as error:
            if error.exit_code == click.UsageError.exit_code:
                raise click.UsageError(str(error), ctx) from error
            raise click.ClickException(str(error)) from error
        except ImportError as error:  # an optional library: one line naming the extra
            missing = missing_extra(error)
            if missing is None:
                raise
            raise click.ClickException(str(missing)) from error
        except BrokenPipeError:
            # The reader went away (`darkfleet events | head`): stop quietly, as Unix tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise SystemExit(1) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="darkfleet")
@click.option(
    "--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A TOML or JSON file of settings (see docs/settings.md).",
)
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug).")
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None, verbose: int) -> None:
    """darkfleet: monitor covert shipping under sanctions.

    Example:

        darkfleet ingest data/*.nmea -w ws && darkfleet detect -w ws
    """
    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)]
    log_format = "%(levelname)s %(name)s: %(message)s"
    logging.basicConfig(level=level, stream=sys.stderr, format=log_format)
    try:
        config = Config.from_file(config_path) if config_path else Config()
    except DarkfleetError as error:
        raise click.ClickException(str(error)) from error
    ctx.obj = AppContext(config=config)


def _own_usage(command: click.Command) -> None:
    """Make a command's own usage errors (`UsageError` from its checks) show its own usage
    rather than the top-level one; recurses into groups."""
    original = command.invoke

    def invoke(ctx: click.Context) -> Any:
        try:
            return original(ctx)
        except DarkfleetError as error:
            if error.exit_code != click.UsageError.exit_code:
                raise
            raise click.UsageError(str(error), ctx) from error

    command.invoke = invoke  # type: ignore[method-assign]
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _own_usage(sub)


for _module in (ingest_cmd, detect_cmd, screen_cmd, estimate_cmd, evidence_cmd, report_cmd,
                serve_cmd, demo_cmd, trade_cmd, watch_cmd, detections_cmd, ports_cmd,
                compact_cmd):
    for _command in _module.COMMANDS:
        cli.add_command(_command)
for _command in export_cmd.COMMANDS:
    cli.add_command(_command)
for _command in cli.commands.values():
    _own_usage(_command)


def main() -> None:
    """Entry point of the `darkfleet` script."""
    cli(prog_name="darkfleet")
