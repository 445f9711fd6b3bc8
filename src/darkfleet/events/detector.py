"""The family of event detectors: one base class, one subclass per event type.

A detector is fed track chunks (one day at a time in streaming detection, or everything at once)
and keeps only small intermediate records (runs, candidate pairs), never the fixes themselves;
`finish` turns them into events. `detect(tracks)` does both for data held in memory. Each
detector is a `Detector[S]` with its own settings `S` (`GapSettings` for `GapDetector`...).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar, Generic, TypeVar

import polars as pl

from darkfleet.tracks.model import DEFAULT_HOLE_H, Tracks, Window

S = TypeVar("S")


class EventDetector(ABC):
    """Base of every detector: `feed` chunks, then `finish`; or `detect` all at once."""

    event_type: ClassVar[str]

    def __init__(self, hole_h: float = DEFAULT_HOLE_H) -> None:
        self.hole_h = hole_h  # the silence of every vessel that makes a coverage hole
        self._parts: list[pl.DataFrame] = []

    def detect(self, tracks: Tracks) -> pl.DataFrame:
        """Events of this type in `tracks` (the whole window, held in memory)."""
        self.feed(tracks)
        return self.finish(Window.of(tracks, self.hole_h))

    def feed(self, tracks: Tracks) -> None:
        """Take one chunk of tracks; keeps what `finish` will need."""
        self.add_records(self.collect(tracks))

    def add_records(self, part: pl.DataFrame) -> None:
        """Keep intermediate records made elsewhere (by `collect`, for other vessels)."""
        if part.height:
            self._parts.append(part)

    def absorb(self, other: EventDetector) -> None:
        """Take over what `other`, a detector of the same kind fed with other vessels' tracks,
        has gathered (a partition's detector merged into the whole run's)."""
        self._parts.extend(other._parts)
        other._parts = []

    def finish(self, window: Window) -> pl.DataFrame:
        """The events of everything fed so far (then forgets it)."""
        parts, self._parts = self._parts, []
        gathered = pl.concat(parts, how="vertical") if parts else self.collect(Tracks.empty())
        return self.events(gathered, window)

    @abstractmethod
    def collect(self, tracks: Tracks) -> pl.DataFrame:
        """The intermediate records of one chunk (they must concatenate across chunks)."""

    @abstractmethod
    def events(self, gathered: pl.DataFrame, window: Window) -> pl.DataFrame:
        """Events (`EVENT_SCHEMA`) from all intermediate records."""


class Detector(EventDetector, Generic[S]):
    """An event detector with its own settings `S`; `hole_h` is the silence of every vessel
    that makes a coverage hole when it detects in memory (`detect.gap.min_duration_h`)."""

    def __init__(self, settings: S, hole_h: float = DEFAULT_HOLE_H) -> None:
        super().__init__(hole_h)
        self.settings = settings
