"""`darkfleet compact`: merge the small Parquet parts of a workspace's tables, day by day."""

from __future__ import annotations

from pathlib import Path

import click

from darkfleet.cli._common import config_for, workspace_option


@click.command()
@workspace_option
@click.argument("tables", nargs=-1)
@click.option("--small-rows", type=click.IntRange(min=2),
              help="Parts with fewer rows are merged, in parts of at most this many rows "
                   "(default: 1,000,000).")
@click.pass_context
def compact(ctx: click.Context, workspace: Path, tables: tuple[str, ...],
            small_rows: int | None) -> None:
    """Merge the small Parquet parts of each day of TABLES (default: every table) into one.

    Many small batches (a live watch commits every few seconds; an archive of many small
    files) leave many small parts per day, and every read opens them all. The rows stay exactly
    as they were; readers see the old parts or the merged ones, never both. Prints, per table,
    the parts before and after on stderr.

    Example:

    \b
        darkfleet compact -w ws
        darkfleet compact -w ws positions alerts
    """
    from darkfleet.errors import UsageError
    from darkfleet.store import Workspace
    from darkfleet.store.compact import SMALL_ROWS
    from darkfleet.store.compact import compact as compact_tables

    with Workspace.open(config_for(ctx, workspace).workspace) as ws:
        unknown = [name for name in tables if not ws.has_table(name)]
        if unknown:
            raise UsageError(f"no table {unknown[0]} in the workspace (it has: "
                             f"{', '.join(ws.tables())})")
        done = compact_tables(ws, list(tables) or ws.tables(),
                              small_rows=small_rows or SMALL_ROWS)
    for name, before in done.parts_before.items():
        click.echo(f"{name}: {before:,} parts -> {done.parts_after[name]:,} "
                   f"({done.rows_moved[name]:,} rows merged)", err=True)


COMMANDS: list[click.Command] = [compact]
