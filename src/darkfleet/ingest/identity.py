"""Rows other batches already stored: content identity across files, in bounded memory.

A row is known when a row of the same table, of the same UTC day, with the same content (every
column but `source`, `file` and `line`) was stored by an earlier batch: the same messages in
other bytes (gzipped, other line ends, concatenated with another file, or heard by another
receiver). Content is compared by a 64-bit hash of the row (the duplicate filter's). The
hashes of at most `MAX_DAYS` days are held at once, read from the day's Parquet parts on first
use.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from darkfleet.store.workspace import Workspace

#: Columns that say where a row came from, not what it says; left out of duplicate checks.
PROVENANCE = ("source", "file", "line")
MAX_DAYS = 8
_EPOCH = np.datetime64("1970-01-01", "D")


def content_hashes(table: pa.Table) -> np.ndarray:
    """A 64-bit hash of each row's content (provenance columns left out)."""
    import polars as pl  # here: processes that only decode (ingest workers) never load it

    content = pl.from_arrow(table.drop_columns([c for c in PROVENANCE
                                                 if c in table.column_names]))
    assert isinstance(content, pl.DataFrame)
    hashes: np.ndarray = content.hash_rows(seed=0).to_numpy()
    return hashes


class KnownRows:
    """The content hashes of one table's rows in a workspace, by day."""

    def __init__(self, workspace: Workspace | None, name: str, schema: pa.Schema) -> None:
        self._schema = schema
        self._paths: dict[int, list[str]] = {}
        self._workspace = workspace
        if workspace is not None and workspace.has_table(name):
            for day, where in workspace.part_locations(name):
                if day[:1].isdigit():
                    key = int((np.datetime64(day, "D") - _EPOCH).astype(np.int64))
                    self._paths.setdefault(key, []).append(where)
        self._cache: OrderedDict[int, np.ndarray] = OrderedDict()

    def seen(self, table: pa.Table, rows: np.ndarray, hashes: np.ndarray) -> np.ndarray:
        """Which of `rows` (indices of timed rows of `table`, with their `hashes`) are known."""
        known = np.zeros(len(rows), dtype=bool)
        if not self._paths or len(rows) == 0:
            return known
        days = pc.take(table["ts"], pa.array(rows)).cast(pa.date32()).cast(pa.int32())
        days = days.to_numpy(zero_copy_only=False)
        for day in np.unique(days).tolist():
            if day in self._paths:
                where = days == day
                stored = self._hashes(day)
                at = np.minimum(np.searchsorted(stored, hashes[where]), max(len(stored) - 1, 0))
                known[where] = len(stored) > 0 and stored[at] == hashes[where]
        return known

    def _hashes(self, day: int) -> np.ndarray:
        if day in self._cache:
            self._cache.move_to_end(day)
            return self._cache[day]
        assert self._workspace is not None
        parts = [self._workspace.read_part(where).select(self._schema.names).cast(self._schema)
                 for where in self._paths[day]]
        hashes = np.sort(content_hashes(pa.concat_tables(parts)))
        self._cache[day] = hashes
        while len(self._cache) > MAX_DAYS:
            self._cache.popitem(last=False)
        return hashes
