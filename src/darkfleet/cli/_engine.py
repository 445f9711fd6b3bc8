"""The `--engine`, `--workers` and `--scheduler` options of the commands that can run on Dask."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from darkfleet.config import Config

if TYPE_CHECKING:
    from darkfleet.scale import Engine

F = TypeVar("F", bound=Callable[..., Any])


def engine_options(function: F) -> F:
    """Add `--engine local|dask`, `--workers N` and `--scheduler tcp://HOST:PORT`."""
    options = [
        click.option("--engine", type=click.Choice(["local", "dask"]), default=None,
                     help="Run here (local) or on a Dask cluster (dask); results are "
                          "identical. Default: the scale.engine setting."),
        click.option("--workers", type=click.IntRange(min=1), default=None,
                     help="With dask: start a local cluster of this many worker processes "
                          "(implies --engine dask)."),
        click.option("--scheduler", metavar="tcp://HOST:PORT", default=None,
                     help="With dask: the scheduler of a running cluster (implies --engine "
                          "dask)."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def engine_for(config: Config, engine: str | None, workers: int | None,
               scheduler: str | None) -> Engine:
    """The `darkfleet.scale.Engine` of the settings and the command line."""
    from darkfleet.scale import Engine

    return Engine.of(config.scale, engine, workers, scheduler)
