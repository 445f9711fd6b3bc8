"""Matching the workspace's detections against its AIS, and storing what follows (I/O adapter).

Reads the loaded rows (`detection_rows`), vessel `positions` and the AIS lengths (bow + stern of
the latest static report) from the workspace, fuses them (`fusion.fuse`), marks the port area
each detection lies in, and writes the Detection records as `detections` (replacing it). When
`darkfleet detect` has written events and voyages, it also folds in the findings (`findings`):
`dark_port_presence` events, `seen_by` on gaps and voyage reasons. All of it is written in one
batch: a failure leaves the workspace as it was. Run again after new AIS or a new detection
run; the result is the same.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
import pyarrow as pa

from darkfleet.errors import StoreError
from darkfleet.events.port_index import PortIndex
from darkfleet.events.ports import PortRegistry
from darkfleet.imagery.findings import with_findings, with_voyage_reasons
from darkfleet.imagery.fusion import RESULT_SCHEMA, fuse
from darkfleet.imagery.load import TABLE
from darkfleet.imagery.query import RESULTS, ais_lengths, vessel_positions
from darkfleet.imagery.settings import ImagerySettings
from darkfleet.store.workspace import Workspace

__all__ = ["KIND", "RESULTS", "MatchSummary", "match_workspace"]

KIND = "imagery"


@dataclass(frozen=True, slots=True)
class MatchSummary:
    """What a matching run found."""

    detections: int
    matched: int
    dark: int
    with_candidates: int
    dark_port_presence: int
    gaps_seen: int


def match_workspace(workspace: Workspace, settings: ImagerySettings, registry: PortRegistry,
                    watched_groups: tuple[str, ...]) -> MatchSummary:
    """Match every detection in `workspace` and store the results and findings.

    Raises:
        StoreError: no detections were loaded, or a table is unreadable.
    """
    if not workspace.has_table(TABLE):
        raise StoreError("the workspace has no detections (run `darkfleet detections load`)",
                         path=workspace.path)
    detections = pl.from_arrow(workspace.read(TABLE))
    assert isinstance(detections, pl.DataFrame)
    results = fuse(detections, _positions(workspace, detections, settings),
                   _lengths(workspace), settings)
    results = _ports(results, registry)
    watched = {a.locode for a in registry.areas if set(a.groups) & set(watched_groups)}
    tables = {RESULTS: results.to_arrow(), **_findings(workspace, results, watched)}
    workspace.replace_tables(tables, kind=KIND)  # results and findings: all or nothing
    gaps_seen = _gaps_seen(tables.get("events"))
    presence = results.filter(pl.col("dark") & pl.col("port").is_in(list(watched))).height
    return MatchSummary(results.height,
                        int(results.get_column("matched_mmsi").is_not_null().sum()),
                        int(results.get_column("dark").sum()),
                        results.filter(pl.col("candidates") != "[]").height, presence, gaps_seen)


def _positions(workspace: Workspace, detections: pl.DataFrame,
               settings: ImagerySettings) -> pl.DataFrame:
    empty = pl.DataFrame(schema={"mmsi": pl.Int64, "ts": pl.Datetime("ms", "UTC"),
                                 "lat": pl.Float64, "lon": pl.Float64, "speed_kn": pl.Float64,
                                 "course_deg": pl.Float64})
    if not workspace.has_table("positions"):
        return empty
    margin = pl.duration(hours=settings.candidate_max_silence_h,
                         minutes=settings.match_max_time_min)
    bounds = detections.select((pl.col("ts").min() - margin).alias("low"),
                               (pl.col("ts").max() + margin).alias("high")).row(0)
    frame = pl.from_arrow(vessel_positions(workspace, *bounds))
    assert isinstance(frame, pl.DataFrame)
    return pl.concat([empty, frame.cast(dict(empty.schema))], how="vertical")  # type: ignore[arg-type]


def _lengths(workspace: Workspace) -> dict[int, float]:
    if not workspace.has_table("static_reports"):
        return {}
    return ais_lengths(workspace)


def _ports(results: pl.DataFrame, registry: PortRegistry) -> pl.DataFrame:
    if results.is_empty():
        return results
    annotated = PortIndex(registry, 0.0).annotate(results.drop("port").select("lat", "lon"))
    return results.with_columns(annotated.get_column("port")).select(list(RESULT_SCHEMA))


def _findings(workspace: Workspace, results: pl.DataFrame,
              watched: set[str]) -> dict[str, pa.Table]:
    """The `events` and `voyages` tables with the findings of `results` folded in (none of
    them when detection has not run)."""
    if not workspace.has_table("events"):
        return {}
    events = pl.from_arrow(workspace.read("events"))
    assert isinstance(events, pl.DataFrame)
    tables = {"events": with_findings(events, results, watched).to_arrow()}
    if workspace.has_table("voyages"):
        voyages = pl.from_arrow(workspace.read("voyages"))
        assert isinstance(voyages, pl.DataFrame)
        tables["voyages"] = with_voyage_reasons(voyages, results).to_arrow()
    return tables


def _gaps_seen(events: pa.Table | None) -> int:
    """How many AIS gaps a detection was seen in."""
    if events is None:
        return 0
    frame = pl.from_arrow(events)
    assert isinstance(frame, pl.DataFrame)
    gaps = frame.filter((pl.col("type") == "ais_gap")
                        & pl.col("details").str.contains('"seen_by"'))
    return gaps.height
