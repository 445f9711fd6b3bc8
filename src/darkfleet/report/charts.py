"""The brief's charts as inline SVG: the timeline of voyages and events, and interval charts.

Intervals are drawn as intervals (p5 to p95 bar, p50 tick) and labelled with both ends, never
as a single number. Pure functions of records; no I/O.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import datetime

from darkfleet.events.records import Event, Voyage
from darkfleet.report import svg
from darkfleet.report.brief import BriefData, Check, Claim, Estimate, anchor_of, label
from darkfleet.report.numbers import fmt

WIDTH = 960.0
LABEL_W = 170.0
#: Where interval bars start, and the longest label line (in characters) above a bar.
BAR_LEFT = 60.0
LABEL_CHARS = 140
ROW_H = 16.0
EVENT_COLOURS = {
    "port_call": svg.PORT, "ais_gap": svg.GAP, "encounter": svg.ENCOUNTER,
    "mmsi_collision": "#7f8c8d", "loitering": "#16a085",
}


def window(brief: BriefData) -> tuple[datetime, datetime] | None:
    """The timeline's time range: the watched voyages' (the case window), padded by a tenth on
    each side; else every dated record's. None without dated records."""
    watched = [t for v in brief.voyages if v.watched for t in (v.depart, v.arrive)
               if t is not None]
    times = watched or ([t for v in brief.voyages for t in (v.depart, v.arrive) if t is not None]
                        + [t for e in brief.events for t in (e.start, e.end)])
    if not times:
        return None
    first, last = min(times), max(times)
    pad = (last - first) / 10 if watched else last - last
    return first - pad, last + pad


def timeline_svg(brief: BriefData, max_rows: int) -> str | None:
    """Voyages as bars and events as marks, one row per vessel, over the case window (see
    `window`); records outside it are counted below. None without dated records."""
    span_of = window(brief)
    if span_of is None:
        return None
    first, last = span_of
    voyages = [v for v in brief.voyages if v.depart and v.arrive
               and v.arrive >= first and v.depart <= last]
    events = [e for e in brief.events if e.end >= first and e.start <= last]
    t0, t1 = first.timestamp(), last.timestamp()
    span = max(t1 - t0, 3600.0)
    rows = _rows(voyages, events, brief, max_rows)
    height = 30 + ROW_H * len(rows) + 28

    def x(t: datetime) -> float:
        clipped = min(max(t.timestamp(), t0), t0 + span)
        return LABEL_W + (clipped - t0) / span * (WIDTH - LABEL_W - 10)

    parts = [_axis(first, last, height)]
    names = {v.mmsi: label(v) for v in brief.vessels}
    for i, mmsi in enumerate(rows):
        y = 24 + i * ROW_H
        mark = (' <tspan fill="#cc0000" font-weight="bold">SIMULATED</tspan>'
                if mmsi in brief.simulated_mmsis else "")
        parts.append(f'<text x="4" y="{svg.num(y + 11)}" font-size="11">'
                     f"{svg.esc(names.get(mmsi, f'MMSI {mmsi}'))}{mark}</text>")
        for voyage in (v for v in voyages if v.mmsi == mmsi):
            assert voyage.depart is not None and voyage.arrive is not None
            fill = "#2e86c1" if voyage.watched else "#aed6f1"
            bar = (f'<rect x="{svg.num(x(voyage.depart))}" y="{svg.num(y + 3)}" '
                   f'width="{svg.num(max(2.0, x(voyage.arrive) - x(voyage.depart)))}" '
                   f'height="10" fill="{fill}"/>')
            title = f"Voyage {voyage.origin} → {voyage.destination}"
            parts.append(svg.link(anchor_of(voyage), bar, title))
        for event in (e for e in events if e.mmsi == mmsi):
            colour = EVENT_COLOURS.get(event.type, "#34495e")
            mark = (f'<rect x="{svg.num(x(event.start))}" y="{svg.num(y + 1)}" '
                    f'width="{svg.num(max(3.0, x(event.end) - x(event.start)))}" height="14" '
                    f'fill="{colour}" fill-opacity="0.75"/>')
            parts.append(svg.link(anchor_of(event), mark, f"{event.type} {event.id}"))
    notes = []
    left_out = len({v.mmsi for v in voyages} | {e.mmsi for e in events}) - len(rows)
    if left_out:
        notes.append(f"{left_out:,} vessels with fewer records are in the tables only")
    outside = len(brief.voyages) - len(voyages) + len(brief.events) - len(events)
    if outside:
        notes.append(f"{outside:,} voyages and events outside this window are in the tables")
    if notes:
        parts.append(f'<text x="4" y="{svg.num(height - 4)}" font-size="11">'
                     f'{svg.esc("; ".join(notes))}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" '
            f'viewBox="0 0 {svg.num(WIDTH)} {svg.num(height)}" width="{svg.num(WIDTH)}" '
            f'height="{svg.num(height)}"><title>Timeline of voyages and events</title>'
            + "".join(parts) + "</svg>")


def _rows(voyages: Sequence[Voyage], events: Sequence[Event], brief: BriefData,
          max_rows: int) -> list[int]:
    """Vessels with the most records first, at most `max_rows`, then in name order."""
    counts: dict[int, int] = {}
    for mmsi in [v.mmsi for v in voyages] + [e.mmsi for e in events if e.mmsi is not None]:
        counts[mmsi] = counts.get(mmsi, 0) + 1
    chosen = sorted(counts, key=lambda m: (-counts[m], m))[:max_rows]
    names = {v.mmsi: label(v).upper() for v in brief.vessels}
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
    """Interval rows: (label, p5, p50, p95, claimed value or None, failed), on one shared scale.

    Each row's label is written in full above its bar (wrapped, never cut); the bar spans
    p5-p95, a tick marks p50, a diamond the claimed value (red when failed). The axis below
    gives the shared scale.
    """
    values = [v for label, p5, p50, p95, claimed, _ in rows
              for v in (p5, p50, p95, *([claimed] if claimed is not None else []))]
    low, high = (min(0.0, *values), max(values)) if values else (0.0, 1.0)
    high = high + 0.04 * (high - low or 1)
    y = 6.0
    parts = []
    for name, p5, p50, p95, claimed, failed in rows:
        lines = textwrap.wrap(name, LABEL_CHARS) or [""]
        parts.append(_interval_row(y, lines, (p5, p50, p95), claimed, failed, (low, high)))
        y += 14 * len(lines) + 38
    parts.append(_scale(y, low, high))
    height = y + 30
    if simulated:
        parts.append(svg.watermark(WIDTH, height))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="intervals" role="img" '
            f'viewBox="0 0 {svg.num(WIDTH)} {svg.num(height)}" width="{svg.num(WIDTH)}" '
            f'height="{svg.num(height)}"><title>Intervals (p5 to p95, tick at p50), one '
            f"scale</title>" + "".join(parts) + "</svg>")


def _x(v: float, scale: tuple[float, float]) -> float:
    low, high = scale
    return BAR_LEFT + (v - low) / (high - low) * (WIDTH - 20 - BAR_LEFT)


def _scale(y: float, low: float, high: float) -> str:
    ticks = [low + (high - low) * i / 4 for i in range(5)]
    out = [f'<line x1="{svg.num(BAR_LEFT)}" y1="{svg.num(y)}" x2="{svg.num(WIDTH - 20)}" '
           f'y2="{svg.num(y)}" stroke="#555555"/>']
    for tick in ticks:
        tx = _x(tick, (low, high))
        anchor = "start" if tick == low else "end" if tick == ticks[-1] else "middle"
        out.append(f'<line x1="{svg.num(tx)}" y1="{svg.num(y)}" x2="{svg.num(tx)}" '
                   f'y2="{svg.num(y + 5)}" stroke="#555555"/><text x="{svg.num(tx)}" '
                   f'y="{svg.num(y + 17)}" font-size="11" text-anchor="{anchor}">'
                   f"{fmt(tick)}</text>")
    return "".join(out)


def _interval_row(
    y: float, lines: Sequence[str], p: tuple[float, float, float], claimed: float | None,
    failed: bool, scale: tuple[float, float],
) -> str:
    p5, p50, p95 = p
    out = [f'<text x="4" y="{svg.num(y + 11 + 14 * i)}" font-size="12">{svg.esc(line)}</text>'
           for i, line in enumerate(lines)]
    y += 14 * len(lines)
    out += [f'<rect x="{svg.num(_x(p5, scale))}" y="{svg.num(y + 4)}" '
            f'width="{svg.num(max(2.0, _x(p95, scale) - _x(p5, scale)))}" height="12" '
            f'fill="#5dade2"/>',
            f'<line x1="{svg.num(_x(p50, scale))}" y1="{svg.num(y + 1)}" '
            f'x2="{svg.num(_x(p50, scale))}" y2="{svg.num(y + 19)}" stroke="#1b4f72" '
            f'stroke-width="3"/>',
            f'<text x="{svg.num(_x(p5, scale) - 4)}" y="{svg.num(y + 15)}" font-size="11" '
            f'text-anchor="end">{fmt(p5)}</text>',
            f'<text x="{svg.num(_x(p95, scale) + 4)}" y="{svg.num(y + 15)}" '
            f'font-size="11">{fmt(p95)}</text>']
    if claimed is not None:
        colour = svg.WATERMARK if failed else "#1e8449"
        cx = _x(claimed, scale)
        out.append(f'<path d="M{svg.num(cx)} {svg.num(y)}l7 10l-7 10l-7 -10Z" '
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
