"""The trade ledger as plain text lines (for `darkfleet trade --format text`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any


def _span(interval: Mapping[str, float] | None, unit: str) -> str:
    if interval is None:
        return "-"
    return f"{interval['p50']:,.0f} {unit} (p5 {interval['p5']:,.0f}, p95 {interval['p95']:,.0f})"


def ledger_lines(rows: Sequence[Mapping[str, Any]]) -> Iterator[str]:
    """One line per sum, limit and flag row."""
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
