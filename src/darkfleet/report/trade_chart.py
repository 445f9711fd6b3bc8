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
ROW_H = 50.0
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
    """One row per cap and year, each on its own scale from 0: the total's bar (p5-p95, tick
    at p50), the cap as a dashed red line across the row, and P(exceeded) at the right."""
    if not caps:
        return None
    height = 10 + ROW_H * len(caps)
    parts = [_cap_row(cap, 10 + i * ROW_H) for i, cap in enumerate(caps)]
    if simulated:
        parts.append(svg.watermark(WIDTH, height))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="caps" role="img" '
            f'viewBox="0 0 {svg.num(WIDTH)} {svg.num(height)}" width="{svg.num(WIDTH)}" '
            f'height="{svg.num(height)}"><title>Yearly totals against the caps</title>'
            + "".join(parts) + "</svg>")


def _cap_row(cap: TradeCap, y: float) -> str:
    high = max(cap.cap, cap.total[2] if cap.total else 0.0) * 1.15

    def x(value: float) -> float:
        return LEFT + value / high * (WIDTH - LEFT - RIGHT)

    name = f"{cap.period} · {cap.commodity or cap.limit_id}"
    parts = [f'<text x="4" y="{svg.num(y + 27)}" font-size="12">{svg.esc(name)}</text>',
             f'<line x1="{svg.num(LEFT)}" y1="{svg.num(y + 36)}" x2="{svg.num(WIDTH - RIGHT)}" '
             f'y2="{svg.num(y + 36)}" stroke="#aaaaaa"/>']
    if cap.total is not None:
        p5, p50, p95 = cap.total
        bar = (f'<rect x="{svg.num(x(p5))}" y="{svg.num(y + 17)}" '
               f'width="{svg.num(max(2.0, x(p95) - x(p5)))}" height="12" fill="#5dade2"/>'
               f'<line x1="{svg.num(x(p50))}" y1="{svg.num(y + 14)}" x2="{svg.num(x(p50))}" '
               f'y2="{svg.num(y + 32)}" stroke="#1b4f72" stroke-width="3"/>')
        parts.append(svg.link(cap.anchor, bar, f"{fmt(p5)} – {fmt(p95)} {cap.unit or ''}"))
        parts.append(f'<text x="{svg.num(x(p5) - 4)}" y="{svg.num(y + 27)}" font-size="11" '
                     f'text-anchor="end">{fmt(p5)}</text><text x="{svg.num(x(p95) + 4)}" '
                     f'y="{svg.num(y + 27)}" font-size="11">{fmt(p95)}</text>')
    cx = x(cap.cap)
    label = f"cap {fmt(cap.cap)} {cap.unit or ''}/yr"
    chance = f"P(exceeded) = {cap.p_exceeded:.2f}"
    parts.append(f'<line class="cap-line" x1="{svg.num(cx)}" y1="{svg.num(y + 8)}" '
                 f'x2="{svg.num(cx)}" y2="{svg.num(y + 38)}" stroke="{CAP_COLOUR}" '
                 f'stroke-width="2" stroke-dasharray="5 3"/><text x="{svg.num(cx)}" '
                 f'y="{svg.num(y + 6)}" font-size="11" text-anchor="end" fill="{CAP_COLOUR}">'
                 f'{svg.esc(label)}</text><text x="{svg.num(WIDTH - RIGHT + 8)}" '
                 f'y="{svg.num(y + 27)}" font-size="12">{svg.esc(chance)}</text>')
    return "".join(parts)
