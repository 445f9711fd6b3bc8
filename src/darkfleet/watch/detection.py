"""Incremental detection: the events of the sliding window, by the detectors of `detect`.

Each tick builds the tracks of the window's vessels with `darkfleet.tracks.TrackBuilder` and
runs every `darkfleet.events` detector over them, closing with the window's end and the
coverage of everything heard (not only of the window's vessels), then adds where each
suspected gap could have gone (`with_reach`: reachable ports, `possible_port_call`), as `detect`
does. So an event
in the window has the definition, the fields and the id it gets from `detect` over the same
data; only the watch sees it while it happens.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

import polars as pl

from darkfleet.events.detection import all_detectors
from darkfleet.events.detector import EventDetector
from darkfleet.events.gap_detector import GapDetector
from darkfleet.events.model import empty_events
from darkfleet.events.port_index import PortIndex
from darkfleet.events.ports import PortRegistry
from darkfleet.events.reach import with_reach
from darkfleet.events.settings import DetectSettings
from darkfleet.tracks.builder import TrackBuilder
from darkfleet.tracks.model import JUMP_SCHEMA, STATIC_SCHEMA, Tracks, Window
from darkfleet.watch.window import SlidingWindow


@dataclass(frozen=True, slots=True)
class Detected:
    """One tick's tracks (of the window's vessels) and events."""

    tracks: Tracks
    events: pl.DataFrame


class IncrementalDetector:
    """Runs `detect`'s detectors over a `SlidingWindow` (see the module doc)."""

    def __init__(self, settings: DetectSettings, registry: PortRegistry) -> None:
        self.settings = settings
        buffer_m = max(settings.encounter.min_port_distance_m,
                       settings.loitering.min_port_distance_m)
        self.ports = PortIndex(registry, buffer_m)

    def detectors(self) -> list[EventDetector]:
        return all_detectors(self.settings)

    def tick(self, window: SlidingWindow) -> Detected:
        """The tracks and events of the window now."""
        positions, statics = window.frames()
        if positions.is_empty():
            return Detected(Tracks.empty(), empty_events())
        builder = TrackBuilder(self.settings.tracks, self.ports, self.settings.gap.min_duration_h)
        tracks = builder.chunk(positions.sort("ts"), statics)
        seen = builder.window()
        closing = Window(window.end or seen.end, seen.last, tuple(window.coverage))
        parts = []
        for detector in self.detectors():
            detector.feed(tracks)
            parts.append(detector.finish(closing))
        events = with_reach(pl.concat(parts), self.ports.registry, self.settings)
        return Detected(tracks, events.sort("start", "type", "mmsi"))


def open_gap(settings: DetectSettings, silence_h: float, track: pl.DataFrame,
             heard_ms: int) -> pl.DataFrame:
    """The open `ais_gap` (as `GapDetector` defines it, with `silence_h` as its minimum
    duration) of a vessel whose track points (of the window) are `track`, while others were
    heard near its last fix until `heard_ms`: empty when it is in port, was not under way, or
    the silence is shorter. The detector is fed the vessel's track, as it needs the fixes
    before the silence."""
    detector = GapDetector(replace(settings.gap, min_duration_h=silence_h))
    track = track.sort("segment", "ts")
    detector.feed(Tracks(track, pl.DataFrame(schema=STATIC_SCHEMA),
                         pl.DataFrame(schema=JUMP_SCHEMA)))
    last_fix = track.sort("ts").tail(1)
    start = last_fix.get_column("ts")[0]
    assert isinstance(start, datetime)
    start_ms = int(start.timestamp() * 1000)
    end = datetime.fromtimestamp(heard_ms / 1000, tz=UTC)
    gaps = detector.finish(Window(end, last_fix, ((start_ms, heard_ms),)))
    return gaps.filter(pl.col("start") == start)
