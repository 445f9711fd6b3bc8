"""Settings of the ingest stage."""

from __future__ import annotations

from dataclasses import dataclass

from darkfleet.settings_base import setting


@dataclass(frozen=True, slots=True)
class IngestSettings:
    """How raw AIS is read and stored."""

    chunk_lines: int = setting(200_000, "Lines decoded per batch; bounds memory.", minimum=1000)
