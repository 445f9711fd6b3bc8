"""Commands of the trade stage: `cargo` (per voyage) and `trade` (sums against the UN limits)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from darkfleet.cli._common import config_for, workspace_option, write_csv, write_jsonl

_CASE = click.option("--case", "case", default="dprk-russia-2023", show_default=True,
                     help="The case whose port groups give directions and whose limits apply.")
_SAMPLES = click.option("--samples", type=click.IntRange(min=100), default=4000,
                        show_default=True, help="Monte Carlo samples per voyage.")


def _estimates(ctx: click.Context, workspace: Path, case: str, samples: int) -> Any:
    from darkfleet.store import Workspace
    from darkfleet.trade import workspace_cargo

    config = config_for(ctx, workspace)
    with Workspace.open(config.workspace) as ws:
        return workspace_cargo(ws, config.estimation, case, samples)


@click.command()
@workspace_option
@_CASE
@_SAMPLES
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True)
@click.pass_context
def cargo(ctx: click.Context, workspace: Path, case: str, samples: int, fmt: str) -> None:
    """Per-voyage cargo from the draught change and the hull, with p5/p50/p95 and sources.

    A draught the crew never changed is reported as "not updated", never as zero cargo.

    Example:

        darkfleet cargo -w ws --format csv
    """
    estimates, _ = _estimates(ctx, workspace, case, samples)
    records = [e.to_dict() for e in estimates]
    (write_csv if fmt == "csv" else write_jsonl)(records)


@click.command()
@workspace_option
@_CASE
@_SAMPLES
@click.option("--by", type=click.Choice(["month", "year"]), default="year", show_default=True,
              help="The period of the sums (caps are always per calendar year).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "text"]), default="jsonl",
              show_default=True)
@click.pass_context
def trade(ctx: click.Context, workspace: Path, case: str, samples: int, by: str,
          fmt: str) -> None:
    """Both directions of the trade summed by period, against the case's UN limits.

    Example:

        darkfleet trade -w ws --by month --format text
    """
    from darkfleet.trade import trade_ledger

    estimates, limits = _estimates(ctx, workspace, case, samples)
    rows = trade_ledger(estimates, limits, by)
    if fmt == "jsonl":
        write_jsonl(rows)
        return
    from darkfleet.trade.text import ledger_lines

    for line in ledger_lines(rows):
        click.echo(line)


COMMANDS: list[click.Command] = [cargo, trade]
