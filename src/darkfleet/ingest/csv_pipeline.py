"""One CSV input, chunk by chunk: a position row per good row, a static row when it changes.

The first line is the header (counted as ignored, `csv_header`). Each later row gives one
position row; it also gives a static row when its static values (IMO, call sign, name, ship
type, draught, destination, dimensions) differ from the last ones of the same MMSI in the file,
since exports repeat them on every row. A row with the wrong number of columns is quarantined
as `bad_columns`; one the CSV reader cannot read as `bad_csv_row`; one whose time, MMSI or a
number cannot be read as `bad_time`, `bad_mmsi`, `bad_number`; one whose time is out of the
plausible range as `implausible_time`. Values turned null by a range rule are counted by field.
Fields inside quotes may hold commas but not line breaks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pyarrow as pa

from darkfleet.errors import DecodeError
from darkfleet.ingest.csv_formats import STATIC_FIELDS, BadValue, CsvFormat, split_row
from darkfleet.ingest.csv_formats import read_row as read_csv_row
from darkfleet.ingest.pipeline import ChunkRows
from darkfleet.ingest.plausible import TimeBounds
from darkfleet.ingest.reader import Chunk
from darkfleet.ingest.report import Counts
from darkfleet.ingest.settings import IngestSettings
from darkfleet.ingest.tables import RowSink, quarantine_table
from darkfleet.store.schema import POSITIONS, STATIC_REPORTS

if TYPE_CHECKING:
    from darkfleet.store.workspace import Workspace

CSV_REASONS = {
    "bad_columns": "the row does not have as many columns as the header",
    "bad_time": "the time cannot be read",
    "bad_mmsi": "the MMSI is not a number between 1 and 2^30 - 1",
    "bad_number": "a numeric column holds something else",
    "bad_csv_row": "the row cannot be read as CSV (an unclosed quote, a field over the CSV "
    "reader's size limit)",
    "implausible_time": "the time is before ingest.earliest_time or more than "
    "ingest.max_future_h after the ingest",
}


class CsvPipeline:
    """Reads one CSV input of a known format; feed its chunks in order."""

    def __init__(self, file: str, settings: IngestSettings, fmt: CsvFormat, *,
                 strict: bool = False, bounds: TimeBounds | None = None,
                 workspace: Workspace | None = None, raw: bool = False) -> None:
        """`workspace`: rows it already holds (from other batches) count as duplicates.
        `raw`: no duplicate filter; rows are given as decoded (for a `RowSink` elsewhere)."""
        self.file = file
        self.bounds = bounds or TimeBounds.of(settings)
        self.fmt = fmt
        self.format_name = fmt.name
        self.strict = strict
        self.counts = Counts()
        self._sink = None if raw else RowSink(self.counts, settings.duplicate_window, workspace)
        self._columns: dict[str, int] | None = None
        self._width = 0
        self._last_static: dict[int, tuple[Any, ...]] = {}

    def process(self, chunk: Chunk) -> ChunkRows:
        """Rows of one chunk.

        Raises:
            DecodeError: in strict mode, at the first bad row.
        """
        self.counts.lines += len(chunk.lines)
        positions: list[dict[str, Any]] = []
        statics: list[dict[str, Any]] = []
        quarantine: list[tuple[int, str, bytes]] = []
        for offset, raw in enumerate(chunk.lines):
            line = chunk.first_line + offset
            reason = self._line(raw, line, positions, statics)
            if reason is not None:
                if self.strict:
                    raise DecodeError(f"{reason} ({CSV_REASONS.get(reason, 'bad row')})",
                                      reason=reason, path=self.file, line=line)
                quarantine.append((line, reason, raw))
                self.counts.quarantined[reason] += 1
        return ChunkRows(
            self._store("positions", pa.Table.from_pylist(positions, schema=POSITIONS)),
            self._store("static_reports", pa.Table.from_pylist(statics, schema=STATIC_REPORTS)),
            quarantine_table(quarantine, self.file),
        )

    def _store(self, name: str, table: pa.Table) -> pa.Table:
        return table if self._sink is None else self._sink.store(name, table)

    def finish(self) -> ChunkRows:
        """Nothing waits in a CSV file: no rows."""
        return ChunkRows(POSITIONS.empty_table(), STATIC_REPORTS.empty_table(),
                         quarantine_table([], self.file))

    def _line(self, raw: bytes, line: int, positions: list[dict[str, Any]],
              statics: list[dict[str, Any]]) -> str | None:
        """Read one line into the row lists; returns a quarantine reason, or None."""
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return "invalid_utf8"
        if not text.strip():
            self.counts.ignored["blank"] += 1
            return None
        fields = split_row(text, self.fmt.delimiter)
        if fields is None:
            return "bad_csv_row"
        if self._columns is None:
            self._header(fields)
            return None
        if len(fields) != self._width:
            return "bad_columns"
        values = {field: fields[index] for field, index in self._columns.items()}
        try:
            row = read_csv_row(values, self.fmt, self.bounds)
        except BadValue as error:
            return error.reason
        self.counts.nulled.update(row.pop("nulled"))
        self._add(row, line, positions, statics)
        return None

    def _header(self, fields: list[str]) -> None:
        names = [name.strip() for name in fields]
        self._width = len(names)
        self._columns = {field: names.index(column) for field, column in self.fmt.columns.items()
                         if column in names}
        self.counts.ignored["csv_header"] += 1

    def _add(self, row: dict[str, Any], line: int, positions: list[dict[str, Any]],
             statics: list[dict[str, Any]]) -> None:
        self.counts.sentences += 1
        self.counts.messages += 1
        where = {"ts": row["ts_ms"], "file": self.file, "line": line}
        positions.append({**row, **where, "source": None})
        static = tuple(row[field] for field in STATIC_FIELDS)
        if any(value is not None for value in static) and (
            self._last_static.get(row["mmsi"]) != static
        ):
            self._last_static[row["mmsi"]] = static
            statics.append({**row, **where, "msg_type": None, "part": None})
            self.counts.in_both_tables += 1
