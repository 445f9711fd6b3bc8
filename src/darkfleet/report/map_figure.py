"""The brief's map: real coastlines, tracks, port calls, AIS gaps as dashed jumps, encounters.

Pure: takes a `BriefData`, returns inline SVG text. Mercator projection fitted to the records'
extent; land comes from `coastlines.land_in` (bundled Natural Earth data, no network).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from darkfleet.events.records import Event
from darkfleet.report import svg
from darkfleet.report.brief import BriefData, anchor_of, label
from darkfleet.report.coastlines import BBox, land_in, ring_box
from darkfleet.tracks.query import Track

WIDTH = 960.0
MAX_HEIGHT = 640.0
_SLACK_S = 60.0


@dataclass(frozen=True, slots=True)
class Projection:
    """Degrees to pixels (Web Mercator, fitted to a box)."""

    box: BBox
    scale: float
    height: float

    @classmethod
    def fit(cls, box: BBox) -> Projection:
        top, bottom = _merc(box.north), _merc(box.south)
        scale = WIDTH / math.radians(box.east - box.west)
        height = (top - bottom) * scale
        if height > MAX_HEIGHT:  # widen the box so the map keeps its height
            scale = MAX_HEIGHT / (top - bottom)
            half = math.degrees(WIDTH / scale) / 2
            middle = (box.west + box.east) / 2
            box = BBox(middle - half, box.south, middle + half, box.north)
            height = MAX_HEIGHT
        return cls(box, scale, height)

    def xy(self, lat: float, lon: float) -> tuple[float, float]:
        x = math.radians(lon - self.box.west) * self.scale
        y = (_merc(self.box.north) - _merc(lat)) * self.scale
        return x, y

    def path(self, points: Iterable[tuple[float, float]]) -> str:
        """An SVG path `d` through `(lat, lon)` points."""
        parts = []
        for i, (lat, lon) in enumerate(points):
            x, y = self.xy(lat, lon)
            parts.append(f"{'M' if i == 0 else 'L'}{svg.num(x)} {svg.num(y)}")
        return "".join(parts)


#: Event types that mark where the case happens (with the watched ports).
AREA_EVENTS = frozenset({"ais_gap", "encounter", "loitering"})


def _merc(lat: float) -> float:
    lat = max(-80.0, min(80.0, lat))
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def focus(brief: BriefData) -> frozenset[int]:
    """The vessels the map is centred on (the watched area).

    Those with a watched voyage; else the case's vessels of interest (by IMO); else all.
    """
    watched = frozenset(v.mmsi for v in brief.voyages if v.watched)
    if watched:
        return watched
    if brief.case is not None:
        imos = {imo for _, imo in brief.case.vessels_of_interest if imo is not None}
        chosen = frozenset(v.mmsi for v in brief.vessels if v.imo in imos)
        if chosen:
            return chosen
    return frozenset(t.mmsi for t in brief.tracks) | {e.mmsi for e in brief.events
                                                       if e.mmsi is not None}


def case_area(brief: BriefData) -> list[tuple[float, float]]:
    """(lat, lon) points of the case area: the watched ports that watched voyages left or
    reached, and the gaps, encounters and loitering of the focus vessels. Empty without any."""
    chosen = focus(brief)
    ends = {code for v in brief.voyages if v.watched for code in (v.origin, v.destination)}
    points = [(p.lat, p.lon) for p in brief.ports if p.watched and p.locode in ends]
    if not points:
        return []
    points += [(e.lat, e.lon) for e in brief.events
               if e.mmsi in chosen and e.type in AREA_EVENTS and e.lat is not None
               and e.lon is not None]
    return points


def extent(brief: BriefData, pad: float = 0.12, min_span_deg: float = 1.0) -> BBox | None:
    """The padded box of the case area (see `case_area`), or else around the positions and
    events of the focus vessels; None if none. Tracks leaving the box are cut at its edge."""
    chosen = focus(brief)
    area = case_area(brief)
    lats, lons = [p[0] for p in area], [p[1] for p in area]
    for track in brief.tracks if not area else ():
        if track.mmsi in chosen:
            lats += [p[1] for p in track.points]
            lons += [p[2] for p in track.points]
    for event in brief.events if not area else ():
        if event.mmsi in chosen and event.lat is not None and event.lon is not None:
            lats.append(event.lat)
            lons.append(event.lon)
    if not lats:
        return None
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    pad_lon = max((east - west) * pad, (min_span_deg - (east - west)) / 2, 0.05)
    pad_lat = max((north - south) * pad, (min_span_deg - (north - south)) / 2, 0.05)
    return BBox(max(-180.0, west - pad_lon), max(-80.0, south - pad_lat),
                min(180.0, east + pad_lon), min(80.0, north + pad_lat))


def map_svg(brief: BriefData) -> str | None:
    """The map as an inline `<svg>`; None when the brief has no positions to show."""
    box = extent(brief)
    if box is None:
        return None
    proj = Projection.fit(box)
    coast = land_in(proj.box)
    shown = [t for t in brief.tracks
             if t.points and ring_box([(p[2], p[1]) for p in t.points]).overlaps(proj.box)]
    gaps = [e for e in brief.events if e.type == "ais_gap"]
    layers = [
        f'<rect width="{svg.num(WIDTH)}" height="{svg.num(proj.height)}" fill="{svg.SEA}"/>',
        _land(proj, coast.rings),
        _tracks(proj, shown, gaps),
        _gaps(proj, shown, gaps),
        _ports(proj, brief),
        _encounters(proj, brief.events),
        _detections(proj, brief),
        _labels(proj, brief, shown),
        _attribution(proj, coast.dataset, len(brief.tracks) - len(shown)),
    ]
    if any(t.mmsi in brief.simulated_seen for t in shown):
        layers.append(svg.watermark(WIDTH, proj.height))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map" role="img" '
        f'viewBox="0 0 {svg.num(WIDTH)} {svg.num(proj.height)}" '
        f'width="{svg.num(WIDTH)}" height="{svg.num(proj.height)}">'
        f"<title>Map of tracks, port calls, AIS gaps and encounters</title>"
        + "".join(layers) + "</svg>"
    )


def _land(proj: Projection, rings: Sequence[Sequence[tuple[float, float]]]) -> str:
    d = "".join(proj.path((lat, lon) for lon, lat in ring) + "Z" for ring in rings)
    return (f'<path class="land" d="{d}" fill="{svg.LAND}" fill-rule="evenodd" '
            f'stroke="{svg.COAST}" stroke-width="1"/>')


def _gap_windows(gaps: Sequence[Event]) -> dict[int, list[tuple[float, float]]]:
    windows: dict[int, list[tuple[float, float]]] = {}
    for gap in gaps:
        if gap.mmsi is None:
            continue
        windows.setdefault(gap.mmsi, []).append((gap.start.timestamp(), gap.end.timestamp()))
    return windows


def _crosses(windows: Sequence[tuple[float, float]], t0: float, t1: float) -> bool:
    return any(t0 <= start + _SLACK_S and t1 >= end - _SLACK_S for start, end in windows)


def _runs(track: Track, windows: Sequence[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """Solid pieces of a track: broken at segment changes and across AIS gaps."""
    runs: list[list[tuple[float, float]]] = []
    previous = None
    for point in track.points:
        if previous is None or point[3] != previous[3] or _crosses(windows, previous[0],
                                                                    point[0]):
            runs.append([])
        runs[-1].append((point[1], point[2]))
        previous = point
    return runs


def _tracks(proj: Projection, tracks: Sequence[Track], gaps: Sequence[Event]) -> str:
    windows = _gap_windows(gaps)
    paths = []
    for track in tracks:
        d = "".join(proj.path(run) for run in _runs(track, windows.get(track.mmsi, [])))
        paths.append(f'<path d="{d}"><title>MMSI {track.mmsi}</title></path>')
    return (f'<g class="tracks" fill="none" stroke="{svg.TRACK}" stroke-width="2" '
            f'stroke-linejoin="round">' + "".join(paths) + "</g>")


def _gap_ends(track: Track | None, gap: Event) -> tuple[tuple[float, float], ...] | None:
    """Last fix before and first fix after a gap, from the track (else the event's position)."""
    if track is not None and track.points:
        times = [p[0] for p in track.points]
        before = bisect.bisect_right(times, gap.start.timestamp() + _SLACK_S) - 1
        after = bisect.bisect_left(times, gap.end.timestamp() - _SLACK_S)
        if before >= 0 and after < len(times):
            a, b = track.points[before], track.points[after]
            return (a[1], a[2]), (b[1], b[2])
    end_lat, end_lon = gap.details.get("end_lat"), gap.details.get("end_lon")
    if gap.lat is None or gap.lon is None or end_lat is None or end_lon is None:
        return None
    return (gap.lat, gap.lon), (float(end_lat), float(end_lon))


def _gaps(proj: Projection, tracks: Sequence[Track], gaps: Sequence[Event]) -> str:
    by_mmsi = {t.mmsi: t for t in tracks}
    lines = []
    for gap in gaps:
        ends = _gap_ends(by_mmsi.get(gap.mmsi) if gap.mmsi is not None else None, gap)
        if ends is not None:
            title = f"AIS gap, MMSI {gap.mmsi}, {gap.duration_h:.1f} h"
            lines.append(svg.link(anchor_of(gap), f'<path d="{proj.path(ends)}"/>', title))
    return (f'<g class="gaps" fill="none" stroke="{svg.GAP}" stroke-width="2.5" '
            f'stroke-dasharray="8 5">' + "".join(lines) + "</g>")


def _ports(proj: Projection, brief: BriefData) -> str:
    marks = []
    for port in brief.ports:
        x, y = proj.xy(port.lat, port.lon)
        hollow = "" if port.called else ' fill="#ffffff" stroke="' + svg.PORT + '" stroke-width="2"'
        marks.append(
            f'<circle cx="{svg.num(x)}" cy="{svg.num(y)}" r="6"{hollow}/>'
            f'<text x="{svg.num(x + 9)}" y="{svg.num(y + 4)}">{svg.esc(port.locode)}</text>')
    return (f'<g class="ports" fill="{svg.PORT}" stroke="#ffffff" stroke-width="1.5" '
            f'font-size="13" paint-order="stroke">' + "".join(marks) + "</g>")


def _encounters(proj: Projection, events: Sequence[Event]) -> str:
    marks = []
    for event in events:
        if event.type != "encounter" or event.lat is None or event.lon is None:
            continue
        x, y = proj.xy(event.lat, event.lon)
        shape = (f'<path d="M{svg.num(x)} {svg.num(y - 8)}l8 8l-8 8l-8 -8Z"/>')
        title = f"Encounter {event.mmsi} / {event.other_mmsi}, {event.duration_h:.1f} h"
        marks.append(svg.link(anchor_of(event), shape, title))
    return (f'<g class="encounters" fill="{svg.ENCOUNTER}" stroke="#000000" '
            f'stroke-width="1">' + "".join(marks) + "</g>")


def _detections(proj: Projection, brief: BriefData) -> str:
    """Imagery detections in view: matched ones as hollow green squares, dark ones (no AIS
    match) as filled black squares; each links to its row of the imagery table."""
    box = proj.box
    marks = []
    for d in brief.detections:
        if not (box.south <= d.lat <= box.north and box.west <= d.lon <= box.east):
            continue
        x, y = proj.xy(d.lat, d.lon)
        fill = f'fill="{svg.DARK}"' if d.status != "matched" else 'fill="#ffffff"'
        shape = (f'<rect class="detection-{d.status}" x="{svg.num(x - 4)}" '
                 f'y="{svg.num(y - 4)}" width="8" height="8" {fill}/>')
        who = f"matched to MMSI {d.matched_mmsi}" if d.matched_mmsi is not None else d.status
        marks.append(svg.link(d.anchor, shape, f"Imagery detection {d.id}, {who}"))
    return (f'<g class="detections" stroke="{svg.DETECTED}" stroke-width="2">'
            + "".join(marks) + "</g>")


def _labels(proj: Projection, brief: BriefData, shown: Sequence[Track],
            most: int = 30) -> str:
    """The names of the focus vessels at the last fix of their tracks, linked to their cards."""
    chosen = focus(brief)
    names = {v.mmsi: v for v in brief.vessels}
    tracks = [t for t in shown if t.mmsi in chosen and t.mmsi in names]
    if len(tracks) > most:
        return ""
    labels = []
    placed: list[tuple[float, float]] = []
    for track in tracks:
        x, y = proj.xy(track.points[-1][1], track.points[-1][2])
        while any(abs(x - px) < 80 and abs(y - py) < 14 for px, py in placed):
            y += 14  # stack labels that would overlap
        placed.append((x, y))
        vessel = names[track.mmsi]
        text = (f'<text x="{svg.num(x + 8)}" y="{svg.num(y - 8)}">'
                f"{svg.esc(label(vessel))}</text>")
        labels.append(svg.link(anchor_of(vessel), text))
    return (f'<g class="labels" font-size="12" font-weight="bold" fill="{svg.TRACK}" '
            f'stroke="#ffffff" stroke-width="3" paint-order="stroke">' + "".join(labels)
            + "</g>")


def _attribution(proj: Projection, dataset: str, outside: int) -> str:
    note = "" if outside == 0 else (
        f'<text x="6" y="{svg.num(proj.height - 6)}" font-size="11" fill="#333333">'
        f"{outside:,} vessel{'s' if outside > 1 else ''} outside this area not drawn</text>")
    return (f'<text x="{svg.num(WIDTH - 6)}" y="{svg.num(proj.height - 6)}" font-size="11" '
            f'text-anchor="end" fill="#333333">Coastlines: {svg.esc(dataset)} '
            f"(naturalearthdata.com)</text>{note}")
