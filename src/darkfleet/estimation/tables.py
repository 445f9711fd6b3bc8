"""Text views of estimates, case checks and claims as rich tables (built here, printed by the
CLI; the library itself never prints)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rich.console import RenderableType
from rich.table import Table

from darkfleet.evidence.models import Claim


def estimate_renderables(record: Mapping[str, Any]) -> list[RenderableType]:
    """The question, the interval line, the assumptions table and (if any) the swing table."""
    out: list[RenderableType] = [
        record["question"],
        f"p5 {record['p5']:,.0f}  p50 {record['p50']:,.0f}  p95 {record['p95']:,.0f}  "
        f"mean {record['mean']:,.0f} {record['unit']}; binding constraint: "
        f"{record['binding_constraint']} ({record['samples']:,} samples, seed {record['seed']})",
    ]
    table = _table("assumptions", ("assumption", "value", "range", "unit", "prov.", "source"))
    for a in record["assumptions"]:
        span = "" if a["low"] == a["high"] else f"{a['low']:g}-{a['high']:g}"
        table.add_row(a["name"], f"{a['value']:g}", span, a["unit"], a["provenance"],
                      a["source"]["url"] or a["source"]["title"])
    out.append(table)
    if "sensitivity" in record:
        swing = _table("sensitivity (median when the assumption is at its low / high)",
                       ("assumption", "low", "high", "p50 at low", "p50 at high", "swing"))
        for row in record["sensitivity"]:
            swing.add_row(row["assumption"], f"{row['low']:g}", f"{row['high']:g}",
                          f"{row['p50_at_low']:,.0f}", f"{row['p50_at_high']:,.0f}",
                          f"{row['swing']:,.0f}")
        out.append(swing)
    return out


def case_check_table(records: Iterable[Mapping[str, Any]], title: str) -> Table:
    """One row per check: the claim, the model interval, the verdict and what it needs."""
    table = _table(title, ("claim", "statement", "stated", "attributed to", "claimed", "p5",
                           "p50", "p95", "verdict", "assumptions needed", "source"))
    for r in records:
        claim = r["claim"]
        cells = [f"{r[k]:,.0f}" if r[k] is not None else "" for k in ("p5", "p50", "p95")]
        if r["check"] == "production":
            cells = ["", f"needs {r['required_per_year']:,.0f}/yr", ""]
        table.add_row(claim["id"], claim["statement"], claim["stated_on"],
                      claim["attributed_to"], claimed_text(claim), *cells, r["verdict"],
                      "; ".join(r["assumptions"]), claim["source_url"])
    return table


def claims_table(claims: Iterable[Claim]) -> Table:
    table = _table("claims", ("id", "stated", "attributed to", "quantity", "unit", "rel.",
                              "source"))
    for c in claims:
        quantity = "" if c.quantity is None else f"{c.quantity:,.0f}"
        table.add_row(c.id, c.stated_on.isoformat(), c.attributed_to, quantity, c.unit,
                      f"{c.reliability}{c.credibility}", c.source.url)
    return table


def claimed_text(claim: Mapping[str, Any]) -> str:
    """`>= 3,000,000 rounds`, `4,200,000-5,800,000 rounds`, `~280,000 rounds`."""
    prefix = {"at_least": ">= ", "up_to": "<= ", "about": "~", "range": ""}[claim["qualifier"]]
    text = f"{prefix}{claim['quantity']:,.0f}"
    if claim["quantity_high"] is not None:
        text += f"-{claim['quantity_high']:,.0f}"
    return f"{text} {claim['unit']}"


def _table(title: str, columns: Sequence[str]) -> Table:
    table = Table(title=title)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table
