"""`darkfleet claims` and `darkfleet observations`: the evidence ledger of a workspace."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from darkfleet.cli._common import config_for, workspace_option, write_csv, write_jsonl


@contextmanager
def _ledger(ctx: click.Context, workspace: Path, create: bool = False) -> Iterator[Any]:
    from darkfleet.evidence import Ledger
    from darkfleet.store import Workspace

    with Workspace.open(config_for(ctx, workspace).workspace, create=create) as ws:
        yield Ledger(ws)


def _record(fields: dict[str, Any], title: str | None, publisher: str | None, url: str | None,
            accessed_on: str | None) -> dict[str, Any]:
    """A claim or observation record from options; the source only when some part is given."""
    record = {k: v for k, v in fields.items() if v is not None}
    parts = {"title": title, "publisher": publisher, "url": url, "accessed_on": accessed_on}
    source = {k: v for k, v in parts.items() if v is not None}
    if source:
        record["source"] = source
    return record


def _source_options(function: Any) -> Any:
    for name in ("accessed-on", "source-url", "source-publisher", "source-title"):
        help_text = "YYYY-MM-DD the source was read." if name == "accessed-on" else None
        function = click.option(f"--{name}", help=help_text or f"The {name.replace('-', ' ')}.")(
            function)
    return function


@click.group()
def claims() -> None:
    """The evidence ledger of a workspace: claims, their sources and links.

    Example:

        darkfleet claims import dprk-russia-2023 -w ws && darkfleet claims list -w ws
    """


@claims.command("add")
@workspace_option
@click.option("--id", "claim_id", required=True, help="A short unique id.")
@click.option("--statement", required=True, help="What was claimed, in words.")
@click.option("--quantity", type=float, help="The number claimed, if any.")
@click.option("--quantity-high", type=float, help="Upper end, for a range claim.")
@click.option("--qualifier", default="about", show_default=True,
              help="about, at_least, up_to or range.")
@click.option("--unit", default="none", show_default=True, help="rounds, containers, ...")
@click.option("--subject", required=True, help="What the number counts.")
@click.option("--attributed-to", required=True, help="Who made the claim.")
@click.option("--stated-on", required=True, help="YYYY-MM-DD the claim was made.")
@_source_options
@click.option("--reliability", required=True, help="Admiralty source reliability A-F.")
@click.option("--credibility", type=int, required=True, help="Admiralty credibility 1-6.")
@click.pass_context
def claims_add(ctx: click.Context, /, workspace: Path, claim_id: str, source_title: str | None,
               source_publisher: str | None, source_url: str | None, accessed_on: str | None,
               **fields: Any) -> None:
    """Add one claim to the ledger (checked against the case schema).

    Example:

        darkfleet claims add -w ws --id c1 --statement "6,700 containers sent" --quantity 6700
        --unit containers --subject containers --attributed-to "ROK MND" --stated-on 2024-02-26
        --source-title "..." --source-publisher Reuters --source-url https://...
        --reliability B --credibility 3
    """
    from darkfleet.evidence import claim_from_record

    claim = claim_from_record(_record({"id": claim_id, **fields}, source_title,
                                      source_publisher, source_url, accessed_on))
    with _ledger(ctx, workspace, create=True) as ledger:
        ledger.add_claim(claim)
    click.echo(f"added claim {claim.id}", err=True)


@claims.command("import")
@workspace_option
@click.argument("name")
@click.pass_context
def claims_import(ctx: click.Context, workspace: Path, name: str) -> None:
    """Put every claim and observation of a case file into the ledger.

    Example:

        darkfleet claims import dprk-russia-2023 -w ws
    """
    from darkfleet.evidence import load_case

    loaded = load_case(name)
    with _ledger(ctx, workspace, create=True) as ledger:
        n_claims, n_observations = ledger.import_case(loaded)
    click.echo(f"imported {n_claims} claims and {n_observations} observations", err=True)


@claims.command("link")
@workspace_option
@click.argument("claim_id")
@click.argument("relation", type=click.Choice(["supports", "contradicts"]))
@click.argument("target_id")
@click.pass_context
def claims_link(ctx: click.Context, workspace: Path, claim_id: str, relation: str,
                target_id: str) -> None:
    """Record that a claim supports or contradicts a claim, observation or estimate:ID.

    Example:

        darkfleet claims link -w ws osc-2025-03-rounds contradicts mnd-2024-10-rounds
    """
    with _ledger(ctx, workspace) as ledger:
        ledger.link(claim_id, relation, target_id)


@claims.command("list")
@workspace_option
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text",
              show_default=True)
@click.pass_context
def claims_list(ctx: click.Context, workspace: Path, fmt: str) -> None:
    """The ledger's claims, oldest first.

    Example:

        darkfleet claims list -w ws
    """
    with _ledger(ctx, workspace) as ledger:
        found = ledger.claims()
    if fmt == "jsonl":
        write_jsonl(c.to_dict() for c in found)
        return
    from darkfleet.estimation.tables import claims_table

    Console(width=200).print(claims_table(found))


@claims.command("export")
@workspace_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True)
@click.pass_context
def claims_export(ctx: click.Context, workspace: Path, fmt: str) -> None:
    """Every claim per the Claim contract, as JSON Lines or CSV.

    Example:

        darkfleet claims export -w ws --format csv > claims.csv
    """
    with _ledger(ctx, workspace) as ledger:
        records = [c.to_dict() for c in ledger.claims()]
    (write_jsonl if fmt == "jsonl" else write_csv)(records)


@click.group()
def observations() -> None:
    """Counts seen or reported: containers on a pier, railcars at a border station.

    Example:

        darkfleet observations list -w ws --format jsonl
    """


@observations.command("add")
@workspace_option
@click.option("--id", "observation_id", required=True, help="A short unique id.")
@click.option("--count", type=float, required=True, help="How many were seen.")
@click.option("--unit", required=True, help="containers or railcars.")
@click.option("--place", required=True, help="Where (a port with its UN/LOCODE, a station).")
@click.option("--time", "when", required=True, help="YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ.")
@click.option("--channel", required=True, help="sea, rail, air, road or unknown.")
@click.option("--method", required=True,
              help="imagery, ais, official_statement, document or other.")
@click.option("--note", help="Anything a reader should know.")
@click.option("--detection-id", help="The imagery detection the count was made on.")
@click.option("--scene-id", help="The imagery scene the count was made on.")
@_source_options
@click.pass_context
def observations_add(ctx: click.Context, /, workspace: Path, observation_id: str, when: str,
                     source_title: str | None, source_publisher: str | None,
                     source_url: str | None, accessed_on: str | None, **fields: Any) -> None:
    """Add one observation to the ledger (checked against the case schema).

    Example:

        darkfleet observations add -w ws --id o1 --count 73 --unit railcars
        --place "Tumangang station" --time 2023-10-05 --channel rail --method imagery
        --source-title "..." --source-publisher CSIS --source-url https://...
    """
    from darkfleet.evidence import observation_from_record

    observation = observation_from_record(_record(
        {"id": observation_id, "time": when, **fields}, source_title, source_publisher,
        source_url, accessed_on))
    with _ledger(ctx, workspace, create=True) as ledger:
        ledger.add_observation(observation)
    click.echo(f"added observation {observation.id}", err=True)


@observations.command("list")
@workspace_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True)
@click.pass_context
def observations_list(ctx: click.Context, workspace: Path, fmt: str) -> None:
    """The ledger's observations, oldest first.

    Example:

        darkfleet observations list -w ws --format csv
    """
    with _ledger(ctx, workspace) as ledger:
        records = [o.to_dict() for o in ledger.observations()]
    (write_jsonl if fmt == "jsonl" else write_csv)(records)


COMMANDS: list[click.Command] = [claims, observations]
