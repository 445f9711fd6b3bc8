"""The trade ledger as plain text lines (for `darkfleet trade --format text`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from rich.table import Table


def _span(interval: Mapping[str, float] | None, unit: str) -> str:
    if interval is None:
        return "-"
    return f"{interval['p50']:,.0f} {unit} (p5 {interval['p5']:,.0f}, p95 {interval['p95']:,.0f})"


def ledger_lines(rows: Sequence[Mapping[str, Any]]) -> Iterator[str]:
    """One line per sum, limit and flag row."""
    if not rows:
        yield "no voyages between the case's port groups"
    for row in rows:
        if row["kind"] == "sum":
            extra = f"; {_span(row['barrels'], 'bbl')}" if row["barrels"] else ""
            yield (f"{row['period']}  {row['direction']}  {row['commodity']}: "
                   f"{row['voyages']} voyages ({row['measured']} measured, {row['imputed']} "
                   f"imputed, {row['without_estimate']} without), "
                   f"{_span(row['cargo_t'], 't')}{extra}")
        elif row["kind"] == "limit":
            yield (f"{row['period']}  cap {row['resolution']} para {row['paragraph']}: "
                   f"{row['commodity']} into {row['into']} {_span(row['total'], row['unit'])} "
                   f"against {row['cap']:,.0f}; P(exceeded) = {row['p_exceeded']:.2f} "
                   f"({len(row['voyage_ids'])} voyages)")
        else:
            yield (f"{row['period']}  flag {row['resolution']} para {row['paragraph']}: "
                   f"{row['reason']} ({row['voyages']} voyages: "
                   f"{', '.join(row['voyage_ids'][:5])}{' ...' if row['voyages'] > 5 else ''})")


def coverage_lines(coverage: Mapping[str, Any]) -> Iterator[str]:
    """The cargo coverage of `darkfleet evaluate` (a `CargoCoverage.to_dict()`)."""
    yield (f"cargo: {coverage['covered']} of {coverage['truth']} true cargoes inside p5-p95 "
           f"({coverage['coverage']:.1%}; {coverage['matched']} matched to a voyage)")
    for year in coverage["yearly"]:
        yield (f"cargo: {year['year']} refined products {year['true_barrels']:,} bbl true, "
               f"{_span(year['barrels'], 'bbl')} estimated: "
               f"{'inside' if year['covered'] else 'OUTSIDE'} the interval")


def trade_check_table(records: Sequence[Mapping[str, Any]], title: str) -> Table:
    """One row per trade claim: the claim, the ledger's interval over its window, the verdict."""
    table = Table(title=title, show_lines=True)
    for column in ("claim", "statement", "window", "claimed", "p5", "p50", "p95", "voyages",
                   "verdict", "source"):
        table.add_column(column)
    for r in records:
        claim = r["claim"]
        q = claim["quantity"]
        claimed = "" if q is None else f"{q:,.0f} {claim['unit']}" if q >= 100 else \
            f"{q:g} {claim['unit']}"
        cells = ["" if r[k] is None else f"{r[k]:,.2f}" if r["measure"] == "ratio" else
                 f"{r[k]:,.0f}" for k in ("p5", "p50", "p95")]
        table.add_row(claim["id"], claim["statement"], " to ".join(str(w) for w in r["window"]),
                      claimed, *cells, str(len(r["voyage_ids"])), r["verdict"],
                      claim["source_url"])
    return table
