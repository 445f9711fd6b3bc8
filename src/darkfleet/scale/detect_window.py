"""One task of a distributed detection: the vessels of one MMSI hash bucket over one time
window of days.

A worker reads the bucket's rows of each day of the window in order and runs the same track
builder and detectors as a run in one process, day by day. The window starts from the state
the bucket's previous window ended with (the `DetectRun`: the builder's open tracks and last
fixes of every segment, the detectors' running gaps and intermediate records), so tracks,
gaps and stays across window edges are exactly those of one pass. It writes its track points
as uncommitted Parquet parts and hands on the run, the encounter bins of each day by cell
group (darkfleet.scale.partitions), for the pairing tasks, and the receivers' coverage it
added, for the early reach of the buckets' gaps (darkfleet.scale.detect_finish). Nothing is
visible until the client commits the batch.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

import polars as pl

from darkfleet.events.detection import DetectRun, all_detectors, track_builder
from darkfleet.events.encounter_detector import EncounterDetector
from darkfleet.events.gap_detector import GapDetector
from darkfleet.events.ports import PortRegistry
from darkfleet.events.settings import DetectSettings
from darkfleet.scale.partitions import BUCKET_SQL, DayParts, by_cell_group
from darkfleet.store.object_workspace import Part, PartReader, PartWriter
from darkfleet.tracks.io import POSITION_COLUMNS, STATIC_COLUMNS


@dataclass(frozen=True, slots=True)
class WindowJob:
    """What a worker needs for one bucket over one window."""

    root: str
    batch_id: str
    bucket: int
    buckets: int
    window: int
    groups: int
    days: tuple[DayParts, ...]
    settings: DetectSettings


@dataclass(frozen=True, slots=True)
class WindowOut:
    """The bucket's run after the window, and the window's encounter bins by cell group (each
    with `day`, the day's place in the window)."""

    run: DetectRun
    bins: dict[int, pl.DataFrame]
    receipt: Receipt
    heard: tuple[pl.DataFrame, ...] = ()  # the receivers' coverage added in the window


@dataclass(frozen=True, slots=True)
class Receipt:
    """What the client keeps of a task: its parts, the positions it read, its cost."""

    stage: str
    bucket: int
    window: int
    parts: tuple[Part, ...]
    positions: int
    seconds: float
    cpu_s: float  # the worker process's CPU time in the task (it runs one task at a time)
    pid: int = field(default_factory=os.getpid)  # the worker process that ran it
    reaches: int = 0  # a finish: the gaps whose reach it looked for
    reaches_early: int = 0  # ... and found among those of the early reach


def new_run(settings: DetectSettings, ports: PortRegistry) -> DetectRun:
    """A run of every detector but the encounter detector (pairs are found by cell group)."""
    detectors = [d for d in all_detectors(settings) if not isinstance(d, EncounterDetector)]
    return DetectRun(track_builder(settings, ports), detectors)


def encounter_detector(settings: DetectSettings) -> EncounterDetector:
    """The encounter detector of `settings`, as a run in one process makes it."""
    return next(d for d in all_detectors(settings) if isinstance(d, EncounterDetector))


def detect_window(job: WindowJob, before: WindowOut | None, ports: PortRegistry) -> WindowOut:
    """Detect one bucket over one window (in a worker), continuing `before` (the bucket's
    previous window; None for the first). The run of `before` is carried on, not copied."""
    started, cpu = time.perf_counter(), time.process_time()
    run = before.run if before is not None else new_run(job.settings, ports)
    encounter = encounter_detector(job.settings)
    writer = PartWriter(job.root, job.batch_id,
                        prefix=f"{job.batch_id}-{job.bucket:04d}-w{job.window:04d}")
    where = BUCKET_SQL.format(n=job.buckets, b=job.bucket)
    positions = run.positions
    grid = next(d for d in run.detectors if isinstance(d, GapDetector)).grid
    heard = len(grid.parts)
    bins: list[pl.DataFrame] = []
    # a task is one core's work (the buckets run in parallel)
    with PartReader(job.root, threads=1) as reader:
        for index, day in enumerate(job.days):
            raw = reader.read(day.positions, POSITION_COLUMNS, where)
            statics = reader.read(day.statics, STATIC_COLUMNS, where) if day.statics else None
            tracks = run.builder.chunk(raw, statics)
            writer.add("track_points", run.take(tracks).to_arrow())
            bins.append(encounter.bins(tracks).with_columns(pl.lit(index).alias("day")))
    receipt = Receipt("window", job.bucket, job.window, tuple(writer.parts),
                      run.positions - positions, time.perf_counter() - started,
                      time.process_time() - cpu)
    return WindowOut(run, by_cell_group(pl.concat(bins, how="vertical"), job.groups), receipt,
                     tuple(grid.parts[heard:]))


def window_bins(out: WindowOut, group: int) -> pl.DataFrame | None:
    """The encounter bins of `out` in cell group `group` (None when it has none)."""
    return out.bins.get(group)


def window_receipt(out: WindowOut) -> Receipt:
    return out.receipt


def window_heard(out: WindowOut) -> tuple[pl.DataFrame, ...]:
    """The receivers' coverage that `out`'s window added (its own, not what later windows
    of the same run add)."""
    return out.heard
