"""Commands of the estimation and evidence stages: `estimate`, `case ...` and `claims ...`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from darkfleet.cli._common import config_for, workspace_option, write_jsonl
from darkfleet.cli._terminal import chosen_format, stdout_console
from darkfleet.errors import UsageError


@click.command()
@click.option("--containers", type=float, help="How many containers (asks: how many rounds?).")
@click.option("--from-voyages", is_flag=True,
              help="Containers from the workspace's watched voyages (and --observations).")
@click.option("--origin", "origins", multiple=True,
              help="With --from-voyages: only voyages leaving this UN/LOCODE (repeatable).")
@click.option("--observations", is_flag=True,
              help="With --from-voyages: add the ledger's observations (railcars, pier counts).")
@workspace_option
@click.option("--rounds", type=float, help="How many rounds (asks: how many containers?).")
@click.option("--munition", help="A munition id of the catalogue, e.g. 152mm-he-projectile.")
@click.option("--mix", help="Shares of containers per munition, e.g. a=0.7,b=0.3.")
@click.option("--container", type=click.Choice(["20ft", "40ft"]), help="Container type.")
@click.option("--fill", type=float, help="Pin the load factor (0-1]; default: catalogue prior.")
@click.option("--samples", type=int, help="Monte Carlo samples.")
@click.option("--seed", type=int, help="Random seed (same seed, same answer).")
@click.option("--sensitivity", is_flag=True, help="Add the table of assumptions ranked by swing.")
@click.option("--format", "fmt", type=click.Choice(["json", "text"]),
              help="text (the default on a terminal) or json (the default when piped).")
@click.pass_context
def estimate(ctx: click.Context, containers: float | None, from_voyages: bool,
             origins: tuple[str, ...], observations: bool, workspace: Path, rounds: float | None,
             munition: str | None, mix: str | None, container: str | None, fill: float | None,
             samples: int | None, seed: int | None, sensitivity: bool, fmt: str | None
             ) -> None:
    """Rounds in N containers (or containers for N rounds), with p5/p50/p95 and sources.

    Example:

        darkfleet estimate --containers 6700 --munition 152mm-he-projectile --container 20ft
    """
    from darkfleet.estimation import (
        Question,
        estimate_containers,
        estimate_rounds,
        parse_mix,
        with_samples,
    )
    from darkfleet.estimation import sensitivity as swing

    if (containers is None) + (rounds is None) + (not from_voyages) != 2:
        raise UsageError("give exactly one of --containers, --rounds and --from-voyages")
    if (munition is None) == (mix is None):
        raise UsageError("give exactly one of --munition and --mix")
    settings = with_samples(config_for(ctx).estimation, samples, seed)
    question = Question(parse_mix(mix) if mix else {str(munition): 1.0},
                        container or settings.container, fill)
    if containers is not None:
        result = estimate_rounds(containers, question, settings)
    loads: list[dict[str, Any]] = []
    if from_voyages:
        result, loads, containers = _from_voyages(ctx, workspace, question, settings,
                                                  set(origins) or None, observations)
    elif containers is None:
        result = estimate_containers(float(rounds or 0), question, settings)
    record: dict[str, Any] = result.to_dict()
    if loads:
        record["inputs"]["loads"] = loads
    if sensitivity:
        table = swing(question, containers or 0.0, settings, rounds=rounds)
        record["sensitivity"] = [row.to_dict() for row in table[: settings.sensitivity_top]]
    if chosen_format(fmt, "text", "json") == "json":
        click.echo(json.dumps(record, indent=2, ensure_ascii=False))
        return
    _print_estimate(record)


def _from_voyages(ctx: click.Context, workspace: Path, question: Any, settings: Any,
                  origins: set[str] | None,
                  observations: bool) -> tuple[Any, list[dict[str, Any]], float]:
    """The estimate, its loads, and the median container count (for the swing table)."""
    from darkfleet.estimation import estimate_rounds
    from darkfleet.store import Workspace
    from darkfleet.trade.workspace_count import workspace_count

    with Workspace.open(config_for(ctx, workspace).workspace) as ws:
        count = workspace_count(ws, settings, origins=origins, observations=observations)
    result = estimate_rounds(count.samples, question, settings,
                             containers_note=count.describe(),
                             extra_assumptions=count.assumptions)
    median = sorted(count.samples.tolist())[len(count.samples) // 2]
    return result, [load.to_dict() for load in count.loads], median


def _print_estimate(record: dict[str, Any]) -> None:
    from darkfleet.estimation.tables import estimate_renderables

    console = stdout_console()
    for renderable in estimate_renderables(record):
        console.print(renderable)


_WIDE_TABLE = 160  # columns the case check table needs to stay readable


@click.group()
def case() -> None:
    """Case files: claims, observations and assumptions of one investigation.

    Example:

        darkfleet case check dprk-russia-2023 --format jsonl
    """


@case.command("check")
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]),
              help="text (the default on a terminal) or jsonl (the default when piped).")
@click.option("--samples", type=int, help="Monte Carlo samples per check.")
@click.option("--seed", type=int, help="Random seed.")
@click.option("-w", "--workspace", type=click.Path(file_okay=False, path_type=Path),
              help="Also check the case's trade claims against this workspace's cargo ledger.")
@click.pass_context
def case_check(ctx: click.Context, name: str, fmt: str | None, samples: int | None,
               seed: int | None, workspace: Path | None) -> None:
    """Run every plausibility check of a case (a bundled case name or a YAML path).

    Example:

        darkfleet case check dprk-russia-2023 -w ws
    """
    from darkfleet.estimation import run_case_check, with_samples
    from darkfleet.evidence import load_case

    settings = with_samples(config_for(ctx).estimation, samples, seed)
    records = run_case_check(load_case(name), settings)
    trade = _trade_checks(ctx, name, workspace, settings)
    if chosen_format(fmt, "text", "jsonl") == "jsonl":
        write_jsonl(records + trade)
        return
    _print_case_check(records, f"case check: {name}")
    if trade:
        from darkfleet.trade.text import trade_check_table

        stdout_console().print(trade_check_table(trade, f"trade claims: {name}"))


def _print_case_check(records: list[dict[str, Any]], title: str) -> None:
    """The table on a wide terminal; one short block per check on a narrow one."""
    from darkfleet.estimation.tables import case_check_table, claimed_text

    console = stdout_console()
    if console.width >= _WIDE_TABLE:
        console.print(case_check_table(records, title))
        return
    console.print(f"[bold]{title}[/]", highlight=False)
    for r in records:
        claim = r["claim"]
        model = (f"needs {r['required_per_year']:,.0f}/yr" if r["check"] == "production"
                 else " / ".join(f"{r[k]:,.0f}" for k in ("p5", "p50", "p95")
                                 if r[k] is not None))
        console.print(f"\n[bold]{claim['id']}[/] {r['verdict']}: {claim['statement']}",
                      highlight=False)
        console.print(f"  claimed {claimed_text(claim)} ({claim['attributed_to']}, "
                      f"{claim['stated_on']}); model p5/p50/p95 {model}", highlight=False)
        if r["assumptions"]:
            console.print("  needs: " + "; ".join(r["assumptions"]), highlight=False)
        console.print(f"  source: {claim['source_url']}", highlight=False)


def _trade_checks(ctx: click.Context, name: str, workspace: Path | None,
                  settings: Any) -> list[dict[str, Any]]:
    """The trade claims against the ledger of `workspace` (none without -w)."""
    if workspace is None:
        return []
    from darkfleet.store import Workspace
    from darkfleet.trade.workspace_inputs import workspace_trade_checks

    with Workspace.open(config_for(ctx, workspace).workspace) as ws:
        return workspace_trade_checks(ws, settings, name)


@case.command("chart")
@click.argument("name")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The chart file: .png or .svg.")
@click.option("--samples", type=int, help="Monte Carlo samples per point.")
@click.pass_context
def case_chart(ctx: click.Context, name: str, out: Path, samples: int | None) -> None:
    """Draw official containers and rounds against the model interval (needs darkfleet[viz]).

    Example:

        darkfleet case chart dprk-russia-2023 --out timeline.svg
    """
    from darkfleet.estimation import timeline_chart, with_samples
    from darkfleet.evidence import load_case

    settings = with_samples(config_for(ctx).estimation, samples, None)
    click.echo(str(timeline_chart(load_case(name), out, settings)))


@case.command("validate")
@click.argument("name")
def case_validate(name: str) -> None:
    """Check a case file against the case schema; exit 1 naming the field if it is invalid.

    Example:

        darkfleet case validate my-case.yaml
    """
    from darkfleet.evidence import load_case

    loaded = load_case(name)
    click.echo(f"{name}: valid ({len(loaded.claims)} claims, "
               f"{len(loaded.observations)} observations)")


@case.command("show")
@click.argument("name")
def case_show(name: str) -> None:
    """Print a case's claims and observations as JSON Lines (Claim contract).

    Example:

        darkfleet case show dprk-russia-2023
    """
    from darkfleet.evidence import load_case

    loaded = load_case(name)
    write_jsonl([{"kind": "claim", **c.to_dict()} for c in loaded.claims])
    write_jsonl([{"kind": "observation", **o.to_dict()} for o in loaded.observations])


COMMANDS: list[click.Command] = [estimate, case]
