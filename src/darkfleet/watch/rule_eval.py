"""Rules to alerts: each kind of rule reads one tick's tracks and events (pure functions).

Every function returns candidate alerts with their deterministic ids; the engine drops those
raised before. Definitions are in the `rules` module doc and docs/watch.md.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import polars as pl

from darkfleet.errors import ScreeningError
from darkfleet.events.port_index import PortIndex
from darkfleet.events.settings import DetectSettings
from darkfleet.screening import Match, mmsi_info
from darkfleet.timefmt import iso_utc
from darkfleet.tracks.geo import haversine_m
from darkfleet.watch.alert import Alert, alert_id
from darkfleet.watch.detection import open_gap
from darkfleet.watch.identities import IdentityBook
from darkfleet.watch.imagery_source import DarkDetection
from darkfleet.watch.rules import Rule
from darkfleet.watch.settings import WatchSettings
from darkfleet.watch.window import SlidingWindow


@dataclass(frozen=True, slots=True)
class Context:
    """What every rule reads: the book of identities, the window and the time of raising."""

    book: IdentityBook
    window: SlidingWindow
    settings: WatchSettings
    detect: DetectSettings
    raised_at: datetime


def match_summary(matches: list[Match]) -> list[dict[str, Any]]:
    """The list entries that name a vessel, briefly."""
    return [{"list": m.entry.list, "entry_id": m.entry.id, "entry_name": m.entry.name,
             "programs": list(m.entry.programs), "score": round(m.score, 3),
             "fields": [e.field for e in m.evidence]} for m in matches]


def make_alert(rule: Rule, ctx: Context, mmsi: int, key: str, ts: datetime,
               where: tuple[float | None, float | None, str | None],
               details: dict[str, Any]) -> Alert:
    identity = ctx.book.identity(mmsi)
    listed = ctx.book.matches(mmsi)
    extra = {"kind": rule.kind, **details}
    if listed:
        extra["listed"] = match_summary(listed)
    return Alert(alert_id(rule.name, mmsi, key), rule.name, mmsi, identity.imo, identity.name,
                 ts, ctx.raised_at, where[0], where[1], where[2], extra)


def port_entries(rule: Rule, index: PortIndex, points: pl.DataFrame, ctx: Context
                 ) -> list[Alert]:
    """`listed_port_entry`: a listed vessel's first fix inside a watched area, after a fix
    outside it (or as its first fix, unless older fixes of it left the window)."""
    listed = list(ctx.book.listed())
    pts = points.filter(pl.col("mmsi").is_in(listed)).select("mmsi", "ts", "lat", "lon")
    if pts.is_empty():
        return []
    inside = index.annotate(pts.sort("mmsi", "ts"))
    first = pl.col("mmsi").ne_missing(pl.col("mmsi").shift(1))
    before = pl.when(~first).then(pl.col("port").shift(1))
    entries = inside.filter(pl.col("port").is_not_null() & pl.col("port").ne_missing(before)
                            & ~(first & pl.col("mmsi").is_in(list(ctx.window.trimmed))))
    names = {a.locode: a.name for a in index.registry.areas}
    return [make_alert(rule, ctx, row["mmsi"], f"{row['port']}|{iso_utc(row['ts'])}", row["ts"],
                       (row["lat"], row["lon"], row["port"]),
                       {"port_name": names.get(row["port"])})
            for row in entries.iter_rows(named=True)]


def encounters(rule: Rule, events: pl.DataFrame, ctx: Context) -> list[Alert]:
    """`listed_encounter`: an `encounter` event with a listed vessel on either side."""
    listed = ctx.book.listed()
    found = events.filter((pl.col("type") == "encounter") & (
        pl.col("mmsi").is_in(list(listed)) | pl.col("other_mmsi").is_in(list(listed))))
    alerts = []
    for row in found.iter_rows(named=True):
        mmsi, other = row["mmsi"], row["other_mmsi"]
        if mmsi not in listed:
            mmsi, other = other, mmsi
        alerts.append(make_alert(rule, ctx, mmsi, row["id"], row["start"],
                                 (row["lat"], row["lon"], None), _encounter_details(row, other,
                                                                                     ctx)))
    return alerts


def _encounter_details(row: dict[str, Any], other: int, ctx: Context) -> dict[str, Any]:
    partner = ctx.book.identity(other)
    return {"event_id": row["id"], "other_mmsi": other, "other_imo": partner.imo,
            "other_name": partner.name, "other_listed": ctx.book.is_listed(other),
            "duration_h": row["duration_h"]}


def identity_changes(rule: Rule, events: pl.DataFrame, ctx: Context) -> list[Alert]:
    """`listed_identity_change`: an `identity_change` event of a listed vessel, or a listed
    IMO number heard under a second MMSI (a new MMSI, and so maybe a new flag)."""
    listed = ctx.book.listed()
    found = events.filter((pl.col("type") == "identity_change")
                          & pl.col("mmsi").is_in(list(listed)))
    alerts = [make_alert(rule, ctx, row["mmsi"], row["id"], row["end"],
                         (row["lat"], row["lon"], None),
                         {"event_id": row["id"], **json.loads(row["details"])})
              for row in found.iter_rows(named=True)]
    return alerts + _new_mmsis(rule, ctx, listed)


def _new_mmsis(rule: Rule, ctx: Context, listed: set[int]) -> list[Alert]:
    alerts = []
    for imo, mmsis in ctx.book.mmsis_of_imo.items():
        if len(mmsis) < 2 or not any(m in listed for m in mmsis):
            continue
        for old, new in itertools.pairwise(mmsis):
            details = {"changed": ["mmsi"], "old_mmsi": old, "mmsi": new, "imo": imo,
                       "old_flag": _flag(old), "flag": _flag(new)}
            ts = ctx.window.end or ctx.raised_at
            alerts.append(make_alert(rule, ctx, new, f"mmsi|{imo}|{old}", ts,
                                     (None, None, None), details))
    return alerts


def _flag(mmsi: int) -> str | None:
    try:
        return mmsi_info(mmsi).flag
    except ScreeningError:
        return None


def dark_vessels(rule: Rule, index: PortIndex, points: pl.DataFrame, ctx: Context
                 ) -> list[Alert]:
    """`dark_near_port`: a live gap (see `open_gap`) of a vessel heard regularly before it
    (`dark_min_fixes` in `dark_history_h`), whose last fix is within the rule's distance of a
    watched area, while others are still heard within `dark_coverage_radius_m`."""
    last = points.sort("ts").group_by("mmsi", maintain_order=True).last()
    if rule.listed_only:
        last = last.filter(pl.col("mmsi").is_in(list(ctx.book.listed())))
    silence_ms = ctx.settings.dark_after_h * 3_600_000
    silent = [(row["mmsi"], heard) for row in last.select("mmsi", "ts", "lat", "lon").iter_rows(
        named=True) if (heard := ctx.window.heard_near(row["lat"], row["lon"]))
        - row["ts"].timestamp() * 1000 >= silence_ms]
    if not silent:
        return []
    heard_ms = dict(silent)
    candidates = last.filter(pl.col("mmsi").is_in(list(heard_ms)))
    near = index.annotate(candidates.select("mmsi", "lat", "lon")).filter(
        pl.col("port_dist_m") <= rule.distance_m)
    alerts = []
    for mmsi, lat, lon, distance_m in near.select("mmsi", "lat", "lon", "port_dist_m"
                                                  ).iter_rows():
        fix = candidates.filter(pl.col("mmsi") == mmsi)
        where = (_nearest(index, lat, lon), distance_m, heard_ms[mmsi])
        alert = _dark(rule, ctx, fix, points.filter(pl.col("mmsi") == mmsi), where)
        if alert is not None:
            alerts.append(alert)
    return alerts


def _dark(rule: Rule, ctx: Context, fix: pl.DataFrame, track: pl.DataFrame,
          near: tuple[str, float, int]) -> Alert | None:
    s = ctx.settings
    row = fix.row(0, named=True)
    heard_ms = near[2]
    start_ms = int(row["ts"].timestamp() * 1000)
    since = row["ts"].timestamp() - s.dark_history_h * 3600
    before = track.filter(pl.col("ts").dt.epoch("ms") >= int(since * 1000)).height
    if before < s.dark_min_fixes:
        return None
    gap = open_gap(ctx.detect, s.dark_after_h, track, heard_ms)
    if gap.is_empty():
        return None
    event = gap.row(0, named=True)
    details = {"event_id": event["id"], "silent_h": round((heard_ms - start_ms) / 3_600_000, 2),
               "last_speed_kn": row["speed_kn"], "distance_to_port_m": round(near[1]),
               "fixes_before": before,
               "heard_nearby_at": iso_utc(datetime.fromtimestamp(heard_ms / 1000, tz=UTC))}
    return make_alert(rule, ctx, row["mmsi"], event["id"], row["ts"],
                      (row["lat"], row["lon"], near[0]), details)


def _nearest(index: PortIndex, lat: float, lon: float) -> str:
    """The UN/LOCODE (or area name) of the watched area nearest to (lat, lon), by its edge."""
    areas = index.registry.areas
    return min(areas, key=lambda a: float(haversine_m(lat, lon, a.lat, a.lon)) - a.radius_m
               ).locode


def dark_detections(rule: Rule, index: PortIndex, detections: tuple[DarkDetection, ...],
                    ctx: Context) -> list[Alert]:
    """`dark_detection_in_port`: a dark imagery detection inside a watched area of the rule (or
    within its `distance_m`); nobody is identified, so `mmsi`, `imo` and `name` are null and the
    candidates (silent vessels that could have been there) are in `details`."""
    if not detections:
        return []
    where = pl.DataFrame({"lat": [d.lat for d in detections], "lon": [d.lon for d in detections]},
                         schema={"lat": pl.Float64, "lon": pl.Float64})
    near = index.annotate(where).get_column("port_dist_m").to_list()
    names = {a.locode: a.name for a in index.registry.areas}
    alerts = []
    for detection, distance_m in zip(detections, near, strict=True):
        if distance_m <= rule.distance_m:
            port = _nearest(index, detection.lat, detection.lon)
            alerts.append(Alert(
                alert_id(rule.name, None, detection.detection_id), rule.name, None, None, None,
                detection.ts, ctx.raised_at, detection.lat, detection.lon, port,
                _detection_details(rule, detection, names.get(port), distance_m, ctx)))
    return alerts


def _detection_details(rule: Rule, d: DarkDetection, port_name: str | None, distance_m: float,
                       ctx: Context) -> dict[str, Any]:
    candidates = []
    for c in d.candidates:
        identity = ctx.book.identity(c["mmsi"])
        candidates.append({"rank": c["rank"], "mmsi": c["mmsi"], "imo": identity.imo,
                           "name": identity.name, "listed": ctx.book.is_listed(c["mmsi"]),
                           "why": c["why"]})
    return {"kind": rule.kind, "detection_id": d.detection_id, "event_id": d.event_id,
            "source": d.source, "scene_id": d.scene_id, "score": d.score,
            "length_m": d.length_m, "port_name": port_name,
            "distance_to_port_m": round(distance_m), "candidates": candidates}
