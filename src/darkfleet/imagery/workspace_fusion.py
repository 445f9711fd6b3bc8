"""Matching the workspace's detections against its AIS, and storing what follows (I/O adapter).

Reads the loaded rows (`detection_rows`), vessel `positions` and the AIS lengths (bow + stern of
the latest static report) from the workspace, fuses them (`fusion.fuse`), marks the port area
each detection lies in, and writes the Detection records as `detections` (replacing it). When
`darkfleet detect` has written events and voyages, it also folds in the findings (`findings`):
`dark_port_presence` events, `seen_by` on gaps and voyage reasons. Run again after new AIS or a
new detection run; the result is the same.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from darkfleet.errors import StoreError
from darkfleet.events.port_index import PortIndex
from darkfleet.events.ports import PortRegistry
from darkfleet.imagery.findings import with_findings, with_voyage_reasons
from darkfleet.imagery.fusion import RESULT_SCHEMA, fuse
from darkfleet.imagery.load import TABLE
from darkfleet.imagery.settings import ImagerySettings
from darkfleet.store.workspace import Workspace

RESULTS = "detections"
KIND = "imagery"
_POSITIONS = ("SELECT mmsi, ts, lat, lon, CAST(speed_kn AS DOUBLE) AS speed_kn, "
              "CAST(course_deg AS DOUBLE) AS course_deg FROM {positions} "
              "WHERE kind = 'vessel' AND lat IS NOT NULL AND lon IS NOT NULL AND ts IS NOT NULL "
              "AND ts BETWEEN ? AND ?")
_LENGTHS = ("SELECT mmsi, arg_max(to_bow_m + to_stern_m, ts) AS length_m FROM {static_reports} "
            "WHERE to_bow_m > 0 AND to_stern_m > 0 GROUP BY mmsi")


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
    workspace.replace_table(RESULTS, results.to_arrow(), kind=KIND)
    watched = {a.locode for a in registry.areas if set(a.groups) & set(watched_groups)}
    gaps_seen = _store_findings(workspace, results, watched)
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
    frame = pl.from_arrow(workspace.query(_POSITIONS, list(bounds)))
    assert isinstance(frame, pl.DataFrame)
    return pl.concat([empty, frame.cast(dict(empty.schema))], how="vertical")  # type: ignore[arg-type]


def _lengths(workspace: Workspace) -> dict[int, float]:
    if not workspace.has_table("static_reports"):
        return {}
    rows = workspace.query(_LENGTHS).to_pylist()
    return {int(r["mmsi"]): float(r["length_m"]) for r in rows if r["length_m"] is not None}


def _ports(results: pl.DataFrame, registry: PortRegistry) -> pl.DataFrame:
    if results.is_empty():
        return results
    annotated = PortIndex(registry, 0.0).annotate(results.drop("port").select("lat", "lon"))
    return results.with_columns(annotated.get_column("port")).select(list(RESULT_SCHEMA))


def _store_findings(workspace: Workspace, results: pl.DataFrame, watched: set[str]) -> int:
    if not workspace.has_table("events"):
        return 0
    events = pl.from_arrow(workspace.read("events"))
    assert isinstance(events, pl.DataFrame)
    updated = with_findings(events, results, watched)
    workspace.replace_table("events", updated.to_arrow(), kind=KIND)
    if workspace.has_table("voyages"):
        voyages = pl.from_arrow(workspace.read("voyages"))
        assert isinstance(voyages, pl.DataFrame)
        workspace.replace_table("voyages", with_voyage_reasons(voyages, results).to_arrow(),
                                kind=KIND)
    gaps = updated.filter((pl.col("type") == "ais_gap")
                          & pl.col("details").str.contains('"seen_by"'))
    return gaps.height
