"""darkfleet ingest stage: raw AIS (NMEA, CSV) to positions and static reports.

Public API: `ingest_files` (into a workspace), `decode_file` (messages, nothing stored),
`AisMessage`, `FileReport`, `IngestSettings`. The decoders (NumPy, Arrow, Polars) are imported
on first use, so importing the package (as `darkfleet.config` does) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from darkfleet._lazy import lazy_exports
from darkfleet.ingest.settings import IngestSettings

if TYPE_CHECKING:
    from darkfleet.ingest.ingest import decode_file, ingest_files
    from darkfleet.ingest.message import AisMessage
    from darkfleet.ingest.report import FileReport

__all__ = ["AisMessage", "FileReport", "IngestSettings", "decode_file", "ingest_files"]

_LAZY = {
    "decode_file": "ingest",
    "ingest_files": "ingest",
    "AisMessage": "message",
    "FileReport": "report",
}

if not TYPE_CHECKING:
    __getattr__ = lazy_exports(__name__, _LAZY)
