"""What the template needs for the later sections: per-card lookups for imagery and hull
history, the trade figures, and the split between the case and the records outside it.

Pure functions of a `BriefData`; `render._context` merges `section_context` into its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from markupsafe import Markup

from darkfleet.events.records import Event, Vessel, Voyage
from darkfleet.report import charts, trade_chart
from darkfleet.report.brief import Assumption, BriefData, anchor, anchor_of
from darkfleet.report.map_figure import extent
from darkfleet.report.sections import CargoVoyage, Detection, PortPresence
from darkfleet.screening.hull import HullHistory


@dataclass(frozen=True, slots=True)
class Split:
    """Voyages and events inside the case (its window and area), and what lies outside it:
    records, and vessels seen only outside it (the real samples of other years and waters)."""

    voyages: tuple[Voyage, ...]
    events: tuple[Event, ...]
    outside_voyages: tuple[Voyage, ...] = ()
    outside_events: tuple[Event, ...] = ()
    outside_vessels: tuple[Vessel, ...] = ()
    #: (year of first report, vessels, positions, voyages, events) outside the case
    outside_years: tuple[tuple[str, int, int, int, int], ...] = ()


def section_context(brief: BriefData) -> dict[str, Any]:
    """The template names of the imagery, screening, trade and appendix parts."""
    trade = brief.trade
    sim = brief.simulated
    split = split_case(brief)
    return {
        "hull_of": _lookup_hull(brief), "detections_of": _detections_of(brief),
        "presence_of": _presence_of(brief), "seen_by": _seen_by,
        "imagery_of": lambda voyage: imagery_of(brief, voyage),
        "trade_monthly": _markup(trade_chart.monthly_svg(trade, sim) if trade else None),
        "trade_caps": _markup(trade_chart.cap_svg(trade.caps, sim) if trade else None),
        "sum_label": trade_chart.sum_label, "cargo_anchor": lambda key: anchor("cargo", key),
        "voyage_anchor": lambda key: anchor("voyage", key),
        "cargo_of": _cargo_of(brief), "split": split,
        "trade_number": _numbering(trade.assumptions if trade else ()),
    }


def _numbering(items: Sequence[Assumption]) -> Callable[[Assumption], int]:
    numbers = {item: i + 1 for i, item in enumerate(items)}
    return numbers.__getitem__


def _markup(text: str | None) -> Markup | None:
    return Markup(text) if text else None


def _lookup_hull(brief: BriefData) -> Callable[[Vessel], HullHistory | None]:
    by_imo = {h.imo: h for h in brief.hulls}
    return lambda vessel: by_imo.get(vessel.imo) if vessel.imo is not None else None


def _detections_of(brief: BriefData) -> Callable[[Vessel], list[Detection]]:
    """A vessel's detections: matched to it, or dark ones listing it as a candidate."""
    return lambda vessel: [d for d in brief.detections
                           if d.matched_mmsi == vessel.mmsi or vessel.mmsi in d.candidates]


def _presence_of(brief: BriefData) -> Callable[[Vessel], list[PortPresence]]:
    return lambda vessel: [p for p in brief.port_presence if vessel.mmsi in p.candidates]


def _seen_by(event: Event) -> list[str]:
    """The detection ids of a gap's `details.seen_by` (dark detections naming its vessel)."""
    seen = event.details.get("seen_by") or []
    return [str(s.get("detection_id")) for s in seen if isinstance(s, dict)]


def imagery_of(brief: BriefData, voyage: Voyage) -> list[tuple[str, str]]:
    """(text, anchor) of what imagery saw of a voyage's vessel between depart and arrive:
    detections matched to it or naming it, dark port presence naming it, gaps it covered."""
    if voyage.depart is None or voyage.arrive is None:
        return []
    start, end = voyage.depart, voyage.arrive

    def during(ts: datetime) -> bool:
        return start <= ts <= end

    found = [(f"detection {d.id} ({d.status})", d.anchor) for d in brief.detections
             if during(d.ts) and (d.matched_mmsi == voyage.mmsi or voyage.mmsi in d.candidates)]
    found += [(f"dark in {p.port or 'a watched port'} (candidate)", p.anchor)
              for p in brief.port_presence if during(p.ts) and voyage.mmsi in p.candidates]
    found += [(f"gap seen by {', '.join(_seen_by(e))}", anchor_of(e)) for e in brief.events
              if e.mmsi == voyage.mmsi and e.type == "ais_gap" and _seen_by(e)
              and e.start <= end and e.end >= start]
    return found


def _cargo_of(brief: BriefData) -> Callable[[str], CargoVoyage | None]:
    by_id = {c.voyage_id: c for c in brief.trade.voyages} if brief.trade else {}
    return by_id.get


def split_case(brief: BriefData) -> Split:
    """Records inside the case window (the timeline's) and the map's area, and the rest.

    Without watched voyages there is no case window and everything is inside.
    """
    window = charts.window(brief) if any(v.watched for v in brief.voyages) else None
    if window is None:
        return Split(brief.voyages, brief.events)
    box = extent(brief)

    def in_box(lat: float | None, lon: float | None) -> bool:
        return box is None or lat is None or lon is None or (
            box.south <= lat <= box.north and box.west <= lon <= box.east)

    def in_window(first: datetime | None, last: datetime | None) -> bool:
        return first is not None and last is not None and last >= window[0] and \
            first <= window[1]

    voyages = [v for v in brief.voyages if v.watched or in_window(v.depart, v.arrive)]
    events = [e for e in brief.events if in_window(e.start, e.end) and in_box(e.lat, e.lon)]
    kept_v, kept_e = {v.id for v in voyages}, {e.id for e in events}
    out_v = [v for v in brief.voyages if v.id not in kept_v]
    out_e = [e for e in brief.events if e.id not in kept_e]
    tracks = {t.mmsi: t for t in brief.tracks}
    inside = {v.mmsi for v in voyages} | {e.mmsi for e in events}

    def elsewhere(vessel: Vessel) -> bool:
        track = tracks.get(vessel.mmsi)
        return vessel.mmsi not in inside and (
            not in_window(vessel.first_ts, vessel.last_ts)
            or (track is not None and not any(in_box(p[1], p[2]) for p in track.points)))

    out_vessels = [v for v in brief.vessels if elsewhere(v)]
    years: dict[str, list[int]] = {}
    for vessel in out_vessels:
        row = years.setdefault(_year(vessel.first_ts), [0, 0, 0, 0])
        row[0] += 1
        row[1] += vessel.positions or 0
    for when, slot in [(v.depart, 2) for v in out_v] + [(e.start, 3) for e in out_e]:
        years.setdefault(_year(when), [0, 0, 0, 0])[slot] += 1
    return Split(tuple(voyages), tuple(events), tuple(out_v), tuple(out_e), tuple(out_vessels),
                 tuple((y, n[0], n[1], n[2], n[3]) for y, n in sorted(years.items())))


def _year(when: datetime | None) -> str:
    return str(when.year) if when is not None else "undated"
