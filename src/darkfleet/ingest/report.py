"""The per-file ingest report and the counters that build it.

Counts add up: every line is exactly one of a sentence of a decoded message, ignored or
quarantined (`lines == sentences + ignored + quarantined`), and every decoded message is stored,
dropped as a duplicate, or of a type no table holds; type 19 gives a row in both tables
(`messages == positions + static_reports + duplicates + header_only - in_both_tables`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from darkfleet.timefmt import from_epoch_ms, iso_utc


@dataclass(frozen=True, slots=True)
class FileReport:
    """What ingesting one file did."""

    path: str
    lines: int
    sentences: int
    messages: int
    positions: int
    static_reports: int
    quarantined: int
    ignored: int
    duplicates: int
    header_only: int
    in_both_tables: int
    first_ts: str | None
    last_ts: str | None
    quarantined_by_reason: dict[str, int] = field(default_factory=dict)
    ignored_by_reason: dict[str, int] = field(default_factory=dict)
    format: str = "nmea"
    already_ingested: bool = False
    nulled_by_field: dict[str, int] = field(default_factory=dict)
    read_error: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The report as plain data (`darkfleet ingest --format json`)."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FileReport:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass(slots=True)
class Counts:
    """Running counts of one file while it is read."""

    lines: int = 0
    sentences: int = 0
    messages: int = 0
    positions: int = 0
    static_reports: int = 0
    duplicates: int = 0
    header_only: int = 0
    in_both_tables: int = 0
    first_ts_ms: int | None = None
    last_ts_ms: int | None = None
    quarantined: Counter[str] = field(default_factory=Counter)
    ignored: Counter[str] = field(default_factory=Counter)
    nulled: Counter[str] = field(default_factory=Counter)

    def add_times(self, table: pa.Table) -> None:
        """Widen the time span by the `ts` column of stored rows."""
        if table.num_rows == 0:
            return
        bounds = pc.min_max(table["ts"].cast(pa.int64()))
        low, high = bounds["min"].as_py(), bounds["max"].as_py()
        if low is not None and high is not None:
            self.add_span(low, high)

    def add_span(self, low_ms: int, high_ms: int) -> None:
        """Widen the time span to include `low_ms`..`high_ms` (ms since the epoch)."""
        self.first_ts_ms = low_ms if self.first_ts_ms is None else min(self.first_ts_ms, low_ms)
        self.last_ts_ms = high_ms if self.last_ts_ms is None else max(self.last_ts_ms, high_ms)

    def add(self, other: Counts) -> None:
        """Add the counts of another part of the same file."""
        for name in ("lines", "sentences", "messages", "positions", "static_reports",
                     "duplicates", "header_only", "in_both_tables"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        low, high = other.first_ts_ms, other.last_ts_ms
        if low is not None and high is not None:
            self.first_ts_ms = low if self.first_ts_ms is None else min(self.first_ts_ms, low)
            self.last_ts_ms = high if self.last_ts_ms is None else max(self.last_ts_ms, high)
        self.quarantined.update(other.quarantined)
        self.ignored.update(other.ignored)
        self.nulled.update(other.nulled)

    def report(self, path: str, fmt: str = "nmea", read_error: str | None = None
               ) -> FileReport:
        return FileReport(
            path=path, lines=self.lines, sentences=self.sentences, messages=self.messages,
            positions=self.positions, static_reports=self.static_reports,
            quarantined=sum(self.quarantined.values()), ignored=sum(self.ignored.values()),
            duplicates=self.duplicates, header_only=self.header_only,
            in_both_tables=self.in_both_tables,
            first_ts=_iso(self.first_ts_ms), last_ts=_iso(self.last_ts_ms),
            quarantined_by_reason=dict(sorted(self.quarantined.items())),
            ignored_by_reason=dict(sorted(self.ignored.items())), format=fmt,
            nulled_by_field=dict(sorted(self.nulled.items())), read_error=read_error,
        )


def _iso(ts_ms: int | None) -> str | None:
    return iso_utc(from_epoch_ms(ts_ms)) if ts_ms is not None else None
