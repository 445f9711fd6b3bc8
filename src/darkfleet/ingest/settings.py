"""Settings of the ingest stage."""

from __future__ import annotations

from dataclasses import dataclass

from darkfleet.settings_base import setting


@dataclass(frozen=True, slots=True)
class IngestSettings:
    """How raw AIS is read and stored."""

    chunk_lines: int = setting(200_000, "Lines decoded per batch; bounds memory.", minimum=1000)
    max_line_bytes: int = setting(
        4096, "Longer lines are quarantined as line_too_long (only this much is kept in memory).",
        minimum=100,
    )
    max_open_messages: int = setting(
        1000, "Multi-sentence messages waiting for fragments at once; beyond this the oldest "
        "one's fragments are quarantined as orphan_fragment.", minimum=1,
    )
    duplicate_window: int = setting(
        100_000, "A row equal to one of this many previous rows of its table in the same file "
        "(source, file and line aside) is dropped and counted as a duplicate.", minimum=0,
    )
    earliest_time: str = setting(
        "2000-01-01T00:00:00Z", "Messages and rows timed before this (UTC, ISO 8601) are "
        "quarantined as implausible_time.",
    )
    max_future_h: float = setting(
        24.0, "Messages and rows timed more than this many hours after the moment of ingest are "
        "quarantined as implausible_time.", minimum=0,
    )
    workers: int = setting(
        0, "Processes that decode files, and byte ranges of a large plain NMEA file, in "
        "parallel while the ingesting process stores what they decode (0: one fewer than the "
        "cores when the input holds 192 MiB or more in all on 2 cores, 110 MiB on 8, none on "
        "one core; 1: none, the ingesting process decodes). Results do not depend on it.",
        minimum=0,
    )
