"""Rows other batches already stored: content identity across files, in bounded memory.

A row is known when a row of the same table, of the same UTC day, with the same content (every
column but `source`, `file` and `line`) was stored by an earlier batch: the same messages in
other bytes (gzipped, other line ends, concatenated with another file, or heard by another
receiver). Content is compared by a 64-bit hash of the row (the duplicate filter's; compiled
where built, else polars's). The
hashes of at most `MAX_DAYS` days are held at once, read from the day's Parquet parts on first
use.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

if TYPE_CHECKING:
    from darkfleet.store.workspace import Workspace


try:
    from darkfleet.ingest import _crows  # type: ignore[attr-defined]
except ImportError:  # not built: polars hashes rows instead
    _crows = None

#: Columns that say where a row came from, not what it says; left out of duplicate checks.
PROVENANCE = ("source", "file", "line")
MAX_DAYS = 8
_SEED, _SALT = 0x243F6A8885A308D3, 0x9E3779B97F4A7C15
_EMPTY = np.zeros(8, dtype=np.uint8)
_EPOCH = np.datetime64("1970-01-01", "D")
_MS_PER_DAY = 86_400_000


def content_hashes(table: pa.Table) -> np.ndarray:
    """A 64-bit hash of each row's content (provenance columns left out).

    Compiled (`_crows.hash_column`, one call per column and array) where built, else polars's
    row hash; one run uses one of them for every table, stored parts included.
    """
    if _crows is None:
        return _polars_hashes(table)
    hashes = np.full(table.num_rows, _SEED, dtype=np.uint64)
    names = [name for name in table.column_names if name not in PROVENANCE]
    for index, name in enumerate(names):
        salt = (index + 1) * _SALT % 2**64
        row = 0
        for chunk in table.column(name).chunks:
            _fold(hashes, row, chunk, salt)
            row += len(chunk)
    return hashes


def _fold(hashes: np.ndarray, row: int, array: pa.Array, salt: int) -> None:
    """Fold one array's values into `hashes[row:row + len(array)]`."""
    kind = array.type
    if pa.types.is_dictionary(kind):
        array = array.dictionary_decode()
    elif pa.types.is_null(kind) or pa.types.is_boolean(kind):
        array = array.cast(pa.int8())
    elif pa.types.is_large_string(kind) or pa.types.is_string_view(kind):
        array = array.cast(pa.string())
    kind = array.type
    buffers = array.buffers()
    validity = buffers[0] if array.null_count else None
    if pa.types.is_string(kind):
        data = buffers[2] if buffers[2] is not None else _EMPTY
        _crows.hash_column(hashes, row, len(array), 0, array.offset, validity, data, buffers[1],
                           salt)
        return
    width = kind.bit_width // 8 if kind.bit_width in (8, 16, 32, 64) else 0
    if width == 0:  # any other type: by its text
        _fold(hashes, row, array.cast(pa.string()), salt)
        return
    _crows.hash_column(hashes, row, len(array), width, array.offset, validity, buffers[1],
                       None, salt)


def _polars_hashes(table: pa.Table) -> np.ndarray:
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

    def seen(self, ts_ms: np.ndarray, hashes: np.ndarray) -> np.ndarray:
        """Which rows (their times in ms since the epoch and content `hashes`) are known."""
        known = np.zeros(len(hashes), dtype=bool)
        if not self._paths or len(hashes) == 0:
            return known
        days = np.floor_divide(ts_ms, _MS_PER_DAY)
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
