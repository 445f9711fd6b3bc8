"""The workspace store: DuckDB catalogue plus day-partitioned Parquet tables."""

from darkfleet.store.schema import POSITIONS, QUARANTINE, SCHEMAS, STATIC_REPORTS, TABLES, TableSpec
from darkfleet.store.workspace import Workspace

__all__ = ["POSITIONS", "QUARANTINE", "SCHEMAS", "STATIC_REPORTS", "TABLES", "TableSpec",
           "Workspace"]
