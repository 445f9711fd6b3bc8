"""Detection over a workspace, day partition by day partition (the I/O adapter of the stage).

Reads `positions` and `static_reports` one day at a time (darkfleet.tracks.io), builds tracks,
feeds every detector, and writes `track_points`, `events`, `voyages` and `vessels` in one batch:
a failed run leaves the previous run's tables as they were. Memory is bounded by the largest
day partition plus the detectors' small intermediate records.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

from darkfleet.events.collision_detector import MmsiCollisionDetector
from darkfleet.events.detector import EventDetector
from darkfleet.events.encounter_detector import EncounterDetector
from darkfleet.events.gap_detector import GapDetector
from darkfleet.events.port_index import PortIndex
from darkfleet.events.ports import PortRegistry
from darkfleet.events.query import DETECT_KIND
from darkfleet.events.reach import with_reach
from darkfleet.events.settings import DetectSettings
from darkfleet.events.static_detectors import DraughtChangeDetector, IdentityChangeDetector
from darkfleet.events.stay_detectors import LoiteringDetector, PortCallDetector
from darkfleet.events.vessels import partial_vessels, vessels_table
from darkfleet.events.voyages import ExtraReasons, build_voyages
from darkfleet.store.batch import Batch
from darkfleet.store.workspace import Workspace
from darkfleet.tracks.builder import TrackBuilder
from darkfleet.tracks.io import (
    TRACK_POINTS,
    dated_days,
    read_day,
    static_days,
    write_points,
)
from darkfleet.tracks.model import Tracks, Window

#: The tables a detection writes besides `track_points`, in the order of `finish_detection`.
DETECTED_TABLES = ("events", "voyages", "vessels")


@dataclass(frozen=True, slots=True)
class DetectSummary:
    """What a detection run read and wrote."""

    days: int
    positions: int
    vessels: int
    events: dict[str, int]
    voyages: int
    watched_voyages: int


def all_detectors(settings: DetectSettings) -> list[EventDetector]:
    """One detector of every event type, each with its own settings."""
    hole_h = settings.gap.min_duration_h
    return [PortCallDetector(settings.port_call, hole_h), GapDetector(settings.gap),
            EncounterDetector(settings.encounter, hole_h),
            MmsiCollisionDetector(settings.collision, hole_h),
            LoiteringDetector(settings.loitering, hole_h),
            IdentityChangeDetector(settings.identity, hole_h),
            DraughtChangeDetector(settings.draught, hole_h)]


def track_builder(settings: DetectSettings, ports: PortRegistry) -> TrackBuilder:
    """The builder of a detection's tracks: fixes annotated with the port areas as far out as
    the encounter and loitering detectors look, coverage holes as long as the shortest gap."""
    buffer_m = max(settings.encounter.min_port_distance_m,
                   settings.loitering.min_port_distance_m)
    return TrackBuilder(settings.tracks, PortIndex(ports, buffer_m), settings.gap.min_duration_h)


def detect(workspace: Workspace, settings: DetectSettings, ports: PortRegistry,
           extra_reasons: ExtraReasons | None = None,
           progress: Callable[[str], None] | None = None) -> DetectSummary:
    """Detect tracks, events, voyages and vessels in `workspace` and store them, all in one
    batch: they replace the previous run's tables together, or (on any error) not at all.

    Raises:
        StoreError: nothing was ingested (no dated positions) or a partition is unreadable.
    """
    days = dated_days(workspace)
    statics = static_days(workspace)
    run = DetectRun(track_builder(settings, ports), all_detectors(settings))
    with workspace.batch(DETECT_KIND, f"detect:{uuid.uuid4().hex}") as batch:
        batch.replace(TRACK_POINTS)
        for day in days:
            if progress:
                progress(day)
            raw, day_statics = read_day(workspace, day, day in statics)
            write_points(batch, run.take(run.builder.chunk(raw, day_statics)))
        tables = run.finish(ports, settings, extra_reasons)
        return store_detected(batch, tables, len(days), run.positions)


def store_detected(batch: Batch, tables: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame],
                   days: int, positions: int) -> DetectSummary:
    """Add (events, voyages, vessels) to the detection's `batch`, each replacing its table when
    the batch commits; returns the run's summary."""
    events, voyages, vessels = tables
    for name, table in zip(DETECTED_TABLES, tables, strict=True):
        batch.replace(name)
        batch.add(name, table.to_arrow())
    counts = dict(events.group_by("type").len().sort("type").iter_rows())
    return DetectSummary(days, positions, vessels.height, counts, voyages.height,
                         voyages.filter(pl.col("watched")).height)


@dataclass
class DetectRun:
    """The state of one streaming detection: the builder, the detectors and the partial
    aggregates of the vessels table."""

    builder: TrackBuilder
    detectors: list[EventDetector]
    seen: list[pl.DataFrame] = field(default_factory=list)
    identity: list[pl.DataFrame] = field(default_factory=list)
    positions: int = 0

    def take(self, tracks: Tracks) -> pl.DataFrame:
        """Feed one chunk to every detector; returns its track points to store."""
        for detector in self.detectors:
            detector.feed(tracks)
        part_seen, part_identity = partial_vessels(tracks)
        self.seen.append(part_seen)
        self.identity.append(part_identity)
        fresh = tracks.points.filter(~pl.col("carried")).drop("carried")
        self.positions += fresh.height
        return fresh

    def finish(self, ports: PortRegistry, settings: DetectSettings,
               extra_reasons: ExtraReasons | None
               ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
        """(events, voyages, vessels) of everything taken."""
        gathered = Gathered(self.detectors, self.seen, self.identity)
        return finish_detection(gathered, self.builder.window(), ports, settings, extra_reasons)


@dataclass(frozen=True, slots=True)
class Gathered:
    """What a run fed: its detectors and the partial aggregates of the vessels table."""

    detectors: list[EventDetector]
    seen: list[pl.DataFrame]
    identity: list[pl.DataFrame]


#: `with_reach` or an equivalent (the same function run on parts of the vessels, say).
Reach = Callable[[pl.DataFrame, PortRegistry, DetectSettings], pl.DataFrame]


def finish_detection(gathered: Gathered, window: Window, ports: PortRegistry,
                     settings: DetectSettings, extra_reasons: ExtraReasons | None,
                     reach: Reach = with_reach
                     ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(events, voyages, vessels) of what was gathered over `window` (by a run in one process,
    or by the partitions of a distributed run, merged)."""
    events = reach(pl.concat([d.finish(window) for d in gathered.detectors]), ports, settings)
    history = pl.concat(gathered.identity).select("mmsi", "ts", "imo", "shipname", "draught_m")
    voyages = build_voyages(events, history, ports, settings, extra_reasons)
    return events, voyages, vessels_table(gathered.seen, gathered.identity)
