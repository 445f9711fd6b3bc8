"""The tasks of a distributed detection after the windows: encounter pairs by cell group,
the context every bucket's events need, and each bucket's events, voyages and vessels.

- Pairs: per window and cell group, the bins of every bucket in the group's cells and their
  halo are paired day by day with the encounter detector's own `pairs`; a pair is kept by the
  group of its midpoint's cell only, so a pair across cells is found once. The pairs go to
  the bucket of their first MMSI.
- Context: the window's end, the coverage spans of all fixes and the receivers' coverage grid
  (which vessels were heard where and when): what the gap evidence of one vessel reads of the
  others.
- Early reach: once a bucket's windows are done, its gaps that closed before the last window,
  judged with every bucket's coverage of the windows before the last (complete for them), and
  the reach of the suspected ones (the costly part of finishing: sea routes to every port in
  range) in several small tasks, which share out evenly over the workers. The finish takes
  those judged gaps as they are (judged from the same state, after every window: the same
  rows it would make; a coverage hole still removes them) and judges only the others; it looks
  each gap's reach up by everything the reach depends on, and works out any it does not find,
  so the result is the same whatever was found early.
- Finish: a bucket's run finished over the whole window by `finish_detection`, the same
  function as a run in one process; the encounters of other buckets with this bucket's vessels
  (found there) are added for the voyages' reasons and not stored here. Each bucket writes its
  own parts of `events`, `voyages` and `vessels`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import polars as pl

from darkfleet.events.detection import Gathered, all_detectors, finish_detection
from darkfleet.events.detector import EventDetector
from darkfleet.events.encounter_detector import EncounterDetector
from darkfleet.events.gap_detector import GapDetector
from darkfleet.events.ports import PortRegistry
from darkfleet.events.reach import ReachKey, reach_keys, reaches, with_reach
from darkfleet.events.settings import DetectSettings
from darkfleet.events.voyages import ExtraReasons
from darkfleet.scale.detect_window import Receipt, WindowOut, encounter_detector
from darkfleet.scale.partitions import bucket_of, merged_coverage, owned_by
from darkfleet.store.object_workspace import PartWriter
from darkfleet.tracks.model import Window


@dataclass(frozen=True, slots=True)
class PairJob:
    """One cell group of one window."""

    window: int
    group: int
    groups: int
    buckets: int
    settings: DetectSettings


@dataclass(frozen=True, slots=True)
class Context:
    """What every bucket's finish reads of all buckets (see the module doc)."""

    end: datetime | None
    coverage: tuple[tuple[int, int], ...]
    heard: tuple[pl.DataFrame, ...]


@dataclass(frozen=True, slots=True)
class FinishJob:
    root: str
    batch_id: str
    bucket: int
    buckets: int
    settings: DetectSettings


@dataclass(frozen=True, slots=True)
class Finished:
    """A bucket's receipt and what the run's summary counts of it."""

    receipt: Receipt
    events: dict[str, int]
    voyages: int
    watched_voyages: int
    vessels: int


@dataclass(frozen=True, slots=True)
class EarlyGaps:
    """A bucket's gaps closed before `before`, judged (their events), what their reach depends
    on, and the task's receipt."""

    before: datetime
    judged: pl.DataFrame
    keys: list[ReachKey]
    receipt: Receipt


@dataclass(frozen=True, slots=True)
class EarlyReach:
    """The reaches of a bucket's gaps found before the finish, and the task's receipt."""

    known: dict[ReachKey, dict[str, Any]]
    receipt: Receipt


@dataclass(frozen=True, slots=True)
class Paired:
    """The pairs of one cell group in one window by the bucket of their first MMSI."""

    pairs: dict[int, pl.DataFrame]
    receipt: Receipt


def pair_cells(job: PairJob, *bins: pl.DataFrame | None) -> Paired:
    """The encounter pairs of one cell group in one window (every bucket's bins of the group
    given), by the bucket of their first MMSI."""
    started, cpu = time.perf_counter(), time.process_time()
    frames = [frame for frame in bins if frame is not None]
    if not frames:
        return Paired({}, Receipt("pairs", job.group, job.window, (), 0, 0.0, 0.0))
    detector = encounter_detector(job.settings)
    cell_deg = detector.settings.max_distance_m / 100_000.0  # the detector's grid cells
    together = pl.concat(frames, how="vertical")
    found = [owned_by(detector.pairs(day), job.group, job.groups, cell_deg)
             for day in together.partition_by("day", maintain_order=True)]
    pairs = pl.concat(found, how="vertical").with_columns(
        bucket_of("mmsi", job.buckets).alias("_bucket"))
    parts = pairs.partition_by("_bucket", as_dict=True, include_key=False, maintain_order=True)
    by_bucket = {int(key[0]): frame for key, frame in parts.items()}
    return Paired(by_bucket, Receipt("pairs", job.group, job.window, (), together.height,
                                     time.perf_counter() - started,
                                     time.process_time() - cpu))


def bucket_pairs(paired: Paired, bucket: int) -> pl.DataFrame | None:
    return paired.pairs.get(bucket)


def paired_receipt(paired: Paired) -> Receipt:
    return paired.receipt


def summary(out: WindowOut) -> Context:
    """One bucket's share of the context (from its last window)."""
    builder = out.run.builder
    gap = next(d for d in out.run.detectors if isinstance(d, GapDetector))
    return Context(builder.end, tuple(builder.coverage), tuple(gap.grid.parts))


def context_of(settings: DetectSettings, *shares: Context) -> Context:
    """The context of all buckets from their shares (the coverage grid in one frame, once:
    every bucket's finish reads all of it)."""
    ends = [s.end for s in shares if s.end is not None]
    spans = [span for s in shares for span in s.coverage]
    heard = [frame for s in shares for frame in s.heard]
    return Context(max(ends) if ends else None,
                   merged_coverage(spans, settings.gap.min_duration_h),
                   (pl.concat(heard, how="vertical").unique(),) if heard else ())


def bucket_encounters(settings: DetectSettings, context: Context,
                      *pairs: pl.DataFrame | None) -> pl.DataFrame:
    """The encounter events of one bucket's pairs (its vessels' as the first MMSI)."""
    detector = _encounters(settings, pairs)
    return detector.finish(_window(context, pl.DataFrame()))


def early_gaps(job: FinishJob, last: WindowOut, before: datetime,
               *heard: tuple[pl.DataFrame, ...]) -> EarlyGaps:
    """Bucket `job.bucket`'s gaps closed before `before`, judged as the finish will judge
    them (see the module doc); `last`: the bucket's last window, `heard`: every bucket's
    coverage of the windows before `before`."""
    started, cpu = time.perf_counter(), time.process_time()
    gap = next(d for d in last.run.detectors if isinstance(d, GapDetector))
    judged = gap.closed_before(before, [f for part in heard for f in part])
    return EarlyGaps(before, judged, reach_keys(judged, job.settings),
                     Receipt("judge", job.bucket, -1, (), 0, time.perf_counter() - started,
                             time.process_time() - cpu))


def early_reach(job: FinishJob, gaps: EarlyGaps, part: int, parts: int,
                ports: PortRegistry) -> EarlyReach:
    """The reach of one in `parts` of the gaps found early (those from `part` on, every
    `parts`-th: a bucket's reach in tasks small enough to share out evenly)."""
    started, cpu = time.perf_counter(), time.process_time()
    known = reaches(gaps.keys[part::parts], ports, job.settings)
    return EarlyReach(known, Receipt("reach", job.bucket, part, (), 0,
                                     time.perf_counter() - started, time.process_time() - cpu))


def early_receipt(early: EarlyGaps | EarlyReach) -> Receipt:
    return early.receipt


def finish_bucket(job: FinishJob, last: WindowOut, context: Context,
                  pairs: list[pl.DataFrame | None], others: list[pl.DataFrame],
                  early: list[EarlyReach], ports: PortRegistry,
                  extra_reasons: ExtraReasons | None, judged: EarlyGaps | None = None
                  ) -> Finished:
    """Events, voyages and vessels of one bucket, written as parts (see the module doc).
    `others`: the encounter events of the other buckets; `early`: reaches found before;
    `judged`: its gaps judged early (the finish judges only the others)."""
    started, cpu = time.perf_counter(), time.process_time()
    known = {key: reach for part in early for key, reach in part.known.items()}
    run = last.run
    s = job.settings
    detectors: list[EventDetector] = []
    for kind in all_detectors(s):
        if isinstance(kind, EncounterDetector):
            detectors.append(_encounters(s, pairs))
            continue
        detector = next(d for d in run.detectors if type(d) is type(kind))
        if isinstance(detector, GapDetector):  # the receivers' coverage of every vessel
            detector.grid.parts = list(context.heard)
            if judged is not None:
                detector.judged_before = (judged.before, judged.judged)
        detectors.append(detector)
    mine = bucket_of("mmsi", job.buckets) == job.bucket
    met = [frame.filter(bucket_of("other_mmsi", job.buckets) == job.bucket)
           for frame in others]

    def reach(events: pl.DataFrame, registry: PortRegistry, settings: DetectSettings
              ) -> pl.DataFrame:
        return with_reach(pl.concat([events, *met], how="vertical"), registry, settings,
                          known)

    window = _window(context, run.builder.window().last)
    events, voyages, vessels = finish_detection(Gathered(detectors, run.seen, run.identity),
                                                window, ports, s, extra_reasons, reach)
    events = events.filter(mine)
    writer = PartWriter(job.root, job.batch_id, prefix=f"{job.batch_id}-{job.bucket:04d}-f")
    for name, table in (("events", events), ("voyages", voyages), ("vessels", vessels)):
        writer.add(name, table.to_arrow())
    keys = reach_keys(events, s)
    receipt = Receipt("finish", job.bucket, -1, tuple(writer.parts), 0,
                      time.perf_counter() - started, time.process_time() - cpu,
                      reaches=len(keys), reaches_early=sum(key in known for key in keys))
    counts = dict(events.group_by("type").len().sort("type").iter_rows())
    return Finished(receipt, counts, voyages.height, voyages.filter(pl.col("watched")).height,
                    vessels.height)


def _encounters(settings: DetectSettings, pairs: tuple[pl.DataFrame | None, ...]
                | list[pl.DataFrame | None]) -> EncounterDetector:
    detector = encounter_detector(settings)
    for frame in pairs:
        if frame is not None:
            detector.add_records(frame)
    return detector


def _window(context: Context, last: pl.DataFrame) -> Window:
    return Window(context.end, last, context.coverage)
