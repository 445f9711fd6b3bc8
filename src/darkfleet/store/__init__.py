"""The workspace store: DuckDB catalogue plus day-partitioned Parquet tables.

Importing it is cheap: `Workspace` (and DuckDB) is imported on first use, so that processes
that only write Parquet parts (ingest workers) never load DuckDB.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from darkfleet._lazy import lazy_exports
from darkfleet.store.schema import POSITIONS, QUARANTINE, SCHEMAS, STATIC_REPORTS, TABLES, TableSpec

if TYPE_CHECKING:
    from darkfleet.store.workspace import Workspace

__all__ = ["POSITIONS", "QUARANTINE", "SCHEMAS", "STATIC_REPORTS", "TABLES", "TableSpec",
           "Workspace"]

if not TYPE_CHECKING:
    __getattr__ = lazy_exports(__name__, {"Workspace": "workspace"})
