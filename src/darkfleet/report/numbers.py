"""How the brief writes numbers, times and intervals, in one place so they read alike."""

from __future__ import annotations

from datetime import datetime

from darkfleet.timefmt import iso_utc


def fmt(value: float) -> str:
    """A number with three significant figures at most and thousands separators."""
    size = abs(value)
    if size >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    if size >= 10:
        return f"{value:,.1f}"
    return f"{value:,.2f}"


def hours(value: float | None) -> str:
    return "unknown" if value is None else f"{value:,.1f} h"


def interval(p5: float, p50: float, p95: float, unit: str | None = None) -> str:
    """`a – b unit (p5–p95, median c)`: an interval first, never a bare number."""
    tail = f" {unit}" if unit else ""
    return f"{fmt(p5)} – {fmt(p95)}{tail} (p5–p95, median {fmt(p50)})"


def day(value: datetime | None) -> str:
    return "unknown date" if value is None else value.strftime("%Y-%m-%d")


def when(value: datetime | None) -> str:
    return "" if value is None else (iso_utc(value) or "")
