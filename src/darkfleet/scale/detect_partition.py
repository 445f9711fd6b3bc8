"""One partition of a distributed detection: the vessels of one MMSI hash bucket, all days.

A worker reads the bucket's rows of every day partition in order and runs the same track
builder and detectors as a run in one process (tracks, gaps, port calls, collisions and the
other per-vessel events depend on one vessel's fixes only, and the builder's carry takes each
day's state to the next, so windows chain exactly as in one pass). It writes its track points
as uncommitted Parquet parts and returns what the detectors gathered, the per-vessel time bins
of encounters (pairs need vessels of every bucket: they are joined on the client) and the
window it saw. Nothing of it is visible until the client commits the batch.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import duckdb
import polars as pl
import pyarrow as pa

from darkfleet.errors import StoreError
from darkfleet.events.detection import DetectRun, Gathered, all_detectors, track_builder
from darkfleet.events.detector import EventDetector
from darkfleet.events.encounter_detector import EncounterDetector
from darkfleet.events.ports import PortRegistry
from darkfleet.events.settings import DetectSettings
from darkfleet.store.object_workspace import Part, PartWriter, connect
from darkfleet.tracks.io import POSITION_COLUMNS, STATIC_COLUMNS
from darkfleet.tracks.model import Window

#: Knuth's multiplicative hash of the MMSI, then modulo the buckets: neighbouring MMSIs
#: (a fleet registered in one block) spread over the buckets.
HASH_MULTIPLIER = 2654435761
BUCKET_SQL = ("(abs(CAST(coalesce(mmsi, 0) AS BIGINT)) * " + str(HASH_MULTIPLIER)
              + ") % 4294967296 % {n} = {b}")


@dataclass(frozen=True, slots=True)
class DayParts:
    """The committed Parquet parts of one day (paths or URLs)."""

    day: str
    positions: tuple[str, ...]
    statics: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PartitionJob:
    """What a worker needs for one bucket."""

    root: str
    batch_id: str
    bucket: int
    buckets: int
    days: tuple[DayParts, ...]
    settings: DetectSettings


@dataclass(frozen=True, slots=True)
class PartitionResult:
    """What one bucket gathered (see the module doc)."""

    bucket: int
    gathered: Gathered
    encounter_bins: tuple[pl.DataFrame, ...]  # per day, in order
    window: Window
    positions: int
    parts: tuple[Part, ...]
    seconds: float  # the worker's wall time for this bucket


def detect_partition(job: PartitionJob, ports: PortRegistry) -> PartitionResult:
    """Run the detection of one bucket (in a worker); see the module doc."""
    started = time.perf_counter()
    s = job.settings
    detectors = all_detectors(s)
    encounter = next(d for d in detectors if isinstance(d, EncounterDetector))
    run = DetectRun(track_builder(s, ports), [d for d in detectors if d is not encounter])
    writer = PartWriter(job.root, job.batch_id, prefix=f"{job.batch_id}-{job.bucket:04d}")
    where = BUCKET_SQL.format(n=job.buckets, b=job.bucket)
    bins: list[pl.DataFrame] = []
    with connect(job.root) as con:
        for day in job.days:
            raw = _read(con, day.positions, POSITION_COLUMNS, where)
            statics = _read(con, day.statics, STATIC_COLUMNS, where) if day.statics else None
            tracks = run.builder.chunk(raw, statics)
            writer.add("track_points", run.take(tracks).to_arrow())
            bins.append(encounter.bins(tracks))
    return PartitionResult(job.bucket, Gathered(run.detectors, run.seen, run.identity),
                           tuple(bins), run.builder.window(), run.positions,
                           tuple(writer.parts), time.perf_counter() - started)


def merge_partitions(results: list[PartitionResult], settings: DetectSettings
                     ) -> tuple[Gathered, Window]:
    """The buckets' results as one run's: detectors merged in the order of `all_detectors`,
    encounters paired day by day over every bucket's bins, and the window of all."""
    ordered = sorted(results, key=lambda r: r.bucket)
    merged: list[EventDetector] = []
    for detector in all_detectors(settings):
        if isinstance(detector, EncounterDetector):
            for day in range(len(ordered[0].encounter_bins)):
                detector.add_records(detector.pairs(pl.concat(
                    [r.encounter_bins[day] for r in ordered], how="vertical")))
        else:
            for result in ordered:
                detector.absorb(_same_kind(result.gathered.detectors, detector))
        merged.append(detector)
    seen = [frame for r in ordered for frame in r.gathered.seen]
    identity = [frame for r in ordered for frame in r.gathered.identity]
    return Gathered(merged, seen, identity), merged_window([r.window for r in ordered],
                                                           settings.gap.min_duration_h)


def merged_window(windows: list[Window], hole_h: float) -> Window:
    """One window of the windows of disjoint sets of vessels: the latest end, every segment's
    last fix, and the coverage spans of all fixes (spans closer than `hole_h` joined)."""
    ends = [w.end for w in windows if w.end is not None]
    last = pl.concat([w.last for w in windows], how="vertical").sort("mmsi", "segment")
    return Window(max(ends) if ends else None, last,
                  merged_coverage([span for w in windows for span in w.coverage], hole_h))


def merged_coverage(spans: list[tuple[int, int]], hole_h: float) -> tuple[tuple[int, int], ...]:
    """Coverage spans of the union of several sets of fixes from the spans of each."""
    hole_ms = hole_h * 3_600_000
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start - merged[-1][1] <= hole_ms:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def _same_kind(detectors: list[EventDetector], like: EventDetector) -> EventDetector:
    return next(d for d in detectors if type(d) is type(like))


def _read(con: duckdb.DuckDBPyConnection, paths: tuple[str, ...], columns: str, where: str
          ) -> pa.Table:
    """The bucket's rows of some parts (as the one-process run reads a whole day).

    Raises:
        StoreError: a part is unreadable (names the first part of the day).
    """
    listed = ", ".join("'" + p.replace("'", "''") + "'" for p in paths)
    source = f"read_parquet([{listed}], union_by_name = true, hive_partitioning = false)"
    try:
        return con.sql(f"SELECT {columns} FROM {source} WHERE {where}").to_arrow_table()
    except duckdb.Error as error:
        message = str(error).splitlines()[0]
        raise StoreError(f"cannot read the day's parts: {message}", path=paths[0]) from error
