"""A batch of Parquet parts written together and made visible together by the workspace.

What a batch writes to a declared table (`darkfleet.store.schema.TABLES`) is checked against
its schema first, and cast where no value changes (see `darkfleet.store.table_spec`); a table
the registry does not declare is written as it comes.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from darkfleet.store.schema import TABLES
from darkfleet.store.table_spec import conform

UNDATED = "undated"
_EPOCH = np.datetime64("1970-01-01", "D")
_PER_DAY = {"s": 86_400, "ms": 86_400_000, "us": 86_400_000_000, "ns": 86_400_000_000_000}
#: Parts being written at once in the background, at most (bounds the rows held for them).
PENDING_WRITES = 4
#: Parquet compression of every part: LZ4 (Parquet's LZ4_RAW). Measured on 3.4 million
#: positions with the encodings below: zstd (level 1) 65.4 MB written in 0.58 s of CPU, LZ4
#: 70.1 MB (7 % more) in 0.50 s (15 % less); DuckDB and pyarrow read both as fast.
COMPRESSION = "lz4"
#: Columns whose values rarely repeat within a part: written plain, not dictionary-encoded
#: (trying a dictionary first costs a fifth of a part's writing and saves a few percent).
PLAIN_COLUMNS = frozenset({"ts", "line", "lat", "lon"})
#: Of those, the integer and time columns that mostly rise row by row: stored as deltas
#: (DELTA_BINARY_PACKED: a tenth less time to write a part of positions, 7 % smaller).
DELTA_COLUMNS = frozenset({"ts", "line"})
#: And the floating-point ones, stored with their bytes split by position
#: (BYTE_STREAM_SPLIT: another eighth less time to write positions, 2 % larger).
SPLIT_COLUMNS = frozenset({"lat", "lon"})
#: Columns other than integers, times and booleans that still get min/max statistics (DuckDB
#: skips row groups by them): positions, and the file rows came from (a row is traced by its
#: file and line). Other floats, text and lists (speeds, names, kinds) get none: no query
#: narrows by their range, and computing it takes an eighth of a part's writing (positions:
#: 166 -> 146 ns a row).
STATISTICS_ALSO = frozenset({"lat", "lon", "file"})


class Batch:
    """Parts written so far (not yet visible) and the report to store with them."""

    def __init__(self, root: Path, batch_id: str, kind: str, key: str,
                 prefix: str | None = None) -> None:
        """`prefix`: of the parts' file names (the batch id unless given: another process
        writes some parts of a batch under its own prefix)."""
        self.root = root
        self.id = batch_id
        self.prefix = prefix or batch_id
        self.kind = kind
        self.key = key
        self.parts: list[tuple[str, str, str, str, int]] = []
        self.replaced: set[str] = set()
        self.dropped: list[tuple[str, str]] = []  # (table, path) of parts the commit unlists
        self.report: dict[str, Any] = {}
        self._files: list[Path] = []
        self._writer: ThreadPoolExecutor | None = None
        self._pending: deque[Future[object]] = deque()

    def replace(self, name: str) -> None:
        """On commit, drop every earlier part of table `name`."""
        self.replaced.add(name)

    def add(self, name: str, table: pa.Table, day_column: str | None = "ts") -> None:
        """Write `table` as parts of table `name`, one per UTC day of `day_column`.

        Rows whose day column is null go to the `undated` partition; with `day_column=None`
        everything goes there.

        Raises:
            SchemaError: `name` is a declared table and `table` does not match its schema.
        """
        if table.num_rows == 0:
            return
        spec = TABLES.get(name)
        if spec is not None:
            table = conform(spec, table)
        if day_column is None or day_column not in table.column_names:
            self._write(name, UNDATED, table)
            return
        days, undated = _utc_days(table[day_column])
        if undated.any():
            self._write(name, UNDATED, table.filter(pa.array(undated)))
        present = days[~undated]
        if len(present) and present.min() == present.max() and not undated.any():
            self._write(name, _iso_day(int(present[0])), table)  # the usual chunk: one day
            return
        if not undated.any() and (np.diff(days) >= 0).all():  # days in order: slices, no copy
            bounds = np.flatnonzero(np.diff(days)) + 1
            for start, end in zip([0, *bounds.tolist()], [*bounds.tolist(), len(days)],
                                  strict=True):
                self._write(name, _iso_day(int(days[start])), table.slice(start, end - start))
            return
        unique, first = np.unique(present, return_index=True)
        for day in unique[np.argsort(first)].tolist():  # in order of first appearance
            self._write(name, _iso_day(day), table.filter(pa.array((days == day) & ~undated)))

    def add_day(self, name: str, day: str, table: pa.Table) -> None:
        """Write `table` as one part of table `name` in day partition `day` as it is (rows
        already of that day, or `undated`).

        Raises:
            SchemaError: `name` is a declared table and `table` does not match its schema.
        """
        spec = TABLES.get(name)
        self._write(name, day, conform(spec, table) if spec is not None else table)

    def drop(self, name: str, path: str) -> None:
        """On commit, unlist the part `path` of table `name` (its file is removed after)."""
        self.dropped.append((name, path))

    def _write(self, name: str, day: str, table: pa.Table) -> None:
        folder = self.root / name / f"day={day}"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{self.prefix}-{len(self._files):05d}.parquet"
        self._files.append(target)
        # a dictionary-encoded column is written from its dictionary (no value hashed again)
        # and read back as its value type: its part keeps no Arrow schema, only Parquet's
        encoded = any(pa.types.is_dictionary(field.type) for field in table.schema)
        self._in_background(pq.write_table, table, target, **part_options(table.schema),
                            store_schema=not encoded)
        relative = str(target.relative_to(self.root.parent))
        self.parts.append((name, day, relative, self.id, table.num_rows))

    def _in_background(self, write: Callable[..., object], *args: Any, **kwargs: Any) -> None:
        """Run `write` on the batch's writer thread (Parquet encoding releases the GIL, so
        the caller decodes the next rows meanwhile), with at most `PENDING_WRITES` queued."""
        if self._writer is None:
            self._writer = ThreadPoolExecutor(1, thread_name_prefix="darkfleet-batch")
        while len(self._pending) >= PENDING_WRITES:
            self._pending.popleft().result()
        self._pending.append(self._writer.submit(write, *args, **kwargs))

    def finish(self) -> None:
        """Wait for the parts still being written.

        Raises:
            OSError: a part could not be written (the first error met writing one is raised,
                whatever its kind).
        """
        try:
            while self._pending:
                self._pending.popleft().result()
        finally:
            if self._writer is not None:
                self._writer.shutdown(cancel_futures=True)
                self._writer = None

    def discard(self) -> None:
        """Remove every file this batch wrote."""
        self._pending.clear()
        if self._writer is not None:
            self._writer.shutdown(wait=True, cancel_futures=True)
            self._writer = None
        for file in self._files:
            file.unlink(missing_ok=True)


def _utc_days(column: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """Days since 1970-01-01 of each value (the UTC day of a UTC or naive timestamp, as a cast
    to `date32` gives it) and which values are null."""
    kind = column.type
    if pa.types.is_timestamp(kind) and kind.tz in (None, "UTC"):
        values = pc.fill_null(column.cast(pa.int64()), 0).to_numpy()
        days = np.floor_divide(values, _PER_DAY[kind.unit])
    else:
        days = pc.fill_null(column.cast(pa.date32()).cast(pa.int32()), 0).to_numpy()
    undated = column.is_null().to_numpy(zero_copy_only=False)
    return days, undated


def _iso_day(day: int) -> str:
    return str(_EPOCH + np.timedelta64(day, "D"))


def dictionary_columns(schema: pa.Schema) -> list[str]:
    """The columns of a part worth dictionary-encoding (all but `PLAIN_COLUMNS`)."""
    return [name for name in schema.names if name not in PLAIN_COLUMNS]


def statistics_columns(schema: pa.Schema) -> list[str]:
    """The columns of a part with statistics: integers, times, booleans, `STATISTICS_ALSO`."""
    return [field.name for field in schema if field.name in STATISTICS_ALSO
            or pa.types.is_integer(field.type) or pa.types.is_temporal(field.type)
            or pa.types.is_boolean(field.type)]


def part_options(schema: pa.Schema) -> dict[str, Any]:
    """`pq.write_table` options of a part: lz4 (`COMPRESSION`), dictionaries where worth it
    (`dictionary_columns`), deltas for `DELTA_COLUMNS` of integers or times, split bytes for
    `SPLIT_COLUMNS` of floats, statistics where useful (`statistics_columns`)."""
    encodings = {field.name: "DELTA_BINARY_PACKED" for field in schema
                 if field.name in DELTA_COLUMNS
                 and (pa.types.is_integer(field.type) or pa.types.is_timestamp(field.type))}
    encodings.update({field.name: "BYTE_STREAM_SPLIT" for field in schema
                      if field.name in SPLIT_COLUMNS and pa.types.is_floating(field.type)})
    return {"compression": COMPRESSION, "use_dictionary": dictionary_columns(schema),
            "column_encoding": encodings or None,
            "write_statistics": statistics_columns(schema)}
