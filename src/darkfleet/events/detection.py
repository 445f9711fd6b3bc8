"""Detection over a workspace, day partition by day partition (the I/O adapter of the stage).

Reads `positions` and `static_reports` one day at a time, builds tracks, feeds every detector,
and writes `track_points`, `events`, `voyages` and `vessels`. Memory is bounded by the largest
day partition plus the detectors' small intermediate records.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import polars as pl
import pyarrow as pa

from darkfleet.errors import StoreError
from darkfleet.events.collision_detector import MmsiCollisionDetector
from darkfleet.events.detector import EventDetector
from darkfleet.events.encounter_detector import EncounterDetector
from darkfleet.events.gap_detector import GapDetector
from darkfleet.events.model import Tracks, Window
from darkfleet.events.port_index import PortIndex
from darkfleet.events.ports import PortRegistry
from darkfleet.events.query import DETECT_KIND
from darkfleet.events.reach import with_reach
from darkfleet.events.settings import DetectSettings
from darkfleet.events.static_detectors import DraughtChangeDetector, IdentityChangeDetector
from darkfleet.events.stay_detectors import LoiteringDetector, PortCallDetector
from darkfleet.events.vessels import partial_vessels, vessels_table
from darkfleet.events.voyages import ExtraReasons, build_voyages
from darkfleet.store.batch import UNDATED
from darkfleet.store.workspace import Workspace
from darkfleet.tracks.builder import TrackBuilder

POSITION_COLUMNS = "mmsi, ts, kind, lat, lon, speed_kn, course_deg, source"
# Draughts are stored as float32 at AIS resolution (0.1 m): read them back as exact decimetres.
STATIC_COLUMNS = ("mmsi, ts, imo, callsign, shipname, ship_type, "
                  "round(CAST(draught_m AS DOUBLE), 1) AS draught_m, destination")



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
    """One detector of every event type."""
    kinds: list[type[EventDetector]] = [
        PortCallDetector, GapDetector, EncounterDetector, MmsiCollisionDetector,
        LoiteringDetector, IdentityChangeDetector, DraughtChangeDetector]
    return [kind(settings) for kind in kinds]


def detect(workspace: Workspace, settings: DetectSettings, ports: PortRegistry,
           extra_reasons: ExtraReasons | None = None,
           progress: Callable[[str], None] | None = None) -> DetectSummary:
    """Detect tracks, events, voyages and vessels in `workspace` and store them.

    Raises:
        StoreError: nothing was ingested (no dated positions) or a partition is unreadable.
    """
    days = dated_days(workspace)
    static_days = set(workspace.days("static_reports")) if workspace.has_table(
        "static_reports") else set()
    buffer_m = max(settings.encounter_min_port_distance_m, settings.loitering_min_port_distance_m)
    run = DetectRun(TrackBuilder(settings, PortIndex(ports, buffer_m)), all_detectors(settings))
    with workspace.batch(DETECT_KIND, f"track_points:{uuid.uuid4().hex}") as batch:
        batch.replace("track_points")
        for day in days:
            if progress:
                progress(day)
            raw = _read(workspace, "positions", POSITION_COLUMNS, day)
            statics = _read(workspace, "static_reports", STATIC_COLUMNS, day) if (
                day in static_days) else None
            batch.add("track_points", run.take(run.builder.chunk(raw, statics)).to_arrow())
    events, voyages, vessels = run.finish(ports, settings, extra_reasons)
    return store_detected(workspace, (events, voyages, vessels), len(days), run.positions)


def store_detected(workspace: Workspace, tables: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame],
                   days: int, positions: int) -> DetectSummary:
    """Store (events, voyages, vessels) in `workspace`; returns the run's summary."""
    events, voyages, vessels = tables
    workspace.replace_table("events", events.to_arrow(), kind=DETECT_KIND)
    workspace.replace_table("voyages", voyages.to_arrow(), kind=DETECT_KIND)
    workspace.replace_table("vessels", vessels.to_arrow(), kind=DETECT_KIND)
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


def dated_days(workspace: Workspace) -> list[str]:
    """The day partitions of `positions` with timestamps, in order.

    Raises:
        StoreError: there are none.
    """
    if not workspace.has_table("positions"):
        raise StoreError("the workspace has no positions (run `darkfleet ingest` first)",
                         path=workspace.path)
    days = [d for d in workspace.days("positions") if d != UNDATED]
    if not days:
        raise StoreError("the workspace has no timestamped positions to detect events in",
                         path=workspace.path)
    return days


def _read(workspace: Workspace, table: str, columns: str, day: str) -> pa.Table:
    source = workspace.source(table, days=[day])
    try:
        return workspace.con.sql(f"SELECT {columns} FROM {source}").to_arrow_table()
    except duckdb.Error as error:
        message = str(error).splitlines()[0]
        raise StoreError(f"cannot read {table} of {day}: {message}",
                         path=workspace.path) from error
