"""`darkfleet network`: the ownership and management links around a vessel, and its history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from darkfleet.cli._common import config_for, workspace_option, write_jsonl


@click.command("network")
@click.option("--imo", required=True, help="IMO number of the vessel, in any written form.")
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text",
              show_default=True, help="Output format.")
@workspace_option
@click.pass_context
def network_cmd(ctx: click.Context, imo: str, fmt: str, workspace: Path) -> None:
    """Show who owns, operates or manages a vessel, and the listed parties within two links.

    Prints the list entries that carry the IMO, each relation they name (owner, operator,
    OFAC Linked To...) with the listed parties it leads to, every listed party within two
    links, and the hull's history in the workspace's AIS (MMSIs, names, call signs, flags and
    flag changes with their dates). JSON lines: one record per entry, relation, link and
    the history (`kind` says which).

    Example:

        darkfleet network --imo 9179842 -w ws
    """
    from darkfleet.screening import required_lists
    from darkfleet.screening.hull import hull_histories
    from darkfleet.screening.identifiers import parse_imo
    from darkfleet.screening.network import Network
    from darkfleet.store import Workspace

    number = parse_imo(imo)
    with Workspace.open(config_for(ctx, workspace).workspace) as ws:
        lists = required_lists(ws)
        entries = [e for lst in lists for e in lst.entries if e.imo == number]
        histories = hull_histories(ws, entries, number)
    records = Network(lists).neighbourhood(number)
    records += [{"kind": "history", **h.to_record()} for h in histories]
    if fmt == "jsonl":
        write_jsonl(records)
    else:
        click.echo(_text(number, records))


def _text(imo: int, records: list[dict[str, Any]]) -> str:
    lines = [f"IMO {imo}"]
    for record in records:
        kind = record["kind"]
        if kind == "vessel":
            what = "listed" if record["listed"] else "named (not listed)"
            lines.append(f"  {what} on {record['list']} {record['id']} as "
                         f"{' / '.join(record['names'])} (list of {record['list_date']})")
        elif kind == "relation":
            listed = ", ".join(record["listed_as"]) or "not on a loaded list"
            lines.append(f"    {record['relation']}: {record['to']} [{listed}]")
        elif kind == "link":
            lines.append(f"    {record['hops']} link(s): {record['reason']}")
        else:
            lines += _history(record)
    if len(lines) == 1:
        lines.append("  on no loaded list and not seen in the workspace's AIS")
    return "\n".join(lines)


def _history(record: dict[str, Any]) -> list[str]:
    lines = [f"  AIS history: MMSIs {', '.join(map(str, record['mmsis']))}; names "
             f"{', '.join(record['names']) or '-'}; flags {', '.join(record['flags']) or '-'}"]
    lines += [f"    flag {c['from']} -> {c['to']} on {c['on']} (MMSI {c['mmsi']})"
              for c in record["flag_changes"]]
    if record["listed_former_flags"]:
        lines.append(f"    former flags the lists give: {', '.join(record['listed_former_flags'])}")
    return lines
