"""The loaded lists in a workspace: current entries, versions loaded, designation history.

Tables (Parquet, undated partition):

* `list_entries`: every entry of the latest loaded version of each list (the parsed cache: a
  screen never parses list files again).
* `list_versions`: one row per loaded version: list, version date, source files, counts.
* `designations`: what each newer version changed against the one loaded before it: entries
  `added`, `removed` or `changed` (names, identifiers or programmes).

A load is one workspace batch: every table changes together or not at all, and a new version
that looks broken (empty, or much shorter than the one in use) is refused before anything is
written (`update_guard`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from darkfleet.screening.formats import read_lists
from darkfleet.screening.model import ListEntry, SanctionsList
from darkfleet.screening.query import entry_rows
from darkfleet.screening.settings import ScreeningSettings
from darkfleet.screening.update_guard import check_update
from darkfleet.store import Workspace
from darkfleet.store.stage_tables import DESIGNATIONS, LIST_ENTRIES, LIST_VERSIONS

_ENTRY_FIELDS = [f.name for f in fields(ListEntry)]


@dataclass(frozen=True, slots=True)
class LoadReport:
    """What a load did: the lists stored, the designation changes, the files' warnings; or
    `already_loaded` when these exact files were loaded before (then nothing is done)."""

    lists: tuple[SanctionsList, ...]
    changes: tuple[dict[str, Any], ...]
    warnings: tuple[str, ...]
    already_loaded: bool = False


def load_list_files(ws: Workspace, paths: Sequence[Path], list_date: str | None = None, *,
                    settings: ScreeningSettings | None = None,
                    allow_shrink: bool = False) -> LoadReport:
    """Parse list files and store them in one batch (see `read_lists` and `store_lists`).

    Raises:
        ScreeningError: a file is unreadable, of unknown format, malformed or undated
            (nothing stored).
        ListUpdateRefused: a list is empty or shrinks by more than `max_shrink` (nothing
            stored; `allow_shrink` overrides).
        UsageError: an `alt.csv` without its `sdn.csv`.
    """
    key = files_key(paths, list_date)
    if ws.has_batch(key):
        return LoadReport((), (), (), already_loaded=True)
    warnings: list[str] = []
    lists = read_lists(paths, list_date, warnings)
    current = _latest_versions(ws)
    if not allow_shrink:
        check_update(lists, {name: row["entries"] for name, row in current.items()},
                     (settings or ScreeningSettings()).max_shrink)
    warnings += [f"{x.list} {x.version} is older than the loaded {current[x.list]['version']}: "
                 "it becomes the current version, and its changes are recorded against it"
                 for x in lists if x.list in current and x.version < current[x.list]["version"]]
    changes = store_lists(ws, lists, key)
    return LoadReport(tuple(lists), tuple(changes), tuple(warnings))


def files_key(paths: Sequence[Path], list_date: str | None) -> str:
    """The batch key of a load: SHA-256 of the files' bytes (and the date given, if any)."""
    digest = hashlib.sha256((list_date or "").encode())
    for path in sorted(paths, key=lambda p: p.name):
        digest.update(path.read_bytes())
    return "lists:" + digest.hexdigest()


def _entries_table(lists: Sequence[SanctionsList]) -> pa.Table:
    rows = [{"version": lst.version, **e.to_record(), "name_kinds": list(e.name_kinds)}
            for lst in lists for e in lst.entries]
    for row in rows:
        row["length_m"] = None if row["length_m"] is None else float(row["length_m"])
    return pa.Table.from_pylist(rows, schema=LIST_ENTRIES)


def _entry(row: dict[str, Any]) -> ListEntry:
    """An entry from a `list_entries` row (columns added since it was stored are absent)."""
    values = {name: row[name] for name in _ENTRY_FIELDS if name in row}
    for name in ("names", "name_kinds", "programs", "linked_to", "link_kinds", "former_flags"):
        values[name] = tuple(values.get(name) or ())
    return ListEntry(**values)


def load_lists(ws: Workspace, *, vessels_only: bool = False) -> list[SanctionsList]:
    """The latest loaded version of every list in the workspace (empty when none); with
    `vessels_only`, only their vessel entries (all a screen needs, and quicker to read)."""
    if not ws.has_table("list_entries"):
        return []
    versions = _latest_versions(ws)
    by_list: dict[str, list[ListEntry]] = {}
    for row in entry_rows(ws, vessels_only=vessels_only):
        by_list.setdefault(row["list"], []).append(_entry(row))
    return [SanctionsList(name, version["version"], version["source"], version["format"],
                          tuple(by_list.get(name, [])))
            for name, version in sorted(versions.items())]


def _latest_versions(ws: Workspace) -> dict[str, dict[str, Any]]:
    if not ws.has_table("list_versions"):
        return {}
    latest: dict[str, dict[str, Any]] = {}
    for row in ws.read("list_versions").sort_by("loaded_at").to_pylist():
        latest[row["list"]] = row
    return latest


def _changes(old: SanctionsList | None, new: SanctionsList) -> list[dict[str, Any]]:
    if old is None:
        return []
    before = {e.id: e for e in old.entries}
    after = {e.id: e for e in new.entries}
    rows: list[dict[str, Any]] = []
    for entry_id in sorted(set(before) | set(after)):
        first, second = before.get(entry_id), after.get(entry_id)
        if first is not None and second is not None and _same(first, second):
            continue
        change = "added" if first is None else "removed" if second is None else "changed"
        entry = second or first
        assert entry is not None
        rows.append({"list": new.list, "id": entry_id, "name": entry.name, "kind": entry.kind,
                     "change": change, "version": new.version,
                     "previous_version": old.version})
    return rows


def _same(first: ListEntry, second: ListEntry) -> bool:
    return (set(first.names), first.imo, first.mmsi, set(first.programs)) == (
        set(second.names), second.imo, second.mmsi, set(second.programs))


def store_lists(ws: Workspace, lists: Sequence[SanctionsList], key: str) -> list[dict[str, Any]]:
    """Make `lists` the current version of their lists in one batch; returns the changes.

    Lists not named in `lists` keep their current entries.
    """
    current = {lst.list: lst for lst in load_lists(ws)}
    changes: list[dict[str, Any]] = []
    for new in lists:
        changes += _changes(current.get(new.list), new)
        current[new.list] = new
    now = datetime.now(UTC)
    versions = [{"list": x.list, "version": x.version, "source": x.source, "format": x.format,
                 "entries": len(x.entries), "vessels": len(x.vessels()), "loaded_at": now}
                for x in lists]
    with ws.batch("lists", key) as batch:
        batch.replace("list_entries")
        batch.add("list_entries", _entries_table(list(current.values())), day_column=None)
        batch.add("list_versions", pa.Table.from_pylist(versions, schema=LIST_VERSIONS),
                  day_column=None)
        batch.add("designations", pa.Table.from_pylist(changes, schema=DESIGNATIONS),
                  day_column=None)
        batch.report = {"lists": [{k: v for k, v in x.items() if k != "loaded_at"}
                                  for x in versions], "changes": len(changes)}
    return changes


def list_versions(ws: Workspace) -> list[dict[str, Any]]:
    """Every loaded version, oldest first."""
    if not ws.has_table("list_versions"):
        return []
    rows: list[dict[str, Any]] = ws.read("list_versions").sort_by("loaded_at").to_pylist()
    return rows


def designation_history(ws: Workspace, list_name: str | None = None) -> list[dict[str, Any]]:
    """The recorded additions, removals and changes, by version then list and id."""
    if not ws.has_table("designations"):
        return []
    rows = ws.read("designations").to_pylist()
    rows = [r for r in rows if list_name is None or r["list"] == list_name]
    return sorted(rows, key=lambda r: (r["version"], r["list"], r["change"], r["id"]))
