"""`darkfleet demo`: the whole pipeline on the bundled flagship case."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.table import Table

from darkfleet.cli._common import config_for

if TYPE_CHECKING:
    from darkfleet.demo import DemoResult


@click.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("demo-out"),
              show_default=True, help="Directory for the demo's workspace and outputs.")
@click.pass_context
def demo(ctx: click.Context, out: Path) -> None:
    """Run every stage on the bundled flagship case; print the findings and the brief's path.

    Simulates the dprk-russia-2023 scenario and the dprk-russia-oil tankers (labelled
    SIMULATED), ingests them with the real public AIS samples, loads the real sanctions lists,
    screens, detects (voyages on the case's watched routes are watched), matches simulated
    satellite detections, estimates the cargo both ways against the UN limits, checks the
    case's claims and writes the cited brief.

    Example:

        darkfleet demo --out demo-out
    """
    from darkfleet.demo import run_demo
    from darkfleet.extras import require

    require("reports")  # the brief comes last: say what is missing before the work
    errors = Console(stderr=True)
    with errors.status("starting") as status:
        result = run_demo(out, config_for(ctx), step=lambda text: status.update(text))
    console = Console()
    if not console.is_terminal:
        console = Console(width=160)
    for table in (_summary_table(result), _voyage_table(result), _score_table(result),
                  _match_table(result), _imagery_table(result), _trade_table(result),
                  _check_table(result)):
        console.print(table)
    console.print(f"workspace: {result.workspace}")
    click.echo(f"brief: {result.brief}")


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def _summary_table(result: DemoResult) -> Table:
    summary = result.summary
    table = _table("workspace (simulated flagship scenario + real public AIS samples)",
                   "what", "value")
    table.add_row("vessels (MMSI)", f"{summary.vessels:,}")
    table.add_row("positions / static reports",
                  f"{summary.positions:,} / {summary.static_reports:,}")
    table.add_row("time span", f"{summary.first_ts} .. {summary.last_ts}")
    reasons = ", ".join(f"{n} {r}" for r, n in summary.quarantined_by_reason.items())
    table.add_row("quarantined lines", f"{summary.quarantined:,} ({reasons})")
    return table


def _voyage_table(result: DemoResult) -> Table:
    table = _table("watched voyages, riskiest first, with their events (SIMULATED AIS)",
                   "vessel", "IMO", "from", "to", "depart", "dark h", "risk", "events",
                   "reasons")
    for v in result.flagship.watched_voyages[:_SHOWN_VOYAGES]:
        events = ", ".join(f"{e['type']} {e['duration_h']:.1f} h" for e in v["events"])
        table.add_row(v["name"] or str(v["mmsi"]), str(v["imo"] or ""), v["origin"],
                      v["destination"], _time(v["depart"]), f"{v['dark_h']:.1f}",
                      f"{v['risk']:.2f}", events, "; ".join(v["reasons"]))
    shown = len(result.flagship.watched_voyages)
    if shown > _SHOWN_VOYAGES:
        table.caption = (f"{_SHOWN_VOYAGES} of {shown} watched voyages; all: "
                         f"darkfleet voyages -w {result.workspace} --watched")
    return table


def _score_table(result: DemoResult) -> Table:
    table = _table("detections scored against the scenario's planted truth", "type",
                   "planted", "detected", "precision", "recall")
    for score in result.flagship.scores:
        table.add_row(score.kind, f"{score.truth:,}", f"{score.detected:,}",
                      f"{score.precision:.2f}", f"{score.recall:.2f}")
    return table


def _time(value: Any) -> str:
    return str(value.strftime("%Y-%m-%dT%H:%MZ")) if hasattr(value, "strftime") else str(value)


def _match_table(result: DemoResult) -> Table:
    table = _table("sanctions matches by identifier", "vessel", "list", "entry", "programs",
                   "score", "evidence")
    for m in result.matches:
        evidence = json.loads(m["evidence"])
        if not ({"imo", "mmsi", "callsign"} & set(evidence)):
            continue
        table.add_row(f"{m['name']} (MMSI {m['mmsi']})", f"{m['list']} {m['list_date']}",
                      f"{m['entry_id']} {m['entry_name']}", ", ".join(m["programs"]),
                      f"{m['score']:.2f}", _evidence_text(evidence))
    return table


def _evidence_text(evidence: dict[str, Any]) -> str:
    return "; ".join(f"{field}: {e['how']}" for field, e in evidence.items())


def _check_table(result: DemoResult) -> Table:
    table = _table("claims checked against the model", "claim", "claimed", "p5", "p50", "p95",
                   "verdict")
    for check in result.checks:
        if check.get("check") != "capacity":
            continue
        claim = check["claim"]
        table.add_row(claim["id"], f"{_claimed(claim)} {claim['unit']}",
                      *(f"{check[p]:,.0f}" for p in ("p5", "p50", "p95")), check["verdict"])
    return table


def _imagery_table(result: DemoResult) -> Table:
    table = _table("satellite detections matched to the AIS (SIMULATED imagery)", "what",
                   "count")
    for key, text in (("detections", "detections"), ("matched", "matched to an AIS vessel"),
                      ("dark", "dark (no AIS match)"),
                      ("dark_port_presence", "dark in a watched port"),
                      ("gaps_seen", "AIS gaps seen by imagery")):
        table.add_row(text, f"{result.imagery.get(key, 0):,}")
    return table


def _trade_table(result: DemoResult) -> Table:
    table = _table("trade from draught by year (SIMULATED tankers), against the UN limits",
                   "year", "flow", "voyages", "cargo t (p5-p95)", "barrels (p5-p95)", "limit")
    for row in result.trade:
        if row["kind"] == "sum":
            table.add_row(row["period"], f"{row['direction']} {row['commodity']}",
                          str(row["voyages"]), _span(row["cargo_t"]), _span(row["barrels"]), "")
        elif row["kind"] == "limit":
            table.add_row(row["period"], f"cap: {row['statement']}",
                          str(len(row["voyage_ids"])), "", _span(row["total"]),
                          f"cap {row['cap']:,.0f} {row['unit']}, "
                          f"P(exceeded) {row['p_exceeded']:.2f}")
        else:
            table.add_row(row["period"], f"ban flag: {row['limit_id']}", str(row["voyages"]),
                          _span(row["cargo_t"]), "", row["reason"])
    return table


def _span(value: dict[str, float] | None) -> str:
    return "" if value is None else f"{value['p5']:,.0f}-{value['p95']:,.0f}"


_SHOWN_VOYAGES = 12
_QUALIFIERS = {"at_least": ">= ", "up_to": "<= ", "about": "~ "}


def _claimed(claim: dict[str, Any]) -> str:
    if claim.get("quantity_high") is not None:
        return f"{claim['quantity']:,.0f}-{claim['quantity_high']:,.0f}"
    return f"{_QUALIFIERS.get(claim.get('qualifier') or '', '')}{claim['quantity']:,.0f}"


COMMANDS: list[click.Command] = [demo]
