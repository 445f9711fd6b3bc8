"""`darkfleet detections load`: detections files into the workspace (the I/O adapter).

Lenient by default, as AIS ingest is: a bad row is quarantined (table `quarantine`: file, line,
reason, raw) and counted by reason, and the good rows are stored (`detection_rows`, partitioned by
day). Counts add up: `rows == loaded + quarantined`. A detection id already in the workspace is
quarantined as `duplicate_detection_id`. A file is keyed by the SHA-256 of its bytes, so loading
it again adds nothing. With `strict`, the first bad row stops the file and nothing of it is kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from darkfleet.errors import InputError
from darkfleet.imagery.layouts import recognise
from darkfleet.imagery.readers import open_detections
from darkfleet.imagery.rows import DETECTIONS, BadRow, parse_row
from darkfleet.ingest.file_keys import file_sha256
from darkfleet.store.schema import QUARANTINE
from darkfleet.store.workspace import Workspace
from darkfleet.timefmt import iso_utc

BATCH_KIND = "detections"
TABLE = "detection_rows"


@dataclass(frozen=True, slots=True)
class LoadReport:
    """What loading one detections file did."""

    path: str
    format: str
    layout: str
    rows: int
    loaded: int
    quarantined: int
    first_ts: str | None
    last_ts: str | None
    quarantined_by_reason: dict[str, int] = field(default_factory=dict)
    already_loaded: bool = False

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def load_detections(paths: Sequence[Path], workspace: Workspace, *, source: str | None = None,
                    mapping: Mapping[str, str] | None = None, strict: bool = False,
                    parse: Callable[[list[Path]], Iterable[ParsedFile]] | None = None
                    ) -> list[LoadReport]:
    """Load detections files into `workspace`; one report per file.

    `parse` reads the files not loaded before (`parse_file` on each, in order, by default; on
    a cluster's workers, say); the rows are settled and stored here in the files' order.

    Raises:
        InputError: a file is unreadable or in no recognised layout; with `strict`, the first
            bad row (names file, line and reason).
    """
    files = [Path(p) for p in paths]
    keys = [f"sha256:{file_sha256(str(path))}:detections" for path in files]
    fresh = [path for path, key in zip(files, keys, strict=True) if not workspace.has_batch(key)]
    parsed = iter((parse or _parse_each(source, mapping))(fresh))
    return [_earlier(workspace, key, path) if workspace.has_batch(key) else
            _store(next(parsed), key, workspace, strict) for path, key in zip(files, keys,
                                                                               strict=True)]


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """One detections file read and parsed: each row's line, row or bad-row reason, and text."""

    path: str
    format: str
    layout: str
    rows: list[tuple[int, dict[str, Any] | None, str | None, str]]


def parse_file(path: Path, source: str | None, mapping: Mapping[str, str] | None
               ) -> ParsedFile:
    """Read and parse one file (no duplicate check, never strict: `_settle` does both).

    Raises:
        InputError: the file is unreadable or in no recognised layout.
    """
    opened = open_detections(path)
    layout = recognise(opened.columns, mapping, str(opened.path))
    rows: list[tuple[int, dict[str, Any] | None, str | None, str]] = []
    for raw in opened.rows:
        try:
            if raw.reason:
                raise BadRow(raw.reason)
            rows.append((raw.line, parse_row(raw.values, layout, source), None, raw.text))
        except BadRow as error:
            rows.append((raw.line, None, error.reason, raw.text))
    return ParsedFile(str(opened.path), opened.format, layout.name, rows)


def _parse_each(source: str | None, mapping: Mapping[str, str] | None
                ) -> Callable[[list[Path]], Iterator[ParsedFile]]:
    return lambda paths: (parse_file(path, source, mapping) for path in paths)


def _earlier(workspace: Workspace, key: str, path: Path) -> LoadReport:
    earlier = workspace.batch_report(key) or {}
    known = {k: v for k, v in earlier.items() if k in LoadReport.__dataclass_fields__}
    return LoadReport(**{**known, "path": str(path), "already_loaded": True})


def _store(parsed: ParsedFile, key: str, workspace: Workspace, strict: bool) -> LoadReport:
    good, bad = _settle(parsed, _known_ids(workspace), strict)
    table = pa.Table.from_pylist(good, schema=DETECTIONS)
    report = _report(Path(parsed.path), parsed.format, parsed.layout, table, bad)
    with workspace.batch(BATCH_KIND, key) as batch:
        batch.add(TABLE, table)
        batch.add("quarantine", pa.Table.from_pylist(bad, schema=QUARANTINE), day_column=None)
        batch.report = report.to_json()
    return report


def _settle(parsed: ParsedFile, seen: set[str], strict: bool
            ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Good rows and quarantined ones, in line order: bad rows, and ids already seen."""
    good: list[dict[str, Any]] = []
    bad: list[dict[str, Any]] = []
    name = parsed.path
    for line, row, reason, text in parsed.rows:
        if row is not None and row["detection_id"] in seen:
            reason = "duplicate_detection_id"
        if reason is not None:
            if strict:
                raise InputError(f"bad detection row: {reason}", path=name, line=line)
            bad.append({"file": name, "line": line, "reason": reason, "raw": text})
            continue
        assert row is not None
        seen.add(row["detection_id"])
        good.append({**row, "file": name, "line": line})
    return good, bad


def _known_ids(workspace: Workspace) -> set[str]:
    if not workspace.has_table(TABLE):
        return set()
    return set(workspace.read(TABLE, ["detection_id"])["detection_id"].to_pylist())


def _report(path: Path, fmt: str, layout: str, table: pa.Table,
            bad: list[dict[str, Any]]) -> LoadReport:
    times = table["ts"].to_pylist() if table.num_rows else []
    reasons = Counter(row["reason"] for row in bad)
    return LoadReport(str(path), fmt, layout, table.num_rows + len(bad), table.num_rows,
                      len(bad), iso_utc(min(times)) if times else None,
                      iso_utc(max(times)) if times else None, dict(sorted(reasons.items())))
