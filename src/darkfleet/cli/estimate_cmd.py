"""Commands of the estimation and evidence stages: `estimate`, `case ...` and `claims ...`."""

from __future__ import annotations

import json
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from darkfleet.cli._common import config_for, write_jsonl
from darkfleet.errors import UsageError


@click.command()
@click.option("--containers", type=float, help="How many containers (asks: how many rounds?).")
@click.option("--rounds", type=float, help="How many rounds (asks: how many containers?).")
@click.option("--munition", help="A munition id of the catalogue, e.g. 152mm-he-projectile.")
@click.option("--mix", help="Shares of containers per munition, e.g. a=0.7,b=0.3.")
@click.option("--container", type=click.Choice(["20ft", "40ft"]), help="Container type.")
@click.option("--fill", type=float, help="Pin the load factor (0-1]; default: catalogue prior.")
@click.option("--samples", type=int, help="Monte Carlo samples.")
@click.option("--seed", type=int, help="Random seed (same seed, same answer).")
@click.option("--sensitivity", is_flag=True, help="Add the table of assumptions ranked by swing.")
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json",
              show_default=True)
@click.pass_context
def estimate(ctx: click.Context, containers: float | None, rounds: float | None,
             munition: str | None, mix: str | None, container: str | None, fill: float | None,
             samples: int | None, seed: int | None, sensitivity: bool, fmt: str) -> None:
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

    if (containers is None) == (rounds is None):
        raise UsageError("give exactly one of --containers and --rounds")
    if (munition is None) == (mix is None):
        raise UsageError("give exactly one of --munition and --mix")
    settings = with_samples(config_for(ctx).estimation, samples, seed)
    question = Question(parse_mix(mix) if mix else {str(munition): 1.0},
                        container or settings.container, fill)
    if containers is not None:
        result = estimate_rounds(containers, question, settings)
    else:
        result = estimate_containers(float(rounds or 0), question, settings)
    record: dict[str, Any] = result.to_dict()
    if sensitivity:
        table = swing(question, containers if containers is not None else 1.0, settings)
        record["sensitivity"] = [row.to_dict() for row in table[: settings.sensitivity_top]]
    if fmt == "json":
        click.echo(json.dumps(record, indent=2, ensure_ascii=False))
        return
    _print_estimate(record)


def _print_estimate(record: dict[str, Any]) -> None:
    console = Console(width=160, soft_wrap=True)
    console.print(record["question"])
    unit = record["unit"]
    console.print(f"p5 {record['p5']:,.0f}  p50 {record['p50']:,.0f}  p95 {record['p95']:,.0f}"
                  f"  mean {record['mean']:,.0f} {unit}; binding constraint: "
                  f"{record['binding_constraint']} ({record['samples']:,} samples, "
                  f"seed {record['seed']})")
    table = Table(title="assumptions")
    for column in ("assumption", "value", "range", "unit", "prov.", "source"):
        table.add_column(column)
    for a in record["assumptions"]:
        span = "" if a["low"] == a["high"] else f"{a['low']:g}-{a['high']:g}"
        table.add_row(a["name"], f"{a['value']:g}", span, a["unit"], a["provenance"],
                      a["source"]["url"] or a["source"]["title"])
    console.print(table)
    if "sensitivity" in record:
        swing = Table(title="sensitivity (median when the assumption is at its low / high)")
        for column in ("assumption", "low", "high", "p50 at low", "p50 at high", "swing"):
            swing.add_column(column)
        for row in record["sensitivity"]:
            swing.add_row(row["assumption"], f"{row['low']:g}", f"{row['high']:g}",
                          f"{row['p50_at_low']:,.0f}", f"{row['p50_at_high']:,.0f}",
                          f"{row['swing']:,.0f}")
        console.print(swing)


@click.group()
def case() -> None:
    """Case files: claims, observations and assumptions of one investigation.

    Example:

        darkfleet case check dprk-russia-2023 --format jsonl
    """


@case.command("check")
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text",
              show_default=True)
@click.option("--samples", type=int, help="Monte Carlo samples per check.")
@click.option("--seed", type=int, help="Random seed.")
@click.pass_context
def case_check(ctx: click.Context, name: str, fmt: str, samples: int | None,
               seed: int | None) -> None:
    """Run every plausibility check of a case (a bundled case name or a YAML path).

    Example:

        darkfleet case check dprk-russia-2023
    """
    from darkfleet.estimation import run_case_check, with_samples
    from darkfleet.evidence import load_case

    settings = with_samples(config_for(ctx).estimation, samples, seed)
    records = run_case_check(load_case(name), settings)
    if fmt == "jsonl":
        write_jsonl(records)
        return
    table = Table(title=f"case check: {name}")
    for column in ("claim", "stated", "attributed to", "claimed", "p5", "p50", "p95",
                   "verdict", "assumptions needed", "source"):
        table.add_column(column, overflow="fold")
    for r in records:
        claim = r["claim"]
        claimed = _claimed(claim)
        cells = [f"{r[k]:,.0f}" if r[k] is not None else "" for k in ("p5", "p50", "p95")]
        if r["check"] == "production":
            cells = ["", f"needs {r['required_per_year']:,.0f}/yr", ""]
        table.add_row(claim["id"], claim["stated_on"], claim["attributed_to"], claimed, *cells,
                      r["verdict"], "; ".join(r["assumptions"]), claim["source_url"])
    Console(width=200).print(table)


def _claimed(claim: dict[str, Any]) -> str:
    prefix = {"at_least": ">= ", "up_to": "<= ", "about": "~", "range": ""}[claim["qualifier"]]
    text = f"{prefix}{claim['quantity']:,.0f}"
    if claim["quantity_high"] is not None:
        text += f"-{claim['quantity_high']:,.0f}"
    return f"{text} {claim['unit']}"


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
