"""Detection on a Dask cluster: MMSI hash buckets on the workers, the rest on the client.

Each bucket (darkfleet.scale.detect_partition) runs on a worker; the client merges what they
gathered, pairs the encounter bins of all buckets day by day, and finishes events, voyages and
vessels with the same functions as a run in one process, the reach of the gaps (reachable
ports, the costly part) again by bucket on the workers. The track points the workers wrote
become visible in one batch with the events, voyages and vessels, committed by the client when
every bucket is done; a failed run leaves the workspace as it was.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import polars as pl

from darkfleet.events.detection import DetectSummary, finish_detection, store_detected
from darkfleet.events.ports import PortRegistry
from darkfleet.events.query import DETECT_KIND
from darkfleet.events.reach import with_reach
from darkfleet.events.settings import DetectSettings
from darkfleet.events.voyages import ExtraReasons
from darkfleet.scale.detect_partition import (
    HASH_MULTIPLIER,
    DayParts,
    PartitionJob,
    PartitionResult,
    detect_partition,
    merge_partitions,
)
from darkfleet.store.object_workspace import ObjectWorkspace
from darkfleet.store.workspace import Workspace
from darkfleet.tracks.io import dated_days

if TYPE_CHECKING:
    from distributed import Client


def detect_distributed(workspace: Workspace, settings: DetectSettings, ports: PortRegistry,
                       client: Client, buckets: int,
                       extra_reasons: ExtraReasons | None = None,
                       progress: Callable[[str], None] | None = None,
                       on_partition: Callable[[PartitionResult], None] | None = None
                       ) -> DetectSummary:
    """`darkfleet.events.detect` with `buckets` partitions on the cluster of `client`; the
    same rows in every table. `on_partition` sees each bucket's result (its cost, say).

    Raises:
        StoreError: nothing was ingested, or a partition is unreadable.
    """
    from distributed import as_completed

    days = dated_days(workspace)
    day_parts = _day_parts(workspace, days)
    root = workspace.url if isinstance(workspace, ObjectWorkspace) else str(workspace.path)
    registry = client.scatter(ports, broadcast=True)
    with workspace.batch(DETECT_KIND, f"detect:{uuid.uuid4().hex}") as batch:
        batch.replace("track_points")
        jobs = [PartitionJob(root, batch.id, b, buckets, day_parts, settings)
                for b in range(buckets)]
        futures = client.map(detect_partition, jobs, ports=registry, pure=False)
        results: list[PartitionResult] = []
        for future in as_completed(futures):
            results.append(future.result())
            if progress:
                progress(f"bucket {results[-1].bucket}")
            if on_partition:
                on_partition(results[-1])
        results.sort(key=lambda r: r.bucket)
        for result in results:
            batch.parts.extend(result.parts)
        gathered, window = merge_partitions(results, settings)
        tables = finish_detection(gathered, window, ports, settings, extra_reasons,
                                  reach=lambda events, local, s: _reach_by_bucket(
                                      client, events, (local, registry), s, buckets))
        return store_detected(batch, tables, len(days), sum(r.positions for r in results))


def _reach_by_bucket(client: Client, events: pl.DataFrame, ports: tuple[PortRegistry, Any],
                     settings: DetectSettings, buckets: int) -> pl.DataFrame:
    """`with_reach(events)` with each bucket's vessels on a worker (the reach of a gap reads the
    vessel's own port calls only); sorted as `with_reach` sorts. `ports`: the registry here
    and on the workers."""
    if events.is_empty():
        return with_reach(events, ports[0], settings)
    hashed = (pl.col("mmsi").cast(pl.Int64).abs() * HASH_MULTIPLIER) % 4294967296 % buckets
    parts = events.with_columns(hashed.alias("_bucket")).partition_by(
        "_bucket", include_key=False, maintain_order=True)
    futures = client.map(with_reach, parts, registry=ports[1], settings=settings, pure=False)
    reached: list[pl.DataFrame] = client.gather(futures)
    return pl.concat(reached, how="vertical").sort("start", "type", "mmsi")


def _day_parts(workspace: Workspace, days: list[str]) -> tuple[DayParts, ...]:
    positions = _by_day(workspace, "positions")
    statics = _by_day(workspace, "static_reports") if workspace.has_table(
        "static_reports") else {}
    return tuple(DayParts(day, tuple(positions.get(day, [])), tuple(statics.get(day, [])))
                 for day in days)


def _by_day(workspace: Workspace, table: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for day, where in workspace.part_locations(table):
        found.setdefault(day, []).append(where)
    return found
