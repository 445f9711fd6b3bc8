"""Render a `BriefData` as one self-contained HTML page (pure: data in, text out).

Needs Jinja2 (the `reports` extra), imported when a brief is rendered.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

from darkfleet.events.records import Event, Vessel, Voyage
from darkfleet.report import charts, svg
from darkfleet.report.brief import (
    Assumption,
    BriefData,
    Source,
    anchor,
    anchor_of,
    is_link,
    label,
    link_path,
)
from darkfleet.report.map_figure import map_svg
from darkfleet.report.methods import definitions
from darkfleet.report.numbers import day, fmt, interval, when
from darkfleet.report.section_render import section_context
from darkfleet.report.settings import ReportSettings
from darkfleet.report.summary import Piece, Ref, Tag, findings
from darkfleet.report.template import CSP, STYLE, TEMPLATE
from darkfleet.screening.model import Match

#: CSS page sizes of the `paper` setting.
PAPER = {"A4": "A4", "Letter": "letter"}


def render_html(brief: BriefData, settings: ReportSettings) -> str:
    """The brief as HTML text: styles and figures inline, nothing fetched when opened.

    Raises:
        ImportError: Jinja2 is not installed (install darkfleet[reports]).
    """
    try:
        import jinja2
    except ImportError as error:  # pragma: no cover - depends on the install
        raise ImportError("writing a brief needs Jinja2: pip install 'darkfleet[reports]'") \
            from error
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    page = env.from_string(TEMPLATE)
    return page.render(**_context(brief, settings))


def _context(brief: BriefData, settings: ReportSettings) -> dict[str, Any]:
    figure = map_svg(brief)
    sections = section_context(brief)
    split = sections["split"]  # the timeline draws the case's records; the rest: appendix
    timeline = charts.timeline_svg(
        dataclasses.replace(brief, voyages=split.voyages, events=split.events),
        settings.timeline_vessels)
    defs = definitions(brief.thresholds, {e.type for e in brief.events})
    cards, others = _card_vessels(brief)
    shared = _shared_assumptions(brief)
    return {
        "b": brief, "csp": Markup(CSP), "style": Markup(STYLE), "c": svg,
        "findings": findings(brief, settings.summary_items),
        "map": Markup(figure) if figure else None,
        "timeline": Markup(timeline) if timeline else None,
        "estimates_chart": Markup(charts.interval_svg(
            charts.estimate_rows(brief.estimates), False)),
        "checks_chart": Markup(charts.interval_svg(
            charts.check_rows(brief.checks, brief.claims), False)),
        "definitions": defs, "defaults_used": any(d.defaults_used for d in defs),
        "vessels_table": "vessels" if "vessels" in brief.tables else "positions",
        "simulated_sources": settings.simulated_sources,
        "orphan_matches": _orphan_matches(brief),
        "card_vessels": cards, "other_vessels": others,
        "pieces": _pieces, "when": when, "day": day, "interval": interval,
        "num": _num, "evidence": _evidence, "assumptions": _assumptions,
        "model_assumptions": shared, "refs": lambda items: _refs(shared, items),
        "accession": _accession, "claim_anchor": lambda key: anchor("claim", key),
        "grades": lambda source: _grades(brief, source),
        "paper": PAPER[settings.paper],
        "sim": lambda *mmsis: bool(set(mmsis) & brief.simulated_mmsis),
        "anchor_of": anchor_of, "label": label, "is_link": is_link, "link_path": link_path,
        "failed_claim": lambda key: any(c.failed and c.claim_id == key for c in brief.checks),
        "matches_of": lambda vessel: _matches_of(brief, vessel),
        "voyages_of": lambda vessel: _voyages_of(brief, vessel),
        "events_of": _events_by_vessel(brief).get, "details": _evidence,
        **sections,
    }


def _pieces(pieces: Sequence[Piece]) -> Markup:
    out = []
    for piece in pieces:
        if isinstance(piece, Ref):
            out.append(Markup('<a href="#{}">{}</a>').format(piece.anchor, piece.text))
        elif isinstance(piece, Tag):
            out.append(Markup('<span class="tag">{}</span>').format(piece.text))
        else:
            out.append(escape(piece))
    return Markup("").join(out)


def _num(value: float | None) -> str:
    return "" if value is None else fmt(value)


def _evidence(evidence: Any, sep: str = "; ") -> str:
    """Evidence or details as readable text: `key (k: v, ...)`, items joined by `;`."""
    if isinstance(evidence, Mapping):
        return sep.join(f"{key} ({_evidence(value, ', ')})" if isinstance(value, Mapping | list)
                        else f"{key}: {value}" for key, value in evidence.items())
    if isinstance(evidence, list):
        return sep.join(_evidence(item, ", ") for item in evidence)
    return "" if evidence is None else str(evidence)


def _assumptions(items: Sequence[Assumption]) -> str:
    return "; ".join(
        f"{a.name}{' = ' + a.value if a.value else ''}{' ' + a.unit if a.unit else ''}"
        f"{' [' + a.source + ']' if a.source else ''}"
        for a in items
    )


def _shared_assumptions(brief: BriefData) -> list[Assumption]:
    """Every distinct assumption of the estimates, in first-use order: printed once
    as the numbered table of model assumptions, and referred to by number (A1, A2, ...)."""
    seen: dict[Assumption, None] = {}
    for item in brief.estimates:
        for assumption in item.assumptions:
            seen.setdefault(assumption, None)
    return list(seen)


def _refs(shared: Sequence[Assumption], items: Sequence[Assumption]) -> str:
    """`items` as references into the shared table: `A1–A16`, or `A1, A3, A7–A9`."""
    numbers = sorted(shared.index(a) + 1 for a in set(items))
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"A{r[0]}" if len(r) == 1 else f"A{r[0]}–A{r[-1]}" for r in runs)


def _accession(text: str) -> str:
    """`2024-03-02` as the source article writes it (`02.03.2024`); other text unchanged."""
    parts = text[:10].split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{parts[2]}.{parts[1]}.{parts[0]}"
    return text


def _grades(brief: BriefData, source: Source) -> str:
    grades = sorted({c.grade for c in brief.claims if c.source == source})
    return ", ".join(grades) if grades else "not graded"


def _matches_of(brief: BriefData, vessel: Vessel) -> list[Match]:
    return [m for m in brief.matches
            if m.vessel.mmsi == vessel.mmsi or (m.vessel.mmsi is None and m.vessel.imo is not None
                                                and m.vessel.imo == vessel.imo)]


def _orphan_matches(brief: BriefData) -> list[Match]:
    mmsis = {v.mmsi for v in brief.vessels}
    imos = {v.imo for v in brief.vessels if v.imo is not None}
    return [m for m in brief.matches if m.vessel.mmsi not in mmsis
            and not (m.vessel.mmsi is None and m.vessel.imo in imos)]


def _card_vessels(brief: BriefData) -> tuple[list[Vessel], list[Vessel]]:
    """Vessels that get a full card, and the others (one table row each).

    A vessel gets a card when it is simulated, a vessel of interest of the case, screened
    with a match, or has a voyage or an event; the rest of a large workspace is only counted,
    so a brief stays readable (and printable) whatever the archive's size.
    """
    interest = {imo for _, imo in (brief.case.vessels_of_interest if brief.case else ())}
    noted = ({m.vessel.mmsi for m in brief.matches} | {m.vessel.imo for m in brief.matches}
             | {v.mmsi for v in brief.voyages} | set(_events_by_vessel(brief))
             | {d.matched_mmsi for d in brief.detections}
             | {m for d in brief.detections for m in d.candidates}
             | {m for p in brief.port_presence for m in p.candidates})
    cards: list[Vessel] = []
    others: list[Vessel] = []
    for vessel in brief.vessels:
        featured = (vessel.mmsi in brief.simulated_seen or vessel.mmsi in noted
                    or (vessel.imo is not None and vessel.imo in noted | interest))
        (cards if featured else others).append(vessel)
    return cards, others


def _voyages_of(brief: BriefData, vessel: Vessel) -> list[Voyage]:
    return [v for v in brief.voyages if v.mmsi == vessel.mmsi]


def _events_by_vessel(brief: BriefData) -> dict[int, list[Event]]:
    """Each vessel's events, its encounters with others included, in time order."""
    found: dict[int, list[Event]] = {}
    for event in sorted(brief.events, key=lambda e: (e.start, e.id)):
        if event.mmsi is not None:
            found.setdefault(event.mmsi, []).append(event)
        if event.other_mmsi is not None and event.other_mmsi != event.mmsi:
            found.setdefault(event.other_mmsi, []).append(event)
    return found
