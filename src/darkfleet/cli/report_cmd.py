"""`darkfleet report`: the cited brief of a workspace (HTML, and a PDF on request)."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from darkfleet.cli._common import config_for, workspace_option
from darkfleet.cli._progress import busy


@click.command("report")
@workspace_option
@click.option("--case", "case", metavar="NAME",
              help="A case: a bundled case name or a YAML/JSON case file (claims, sources).")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the brief (one self-contained HTML file).")
@click.option("--pdf", "pdf", type=click.Path(dir_okay=False, path_type=Path),
              help="Also print the brief to this PDF (needs Chromium).")
@click.pass_context
def report(ctx: click.Context, workspace: Path, case: str | None, out: Path,
           pdf: Path | None) -> None:
    """Write the cited brief of a workspace: findings, map, timeline, estimates, sources.

    Every number of the summary links to the record it comes from. What the workspace lacks
    is listed in the brief rather than failing. Prints the path of the brief.

    Example:

        darkfleet report -w ws --case dprk-russia-2023 --out brief.html --pdf brief.pdf
    """
    from darkfleet.extras import require
    from darkfleet.report import BriefSettings, write_brief

    require("reports")
    config = config_for(ctx, workspace)
    settings = BriefSettings(config.report, config.detect, config.estimation)
    with busy("writing the brief"):
        result = write_brief(settings, config.workspace, out, pdf=pdf, case=case)
    errors = Console(stderr=True)
    for missing in result.missing:
        errors.print(f"[yellow]note[/]: {missing}", highlight=False)
    click.echo(str(result.html))
    if result.pdf is not None:
        click.echo(str(result.pdf))


COMMANDS: list[click.Command] = [report]
