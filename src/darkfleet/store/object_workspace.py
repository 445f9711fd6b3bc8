"""A workspace on object storage (any fsspec URL: `s3://bucket/ws`, `gs://`, `memory://`).

The layout is that of a local workspace (`darkfleet.duckdb` beside `tables/NAME/day=.../`),
with paths relative to the root, so a local workspace copied to a bucket is a valid one. The
catalogue is a DuckDB file: opening downloads it from the bucket into a local cache (one per
URL), and each commit uploads it back in one PUT, after the batch's Parquet parts are written.
That PUT is the commit: a batch whose upload never happened leaves parts that no catalogue
lists, which readers never see and the next commit removes. One writer at a time; readers
read the catalogue as of when they opened. DuckDB reads the parts through fsspec.
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from darkfleet.errors import MissingExtraError, StoreError
from darkfleet.store.batch import Batch, part_options
from darkfleet.store.workspace import _CATALOGUE_DDL, CATALOGUE, Workspace

#: One part: (table, day, path relative to the workspace, batch id, rows).
Part = tuple[str, str, str, str, int]

_URL = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]+):/+(.*)$")


def object_url(location: str | Path) -> str | None:
    """`location` as an fsspec URL when it is one (also after `Path` folded its `//`)."""
    match = _URL.match(str(location))
    if match is None:
        return None
    scheme, rest = match.groups()
    return f"{scheme}://{'/' if scheme == 'file' else ''}{rest.rstrip('/')}"


def filesystem(url: str) -> tuple[Any, str]:
    """(fsspec filesystem, path inside it) of a URL.

    Raises:
        MissingExtraError: fsspec (or the protocol's package, such as s3fs) is missing.
    """
    try:
        from fsspec.core import url_to_fs
    except ImportError as error:
        raise MissingExtraError("fsspec", "scale") from error
    try:
        fs, path = url_to_fs(url)
    except ImportError as error:
        raise MissingExtraError(str(error).split("'")[1] if "'" in str(error) else "s3fs",
                                "scale") from error
    return fs, str(path).rstrip("/")


@contextmanager
def connect(root: str) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory DuckDB connection that reads files under `root` (a path or a URL)."""
    con = duckdb.connect()
    try:
        url = object_url(root)
        if url is not None and not url.startswith("file://"):
            con.register_filesystem(filesystem(url)[0])
        yield con
    finally:
        con.close()


class PartReader:
    """Rows of Parquet parts under a workspace root (a path or a URL), read by a worker that
    does not open the catalogue: `with PartReader(root, threads=1) as reader:
    reader.read(paths, columns, where)`."""

    def __init__(self, root: str, threads: int | None = None) -> None:
        self._root, self._threads = root, threads
        self._con: duckdb.DuckDBPyConnection | None = None
        self._stack = ExitStack()

    def __enter__(self) -> PartReader:
        self._con = self._stack.enter_context(connect(self._root))
        if self._threads is not None:
            self._con.execute(f"SET threads TO {int(self._threads)}")
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()
        self._con = None

    def read(self, paths: Sequence[str], columns: str, where: str) -> pa.Table:
        """`columns` (a select list) of the rows of `paths` that pass `where` (a condition).

        Raises:
            StoreError: a part is unreadable (names the first part).
        """
        if self._con is None:
            raise StoreError("PartReader.read outside its with block", path=self._root)
        listed = ", ".join("'" + p.replace("'", "''") + "'" for p in paths)
        source = f"read_parquet([{listed}], union_by_name = true, hive_partitioning = false)"
        try:
            return self._con.sql(f"SELECT {columns} FROM {source} WHERE {where}").to_arrow_table()
        except duckdb.Error as error:
            message = str(error).splitlines()[0]
            raise StoreError(f"cannot read the day's parts: {message}", path=paths[0]) from error


class PartWriter(Batch):
    """Writes the Parquet parts of a batch under a workspace root (path or URL), with file
    names that start with `prefix` (a worker writes some of a batch that the client commits)."""

    def __init__(self, root: str, batch_id: str, prefix: str | None = None,
                 kind: str = "", key: str = "") -> None:
        super().__init__(Path("tables"), batch_id, kind, key)
        url = object_url(root)
        self.fs, self.base = filesystem(url) if url else filesystem(str(Path(root).resolve()))
        self.prefix = prefix or batch_id
        self.written: list[str] = []

    def _write(self, name: str, day: str, table: pa.Table) -> None:
        relative = f"tables/{name}/day={day}/{self.prefix}-{len(self.written):05d}.parquet"
        target = f"{self.base}/{relative}"
        self.fs.makedirs(target.rsplit("/", 1)[0], exist_ok=True)
        self.written.append(target)
        with self.fs.open(target, "wb") as out:
            pq.write_table(table, out, **part_options(table.schema))
        self.parts.append((name, day, relative, self.id, table.num_rows))

    def discard(self) -> None:
        for target in self.written:
            if self.fs.exists(target):
                self.fs.rm(target)


class ObjectWorkspace(Workspace):
    """A workspace at an fsspec URL (see the module doc)."""

    def __init__(self, url: str, con: duckdb.DuckDBPyConnection, cache: Path) -> None:
        super().__init__(cache, con)
        self.url = url
        self.fs, self.base = filesystem(url)
        self.cache = cache
        self._uploading = False

    @classmethod
    def open_url(cls, url: str, *, create: bool = False) -> ObjectWorkspace:
        """Open the workspace at `url` (its catalogue fetched into the local cache).

        Raises:
            StoreError: no workspace there (and `create` is false), or it cannot be read.
        """
        fs, base = filesystem(url)
        cache = _cache_dir(url)
        local = cache / CATALOGUE
        try:
            local.unlink(missing_ok=True)
            Path(f"{local}.wal").unlink(missing_ok=True)
            if fs.exists(f"{base}/{CATALOGUE}"):
                fs.get(f"{base}/{CATALOGUE}", str(local))
            elif not create:
                raise StoreError("no darkfleet workspace here (run `darkfleet ingest` first)",
                                 path=url)
            con = duckdb.connect(str(local))
            con.execute(_CATALOGUE_DDL)
            con.register_filesystem(fs)
        except (OSError, duckdb.Error) as error:
            raise StoreError(f"cannot open the workspace: {error}", path=url) from error
        return cls(url, con, cache)

    def location(self, relative: str) -> str:
        return f"{self.url}/{relative}"

    def read_part(self, location: str) -> pa.Table:
        with self.fs.open(location, "rb") as stream:
            return pq.read_table(stream)

    def _new_batch(self, kind: str, key: str) -> Batch:
        return PartWriter(self.url, uuid.uuid4().hex, kind=kind, key=key)

    def _commit(self, batch: Batch) -> None:
        self._uploading = True  # parts the old catalogue lists stay until it is replaced
        try:
            super()._commit(batch)
            self._con.execute("CHECKPOINT")
            self.fs.put(str(self.cache / CATALOGUE), f"{self.base}/{CATALOGUE}")
        except (OSError, duckdb.Error) as error:
            raise StoreError(f"cannot write the catalogue: {error}", path=self.url) from error
        finally:
            self._uploading = False
        self._remove_orphans()

    def _remove_orphans(self) -> None:
        if self._uploading:
            return
        tables = f"{self.base}/tables"
        if not self.fs.exists(tables):
            return
        listed = {f"{self.base}/{row[0]}"
                  for row in self._con.execute("SELECT path FROM parts").fetchall()}
        for file in self.fs.find(tables):
            if file.endswith(".parquet") and file not in listed:
                self.fs.rm(file)


def _cache_dir(url: str) -> Path:
    home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = home / "darkfleet" / "workspaces" / hashlib.sha256(url.encode()).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    return folder
