"""The brief's charts as inline SVG: the timeline of voyages and events, and interval charts.

Intervals are drawn as intervals (p5 to p95 bar, p50 tick) and labelled with both ends, never
as a single number. Pure functions of records; no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from darkfleet.report import svg
from darkfleet.report.brief import BriefData, Check, Claim, Estimate
from darkfleet.report.numbers import fmt

WIDTH = 960.0
LABEL_W = 170.0
ROW_H = 16.0
EVENT_COLOURS = {
    "port_call": svg.PORT, "ais_gap": svg.GAP, "encounter": svg.ENCOUNTER,
    "mmsi_collision": "#7f8c8d", "loitering": "#16a085",
}


def timeline_svg(brief: BriefData, max_rows: int) -> str | None:
    """Voyages as bars and events as marks, one row per vessel; None without dated records."""
    times = [t for v in brief.voyages for t in (v.depart, v.arrive) if t is not None]
    times += [t for e in brief.events for t in (e.start, e.end)]
    if not times:
        return None
    t0, t1 = min(times).timestamp(), max(times).timestamp()
    span = max(t1 - t0, 3600.0)
    rows = _rows(brief, max_rows)
    height = 30 + ROW_H * len(rows) + 14

    def x(t: datetime) -> float:
        return LABEL_W + (t.timestamp() - t0) / span * (WIDTH - LABEL_W - 10)

    parts = [_axis(min(times), max(times), height)]
    names = {v.mmsi: v.label for v in brief.vessels}
    for i, mmsi in enumerate(rows):
        y = 24 + i * ROW_H
        parts.append(f'<text x="4" y="{svg.num(y + 11)}" font-size="11">'
                     f"{svg.esc(names.get(mmsi, f'MMSI {mmsi}'))}</text>")
        for voyage in (v for v in brief.voyages if v.mmsi == mmsi):
            if voyage.depart and voyage.arrive:
                fill = "#2e86c1" if voyage.watched else "#aed6f1"
                bar = (f'<rect x="{svg.num(x(voyage.depart))}" y="{svg.num(y + 3)}" '
                       f'width="{svg.num(max(2.0, x(voyage.arrive) - x(voyage.depart)))}" '
                       f'height="10" fill="{fill}"/>')
                title = f"Voyage {voyage.origin} → {voyage.destination}"
                parts.append(svg.link(voyage.anchor, bar, title))
        for event in (e for e in brief.events if e.mmsi == mmsi):
            colour = EVENT_COLOURS.get(event.type, "#34495e")
            mark = (f'<rect x="{svg.num(x(event.start))}" y="{svg.num(y + 1)}" '
                    f'width="{svg.num(max(3.0, x(event.end) - x(event.start)))}" height="14" '
                    f'fill="{colour}" fill-opacity="0.75"/>')
            parts.append(svg.link(event.anchor, mark, f"{event.type} {event.id}"))
    left_out = len({v.mmsi for v in brief.voyages} | {e.mmsi for e in brief.events}) - len(rows)
    if left_out:
        parts.append(f'<text x="4" y="{svg.num(height - 2)}" font-size="11">{left_out:,} '
                     f"vessels with fewer records are in the tables only</text>")
    if any(m in brief.simulated_mmsis for m in rows):
        parts.append(svg.watermark(WIDTH, height))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" '
            f'viewBox="0 0 {svg.num(WIDTH)} {svg.num(height)}" width="{svg.num(WIDTH)}" '
            f'height="{svg.num(height)}"><title>Timeline of voyages and events</title>'
            + "".join(parts) + "</svg>")


def _rows(brief: BriefData, max_rows: int) -> list[int]:
    """Vessels with the most records first, at most `max_rows`, then in name order."""
    counts: dict[int, int] = {}
    for mmsi in [v.mmsi for v in brief.voyages] + [e.mmsi for e in brief.events]:
        counts[mmsi] = counts.get(mmsi, 0) + 1
    chosen = sorted(counts, key=lambda m: (-counts[m], m))[:max_rows]
    names = {v.mmsi: v.label.upper() for v in brief.vessels}
    return sorted(chosen, key=lambda m: (names.get(m, ""), m))


def _axis(first: datetime, last: datetime, height: float) -> str:
    return (f'<line x1="{svg.num(LABEL_W)}" y1="20" x2="{svg.num(WIDTH - 10)}" y2="20" '
            f'stroke="#555555"/><line x1="{svg.num(LABEL_W)}" y1="20" '
            f'x2="{svg.num(LABEL_W)}" y2="{svg.num(height)}" stroke="#cccccc"/>'
            f'<text x="{svg.num(LABEL_W)}" y="14" font-size="11">'
            f'{first.strftime("%Y-%m-%d %H:%MZ")}</text>'
            f'<text x="{svg.num(WIDTH - 10)}" y="14" font-size="11" text-anchor="end">'
            f'{last.strftime("%Y-%m-%d %H:%MZ")}</text>')


def interval_svg(
    rows: Sequence[tuple[str, float, float, float, float | None, bool]], simulated: bool
) -> str:
    """Interval rows: (label, p5, p50, p95, claimed value or None, failed), each on its own scale.

    The bar spans p5-p95, a tick marks p50, a diamond the claimed value (red when failed).
    """
    height = 20 + 44 * len(rows)
    parts = []
    for i, (label, p5, p50, p95, claimed, failed) in enumerate(rows):
        parts.append(_interval_row(20 + 44 * i, label, (p5, p50, p95), claimed, failed))
    if simulated:
        parts.append(svg.watermark(WIDTH, height))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="intervals" role="img" '
            f'viewBox="0 0 {svg.num(WIDTH)} {height}" width="{svg.num(WIDTH)}" '
            f'height="{height}"><title>Intervals (p5 to p95, tick at p50)</title>'
            + "".join(parts) + "</svg>")


def _interval_row(
    y: float, label: str, p: tuple[float, float, float], claimed: float | None, failed: bool
) -> str:
    values = [*p, *([claimed] if claimed is not None else [])]
    low, high = min(values), max(values)
    low, high = low - 0.08 * (high - low or 1), high + 0.08 * (high - low or 1)
    left, right = 330.0, WIDTH - 20

    def x(v: float) -> float:
        return left + (v - low) / (high - low) * (right - left)

    p5, p50, p95 = p
    out = [f'<text x="4" y="{svg.num(y + 14)}" font-size="12">{svg.esc(label[:48])}</text>',
           f'<rect x="{svg.num(x(p5))}" y="{svg.num(y + 4)}" '
           f'width="{svg.num(max(2.0, x(p95) - x(p5)))}" height="14" fill="#5dade2"/>',
           f'<line x1="{svg.num(x(p50))}" y1="{svg.num(y)}" x2="{svg.num(x(p50))}" '
           f'y2="{svg.num(y + 22)}" stroke="#1b4f72" stroke-width="3"/>',
           f'<text x="{svg.num(x(p5))}" y="{svg.num(y + 34)}" font-size="11">{fmt(p5)}</text>',
           f'<text x="{svg.num(x(p95))}" y="{svg.num(y + 34)}" font-size="11" '
           f'text-anchor="end">{fmt(p95)}</text>']
    if claimed is not None:
        colour = svg.WATERMARK if failed else "#1e8449"
        cx = x(claimed)
        out.append(f'<path d="M{svg.num(cx)} {svg.num(y + 1)}l7 10l-7 10l-7 -10Z" '
                   f'fill="{colour}"><title>claimed {fmt(claimed)}</title></path>')
    return "".join(out)


def estimate_rows(
    estimates: Sequence[Estimate],
) -> list[tuple[str, float, float, float, float | None, bool]]:
    return [(e.question, e.p5, e.p50, e.p95, None, False) for e in estimates]


def check_rows(
    checks: Sequence[Check], claims: Sequence[Claim]
) -> list[tuple[str, float, float, float, float | None, bool]]:
    """The checks that have a model interval, labelled with their claim."""
    by_id = {c.id: c for c in claims}
    rows = []
    for check in checks:
        if check.interval is None:
            continue
        claim = by_id.get(check.claim_id)
        label = f"{check.claim_id}: {claim.statement}" if claim else check.claim_id
        claimed = claim.quantity if claim else None
        rows.append((label, *check.interval, claimed, check.failed))
    return rows
