"""The watch's core, without I/O: decoded rows in, new alerts out.

`add` takes the rows of each decoded step: it records who was heard where, updates identities
and list matches, decides which vessels detection must follow and keeps their rows in the
sliding window. `see_detections` takes the workspace's dark imagery detections. `tick` runs
detection over the window and every rule, and returns the alerts not raised before (their ids
are remembered, and seeded from the workspace on start).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import polars as pl
import pyarrow as pa

from darkfleet.config import Config
from darkfleet.events.port_index import PortIndex
from darkfleet.events.ports import PortRegistry
from darkfleet.screening import Screener
from darkfleet.watch.alert import Alert
from darkfleet.watch.detection import Detected, IncrementalDetector
from darkfleet.watch.identities import IdentityBook
from darkfleet.watch.imagery_source import DarkDetection
from darkfleet.watch.rule_eval import (
    Context,
    dark_detections,
    dark_vessels,
    encounters,
    identity_changes,
    port_entries,
)
from darkfleet.watch.rules import Rule, RuleSet
from darkfleet.watch.window import SlidingWindow, as_detected

_AREA_RULES = ("listed_port_entry", "dark_near_port")  # rules that decide who is followed
_INDEXED = (*_AREA_RULES, "dark_detection_in_port")
_NEAR_LISTED_DEG = 0.05  # cells in which vessels near a listed vessel are followed (~5 km)


class WatchEngine:
    """Incremental detection and rules (see the module doc)."""

    def __init__(self, config: Config, rules: RuleSet, registry: PortRegistry,
                 screener: Screener, raised: set[str] | None = None) -> None:
        self.settings = config.watch
        self.detect = config.detect
        self.rules = rules
        self.book = IdentityBook(screener)
        self.window = SlidingWindow(self.settings, self.settings.dark_coverage_radius_m
                                    / 111_000.0, config.detect.gap.min_duration_h)
        self.detector = IncrementalDetector(config.detect, registry)
        self.indexes = {r.name: PortIndex(PortRegistry(r.watched(registry)), r.distance_m)
                        for r in rules.rules if r.kind in _INDEXED}
        self.window.inside = self._inside_index(rules, registry)
        self.raised: set[str] = set(raised or ())
        self.detected: Detected | None = None
        self.heard_new = False
        self.detections: tuple[DarkDetection, ...] = ()
        self._listed_cells: dict[int, int] = {}

    def add(self, positions: pa.Table | pl.DataFrame, statics: pa.Table | pl.DataFrame
            ) -> None:
        """Take the rows of one decoded step (POSITIONS and STATIC_REPORTS columns)."""
        pos, sta = as_detected(_frame(positions), _frame(statics))
        if pos.is_empty() and sta.is_empty():
            return
        self.window.hear(pos)
        mmsis = pos.get_column("mmsi").unique().to_list()
        self.book.update(mmsis, sta)
        self.window.relevant |= self._relevant(pos)
        self.window.add(pos, sta)
        self.heard_new = True

    def see_detections(self, detections: tuple[DarkDetection, ...]) -> None:
        """Take the workspace's dark imagery detections (all of them, as read now); the next
        tick applies the imagery rules to them when they changed."""
        if detections != self.detections:
            self.detections = detections
            self.heard_new = True

    def tick(self, raised_at: datetime | None = None) -> list[Alert]:
        """Detect over the window and apply the rules; the alerts not raised before."""
        self.heard_new = False
        if self.detected is None or self.window.dirty:
            self.detected = self.detector.tick(self.window)
            self.window.dirty = False
        ctx = Context(self.book, self.window, self.settings, self.detect,
                      raised_at or datetime.now(UTC))
        fresh: dict[str, Alert] = {}
        for rule in self.rules.rules:
            for alert in self._apply(rule, ctx):
                if alert.id not in self.raised and alert.id not in fresh:
                    fresh[alert.id] = alert
        self.raised.update(fresh)
        return sorted(fresh.values(), key=lambda a: (a.ts, a.id))

    def events(self) -> pl.DataFrame:
        """The events of the window at the last tick (as `detect` would give for its data)."""
        assert self.detected is not None
        return self.detected.events

    def _apply(self, rule: Rule, ctx: Context) -> list[Alert]:
        assert self.detected is not None
        points, events = self.detected.tracks.points, self.detected.events
        appliers: dict[str, Callable[[], list[Alert]]] = {
            "listed_port_entry": lambda: port_entries(rule, self.indexes[rule.name], points, ctx),
            "dark_near_port": lambda: dark_vessels(rule, self.indexes[rule.name], points, ctx),
            "listed_encounter": lambda: encounters(rule, events, ctx),
            "listed_identity_change": lambda: identity_changes(rule, events, ctx),
            "dark_detection_in_port": lambda: dark_detections(rule, self.indexes[rule.name],
                                                              self.detections, ctx),
        }
        return appliers[rule.kind]()

    @staticmethod
    def _inside_index(rules: RuleSet, registry: PortRegistry
                      ) -> Callable[[pl.DataFrame], pl.Series] | None:
        """Whether each fix lies inside a watched area of any rule (for the window's thinning)."""
        areas = {a.locode: a for r in rules.rules if r.kind in _AREA_RULES
                 for a in r.watched(registry)}
        if not areas:
            return None
        index = PortIndex(PortRegistry(tuple(areas.values())), 0.0)
        return lambda fixes: index.annotate(fixes.select("lat", "lon")).get_column(
            "port").is_not_null()

    def _relevant(self, pos: pl.DataFrame) -> set[int]:
        """MMSIs among `pos` that detection must follow from now on."""
        heard = set(pos.get_column("mmsi").unique().to_list())
        if self.settings.all_vessels:
            return heard
        new = heard & self.book.listed()
        candidates = pos.filter(~pl.col("mmsi").is_in(list(self.window.relevant | new)))
        for rule in self.rules.rules:
            if rule.kind not in _AREA_RULES or not candidates.height:
                continue
            index = self.indexes[rule.name]
            reach = index.within_reach(candidates.select("mmsi", "lat", "lon"))
            if reach.height:
                new |= set(index.annotate(reach).filter(pl.col("port_dist_m") <= rule.distance_m)
                           .get_column("mmsi").unique().to_list())
        return new | self._near_listed(pos)

    def _near_listed(self, pos: pl.DataFrame) -> set[int]:
        """MMSIs heard in the cells around the last fix of a listed vessel (encounter partners)."""
        cells = pos.select("mmsi", (_cell("lat") * 1_000_000 + _cell("lon")).alias("cell"))
        listed = self.book.listed()
        for mmsi, cell in cells.filter(pl.col("mmsi").is_in(list(listed))).group_by(
                "mmsi", maintain_order=True).agg(pl.col("cell").last()).iter_rows():
            self._listed_cells[mmsi] = cell
        around = {c + dy * 1_000_000 + dx for c in self._listed_cells.values()
                  for dy in (-1, 0, 1) for dx in (-1, 0, 1)}
        if not around:
            return set()
        return set(cells.filter(pl.col("cell").is_in(list(around))).get_column("mmsi").to_list())


def _cell(column: str) -> pl.Expr:
    return (pl.col(column) / _NEAR_LISTED_DEG).floor().cast(pl.Int64)


def _frame(table: pa.Table | pl.DataFrame) -> pl.DataFrame:
    frame = table if isinstance(table, pl.DataFrame) else pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return frame
