"""Small helpers shared by the brief's inline SVG figures: escaping, numbers, the watermark.

The colours are part of the brief's contract with its tests (which find them by pixel), so they
are named here once.
"""

from __future__ import annotations

from html import escape

SEA = "#d4e6f1"
LAND = "#ede4c8"
COAST = "#6b5b3e"
TRACK = "#c0392b"
GAP = "#6c3483"
PORT = "#1a5276"
ENCOUNTER = "#e67e22"
WATERMARK = "#cc0000"
DETECTED = "#117a65"  # an imagery detection matched to an AIS vessel
DARK = "#000000"  # an imagery detection no AIS vessel matched


def esc(text: object) -> str:
    """Text escaped for SVG/HTML content and attributes."""
    return escape(str(text), quote=True)


def num(value: float) -> str:
    """A coordinate with one decimal, without a trailing `.0`."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def watermark(width: float, height: float) -> str:
    """A large diagonal SIMULATED mark over a whole figure."""
    size = max(24.0, min(width, height) / 5)
    return (
        f'<text class="figure-watermark" x="{num(width / 2)}" y="{num(height / 2)}" '
        f'text-anchor="middle" dominant-baseline="middle" font-size="{num(size)}" '
        f'font-weight="bold" fill="{WATERMARK}" fill-opacity="0.22" '
        f'transform="rotate(-20 {num(width / 2)} {num(height / 2)})">SIMULATED</text>'
    )


def link(href: str, inner: str, title: str | None = None) -> str:
    """An SVG link to an element of the brief, with an optional hover title."""
    tip = f"<title>{esc(title)}</title>" if title else ""
    return f'<a href="#{esc(href)}">{tip}{inner}</a>'
