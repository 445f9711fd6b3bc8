"""The trade section's figures as inline SVG: monthly cargo both ways, and each cap by year.

Pure functions of the `Trade` record. Intervals are drawn as intervals (p5 to p95 bar, p50
tick); the cap is a dashed red line at its quantity, and each year's bar carries the
probability that the cap was exceeded (the share of the total's samples above it).
"""

from __future__ import annotations

from collections.abc import Sequence

from darkfleet.report import charts, svg
from darkfleet.report.numbers import fmt
from darkfleet.report.sections import Trade, TradeCap, TradeSum

WIDTH = 960.0
LEFT = 250.0
RIGHT = 150.0
ROW_H = 26.0
CAP_COLOUR = "#cc0000"


def sum_label(row: TradeSum) -> str:
    """`2023-09 · Russian Far East -> DPRK · refined_product · 3 voyages (1 imputed)`."""
    n = len(row.voyage_ids)
    extra = f" ({row.imputed} imputed)" if row.imputed else ""
    return (f"{row.period} · {row.direction} · {row.commodity} · {n} voyage"
            f"{'s' if n != 1 else ''}{extra}")


def monthly_svg(trade: Trade, simulated: bool) -> str | None:
    """Cargo in tonnes per month, direction and commodity, one scale (None without sums)."""
    rows = [(sum_label(s), *s.cargo_t, None, False) for s in trade.sums if s.cargo_t]
    return charts.interval_svg(rows, simulated) if rows else None


def cap_svg(caps: Sequence[TradeCap], simulated: bool) -> str | None:
    """Each year's total against its cap: bar p5-p95, tick p50, the cap as a dashed red line."""
    if not caps:
        return None
    high = max([c.cap for c in caps] + [c.total[2] for c in caps if c.total]) * 1.08
    height = 34 + ROW_H * len(caps) + 24

    def x(value: float) -> float:
        return LEFT + value / high * (WIDTH - LEFT - RIGHT)

    parts = []
    for i, cap in enumerate(caps):
        y = 30 + i * ROW_H
        name = f"{cap.period} · {cap.commodity or cap.limit_id}"
        parts.append(f'<text x="4" y="{svg.num(y + 13)}" font-size="12">'
                     f"{svg.esc(name)}</text>")
        if cap.total is not None:
            p5, p50, p95 = cap.total
            bar = (f'<rect x="{svg.num(x(p5))}" y="{svg.num(y + 3)}" '
                   f'width="{svg.num(max(2.0, x(p95) - x(p5)))}" height="12" fill="#5dade2"/>'
                   f'<line x1="{svg.num(x(p50))}" y1="{svg.num(y)}" x2="{svg.num(x(p50))}" '
                   f'y2="{svg.num(y + 18)}" stroke="#1b4f72" stroke-width="3"/>')
            tip = f"{fmt(p5)} – {fmt(p95)} {cap.unit or ''}"
            parts.append(svg.link(cap.anchor, bar, tip))
        chance = f"P(exceeded) = {cap.p_exceeded:.2f}"
        parts.append(f'<text x="{svg.num(WIDTH - RIGHT + 8)}" y="{svg.num(y + 13)}" '
                     f'font-size="12">{svg.esc(chance)}</text>')
    for quantity, unit in sorted({(c.cap, c.unit or "") for c in caps}):
        cx = x(quantity)
        label = f"cap {fmt(quantity)} {unit}/yr"
        parts.append(f'<line class="cap-line" x1="{svg.num(cx)}" y1="22" x2="{svg.num(cx)}" '
                     f'y2="{svg.num(height - 20)}" stroke="{CAP_COLOUR}" stroke-width="2" '
                     f'stroke-dasharray="6 4"/><text x="{svg.num(cx)}" y="16" font-size="12" '
                     f'text-anchor="middle" fill="{CAP_COLOUR}">'
                     f"{svg.esc(label)}</text>")
    parts.append(f'<line x1="{svg.num(LEFT)}" y1="{svg.num(height - 20)}" '
                 f'x2="{svg.num(WIDTH - RIGHT)}" y2="{svg.num(height - 20)}" stroke="#555555"/>'
                 f'<text x="{svg.num(LEFT)}" y="{svg.num(height - 6)}" font-size="11">0</text>'
                 f'<text x="{svg.num(WIDTH - RIGHT)}" y="{svg.num(height - 6)}" font-size="11" '
                 f'text-anchor="end">{fmt(high)}</text>')
    if simulated:
        parts.append(svg.watermark(WIDTH, height))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="caps" role="img" '
            f'viewBox="0 0 {svg.num(WIDTH)} {svg.num(height)}" width="{svg.num(WIDTH)}" '
            f'height="{svg.num(height)}"><title>Yearly totals against the cap</title>'
            + "".join(parts) + "</svg>")
