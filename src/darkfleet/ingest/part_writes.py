"""Writing a decoded part's Parquet files in the pool (`darkfleet.ingest.parallel`).

A worker hands over each decoded part as Arrow IPC files (without the file name column) and the
content hashes and times of its timed rows (`save_timed`); the ingesting process finds the
part's duplicates from those alone and submits `write_part` jobs (`PartWrites`), which any
process of the pool may run: the part's rows but its duplicates, lines counted from the file's
start, the file name put back dictionary-encoded.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from pathlib import Path
from typing import TypeVar

import numpy as np
import pyarrow as pa
import pyarrow.ipc as ipc

from darkfleet.ingest import ranges
from darkfleet.ingest.ingest import BATCH_KIND
from darkfleet.ingest.jobs import Job
from darkfleet.ingest.startup import skip_pandas_probe
from darkfleet.ingest.tables import TimedRows, without_rows
from darkfleet.store.batch import Batch
from darkfleet.store.schema import POSITIONS, QUARANTINE, STATIC_REPORTS

#: A part's parts (`Batch.parts` entries): table, day, path, batch id, rows.
T = TypeVar("T")
Parts = list[tuple[str, str, str, str, int]]

TABLES = ("positions", "static_reports", "quarantine")
SCHEMAS = {"positions": POSITIONS, "static_reports": STATIC_REPORTS}
TABLE_SCHEMAS = {**SCHEMAS, "quarantine": QUARANTINE}


def save_timed(folder: str, name: str, parts: list[TimedRows]) -> None:
    """The timed rows of table `name` of a decoded part, as NumPy files beside its IPC file."""
    for field in ("rows", "hashes", "ts_ms"):
        values = [getattr(part, field) for part in parts]
        np.save(Path(folder) / f"{name}.{field}.npy",
                np.concatenate(values) if values else np.empty(0, dtype=np.int64))


def load_timed(folder: str, name: str) -> TimedRows:
    """What `save_timed` saved."""
    rows, hashes, ts_ms = (np.load(Path(folder) / f"{name}.{field}.npy")
                           for field in ("rows", "hashes", "ts_ms"))
    return TimedRows(rows, hashes.astype(np.uint64, copy=False), ts_ms)


def file_at(name: str) -> int:
    """Where table `name` has its `file` column."""
    at: int = TABLE_SCHEMAS[name].get_field_index("file")
    return at


def with_file(name: str, table: pa.Table, files: pa.Array) -> pa.Table:
    """A row of table `name` read back (without its file name), with `files` put back."""
    return table.add_column(file_at(name), "file", files)


#: Write jobs per decoded part (each a share of its rows): smaller jobs leave less idle time
#: at the end, when one process waits for the other's last job.
WRITE_PIECES = 2


def write_part(folder: str, tables: str, batch_id: str, prefix: str, file: str,
                lines_before: int, drops: dict[str, np.ndarray], piece: int = 0,
                pieces: int = 1) -> Parts:
    """In a worker (or here): write share `piece` of `pieces` of a decoded part's rows as
    Parquet parts of batch `batch_id` under `tables`, without its duplicates `drops`, with
    lines counted from the file's start and `file` as their file name; returns the parts
    (`Batch.parts`). The quarantine goes with the first share."""
    skip_pandas_probe()
    batch = Batch(Path(tables), batch_id, BATCH_KIND, "", prefix=prefix)
    try:
        for name in TABLES if piece == 0 else TABLES[:2]:
            table = ipc.open_stream(pa.memory_map(str(Path(folder) / name))).read_all()
            if len(drops.get(name, ())):
                table = without_rows(table, drops[name])
            if name != "quarantine":
                start = table.num_rows * piece // pieces
                table = table.slice(start, table.num_rows * (piece + 1) // pieces - start)
            table = with_file(name, ranges.shift_lines(table, lines_before),
                               one_value(file, table.num_rows))
            batch.add(name, table, day_column=None if name == "quarantine" else "ts")
        batch.finish()
    except BaseException:
        batch.discard()
        raise
    return batch.parts


def one_value(value: str, rows: int) -> pa.DictionaryArray:
    """`value` on each of `rows` rows, dictionary-encoded (not `rows` copies of it)."""
    indices = pa.Array.from_buffers(pa.int32(), rows,
                                    [None, pa.py_buffer(np.zeros(rows, dtype=np.int32))])
    return pa.DictionaryArray.from_arrays(indices, pa.array([value], pa.string()))


class PartWrites:
    """The jobs writing a file's parts; this process takes the oldest not begun back while it
    would wait for a decoded part."""

    def __init__(self, pool: Executor) -> None:
        self._pool = pool
        self._jobs: list[Job[Parts]] = []
        self._folders: dict[str, list[Job[Parts]]] = {}

    def submit(self, label: str, folder: str,
               call: Callable[..., Parts], *args: object
               ) -> None:
        """Submit a write of the decoded part in `folder` (removed once all its writes are
        done)."""
        self._jobs.append(Job(self._pool, label, call, *args))
        self._folders.setdefault(folder, []).append(self._jobs[-1])

    def first(self, wait: Callable[[Job[T]], T]) -> Callable[[Job[T]], T]:
        """`wait`, taking back writes not begun (oldest first) while the job is not done."""
        def waiting(job: Job[T]) -> T:
            while not job.future.done():
                pending = next((write for write in self._jobs if write.pending()), None)
                if pending is None or not pending.take_back():
                    break
            self._sweep()
            return wait(job)
        return waiting

    def results(self) -> Iterator[Parts]:
        """Each write's parts in order, those not begun (the last first) written here."""
        for job in reversed(self._jobs):
            if job.pending():
                job.take_back()
        for job in self._jobs:
            yield job.future.result()
        self._sweep()

    def _sweep(self) -> None:
        """Remove the folders of decoded parts all of whose writes are done."""
        for folder, jobs in list(self._folders.items()):
            if all(job.future.done() for job in jobs):
                shutil.rmtree(folder, ignore_errors=True)
                del self._folders[folder]

    def discard(self, workspace: Path) -> None:
        """Cancel the writes not begun and remove the parts of those done (under
        `workspace`); parts a worker is still writing are removed when the workspace is next
        opened, as any part no batch lists."""
        for job in self._jobs:
            if job.future.cancel() or not job.future.done() or job.future.exception():
                continue
            for _, _, relative, _, _ in job.future.result():
                (workspace / relative).unlink(missing_ok=True)
