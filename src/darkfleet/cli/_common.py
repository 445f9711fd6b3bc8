"""Pieces every command shares: the app context, the workspace option and output writers."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO, TypeVar

import click

from darkfleet.config import DEFAULT_WORKSPACE, Config

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class AppContext:
    """What the group callback hands to every command."""

    config: Config


def workspace_option(function: F) -> F:
    """The `--workspace/-w DIR` option every workspace command takes."""
    return click.option(
        "-w", "--workspace", type=click.Path(file_okay=False, path_type=Path),
        default=DEFAULT_WORKSPACE, show_default=True, help="The workspace directory.",
    )(function)


def config_for(ctx: click.Context, workspace: Path | None = None) -> Config:
    """The run's config, pointed at `workspace` when one is given."""
    app: AppContext = ctx.find_object(AppContext) or AppContext(Config())
    return app.config.with_workspace(workspace) if workspace is not None else app.config


def _default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text.replace("+00:00", "Z")
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def write_jsonl(records: Iterable[Mapping[str, Any]], out: TextIO | None = None) -> int:
    """Write one JSON object per line; returns how many."""
    stream = out or sys.stdout
    count = 0
    for record in records:
        stream.write(json.dumps(record, default=_default, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(records: Iterable[Mapping[str, Any]], out: TextIO | None = None) -> int:
    """Write records as CSV with a header from the first record; nested values as JSON."""
    stream = out or sys.stdout
    writer: csv.DictWriter[str] | None = None
    count = 0
    for record in records:
        flat = {k: json.dumps(v, default=_default) if isinstance(v, dict | list) else v
                for k, v in record.items()}
        if writer is None:
            writer = csv.DictWriter(stream, fieldnames=list(flat), lineterminator="\n")
            writer.writeheader()
        writer.writerow(flat)
        count += 1
    return count
