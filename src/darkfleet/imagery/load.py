"""`darkfleet detections load`: detections files into the workspace (the I/O adapter).

Lenient by default, as AIS ingest is: a bad row is quarantined (table `quarantine`: file, line,
reason, raw) and counted by reason, and the good rows are stored (`detection_rows`, partitioned by
day). Counts add up: `rows == loaded + quarantined`. A detection id already in the workspace is
quarantined as `duplicate_detection_id`. A file is keyed by the SHA-256 of its bytes, so loading
it again adds nothing. With `strict`, the first bad row stops the file and nothing of it is kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from darkfleet.errors import InputError
from darkfleet.imagery.layouts import recognise
from darkfleet.imagery.readers import DetectionsFile, open_detections
from darkfleet.imagery.rows import DETECTIONS, BadRow, parse_row
from darkfleet.ingest.reader import file_sha256
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
                    mapping: Mapping[str, str] | None = None,
                    strict: bool = False) -> list[LoadReport]:
    """Load detections files into `workspace`; one report per file.

    Raises:
        InputError: a file is unreadable or in no recognised layout; with `strict`, the first
            bad row (names file, line and reason).
    """
    return [_load_one(Path(p), workspace, source, mapping, strict) for p in paths]


def _load_one(path: Path, workspace: Workspace, source: str | None,
              mapping: Mapping[str, str] | None, strict: bool) -> LoadReport:
    key = f"sha256:{file_sha256(str(path))}:detections"
    if workspace.has_batch(key):
        earlier = workspace.batch_report(key) or {}
        known = {k: v for k, v in earlier.items() if k in LoadReport.__dataclass_fields__}
        return LoadReport(**{**known, "path": str(path), "already_loaded": True})
    opened = open_detections(path)
    seen = _known_ids(workspace)
    good, bad, layout = _read(opened, source, mapping, strict, seen)
    table = pa.Table.from_pylist(good, schema=DETECTIONS)
    report = _report(path, opened.format, layout, table, bad)
    with workspace.batch(BATCH_KIND, key) as batch:
        batch.add(TABLE, table)
        batch.add("quarantine", pa.Table.from_pylist(bad, schema=QUARANTINE), day_column=None)
        batch.report = report.to_json()
    return report


def _read(opened: DetectionsFile, source: str | None, mapping: Mapping[str, str] | None,
          strict: bool, seen: set[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]], str]:
    layout = recognise(opened.columns, mapping, str(opened.path))
    good: list[dict[str, Any]] = []
    bad: list[dict[str, Any]] = []
    name = str(opened.path)
    for raw in opened.rows:
        try:
            if raw.reason:
                raise BadRow(raw.reason)
            row = parse_row(raw.values, layout, source)
            if row["detection_id"] in seen:
                raise BadRow("duplicate_detection_id")
        except BadRow as error:
            if strict:
                raise InputError(f"bad detection row: {error.reason}", path=name,
                                 line=raw.line) from error
            bad.append({"file": name, "line": raw.line, "reason": error.reason, "raw": raw.text})
            continue
        seen.add(row["detection_id"])
        good.append({**row, "file": name, "line": raw.line})
    return good, bad, layout.name


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
