"""`darkfleet demo`: the whole pipeline on the bundled flagship case."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from darkfleet.cli._common import config_for


@click.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("demo-out"),
              show_default=True, help="Directory for the demo's workspace and outputs.")
@click.pass_context
def demo(ctx: click.Context, out: Path) -> None:
    """Run darkfleet end to end on the bundled data and print what it found.

    Example:

        darkfleet demo --out demo-out
    """
    from darkfleet.demo import run_demo

    result = run_demo(out, config_for(ctx))
    console = Console()
    console.print(_ingest_table(result.ingest_reports))
    console.print(_summary_table(result.summary))
    console.print(f"workspace: {result.workspace}")


def _ingest_table(reports: list) -> Table:  # type: ignore[type-arg]
    table = Table(title="ingested (real public AIS samples)")
    columns = ("path", "lines", "messages", "positions", "static_reports", "quarantined",
               "ignored", "duplicates")
    headers = ("file", "lines", "msgs", "positions", "static", "quarant.", "ignored", "dupl.")
    table.add_column(headers[0], min_width=24, overflow="fold")
    for header in headers[1:]:
        table.add_column(header, justify="right")
    for report in reports:
        row = report.to_json()
        table.add_row(Path(row["path"]).name, *(f"{row[c]:,}" for c in columns[1:]))
    return table


def _summary_table(summary: object) -> Table:
    from darkfleet.store.summary import WorkspaceSummary

    assert isinstance(summary, WorkspaceSummary)
    table = Table(title="workspace")
    table.add_column("what")
    table.add_column("value", justify="right")
    table.add_row("vessels (MMSI)", f"{summary.vessels:,}")
    table.add_row("positions", f"{summary.positions:,}")
    table.add_row("static reports", f"{summary.static_reports:,}")
    for msg_type, count in summary.messages_by_type.items():
        table.add_row(f"  rows of message type {msg_type}", f"{count:,}")
    table.add_row("time span", f"{summary.first_ts} .. {summary.last_ts}")
    table.add_row("quarantined lines", f"{summary.quarantined:,}")
    for reason, count in summary.quarantined_by_reason.items():
        table.add_row(f"  {reason}", f"{count:,}")
    return table


COMMANDS: list[click.Command] = [demo]
