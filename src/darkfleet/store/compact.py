"""Compaction: the small parts of each day of a table merged into one.

Every batch writes its own Parquet parts, so a workspace fed by many small batches (a live
watch commits every few seconds; an archive of many small files) collects thousands of small
files per day, and every read opens them all. `compact` rewrites, per day, the parts of fewer
than `small_rows` rows as one part (in catalogue order, each part's rows in their order), in
one batch of kind `compact`: readers see the old parts or the new one, never both, nothing is
lost on a failure, and the rows are exactly those before. Large parts are left as they are, so
memory stays bounded by `small_rows` rows per merged group.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

import pyarrow as pa

from darkfleet.errors import StoreError
from darkfleet.store.workspace import Workspace

BATCH_KIND = "compact"
SMALL_ROWS = 1_000_000


@dataclass(frozen=True, slots=True)
class Compacted:
    """What a compaction did, per table: parts before and after, rows moved."""

    parts_before: dict[str, int]
    parts_after: dict[str, int]
    rows_moved: dict[str, int]

    @property
    def parts_removed(self) -> int:
        return sum(self.parts_before.values()) - sum(self.parts_after.values())


def compact(workspace: Workspace, tables: Sequence[str], *,
            small_rows: int = SMALL_ROWS) -> Compacted:
    """Merge the small parts of each day of `tables` (see the module doc); a table or a day
    with fewer than two small parts is left alone, and nothing is committed when there is
    nothing to merge.

    Raises:
        StoreError: a part cannot be read, or the parts of a day do not share a schema (the
            workspace is left as it was).
    """
    parts = {name: workspace.part_rows(name) for name in tables if workspace.has_table(name)}
    plan = {name: _groups(rows, small_rows) for name, rows in parts.items()}
    before = {name: len(rows) for name, rows in parts.items()}
    if not any(plan.values()):
        return Compacted(before, dict(before), {name: 0 for name in plan})
    moved: dict[str, int] = {}
    with workspace.batch(BATCH_KIND, f"compact:{','.join(plan)}:{uuid.uuid4().hex}") as batch:
        for name, groups in plan.items():
            moved[name] = 0
            for day, paths in groups:
                table = _merged(workspace, paths)
                batch.add_day(name, day, table)
                for path in paths:
                    batch.drop(name, path)
                moved[name] += table.num_rows
        batch.report = {"parts_before": before, "rows_moved": moved}
    after = {name: len(workspace.part_rows(name)) for name in plan}
    return Compacted(before, after, moved)


def _groups(parts: list[tuple[str, str, int]], small_rows: int
            ) -> list[tuple[str, list[str]]]:
    """Per day, the small parts (in catalogue order) in groups of at most `small_rows` rows;
    only groups of two parts or more."""
    found = []
    for day, same_day in groupby(parts, key=lambda part: part[0]):
        group: list[str] = []
        rows = 0
        for _, path, n in same_day:
            if n >= small_rows:
                continue
            if group and rows + n > small_rows:
                found.append((day, group))
                group, rows = [], 0
            group.append(path)
            rows += n
        found.append((day, group))
    return [(day, group) for day, group in found if len(group) > 1]


def _merged(workspace: Workspace, paths: list[str]) -> pa.Table:
    tables = []
    for path in paths:
        try:
            tables.append(workspace.read_part(workspace.location(path)))
        except (OSError, pa.ArrowException) as error:
            raise StoreError(f"cannot read a part to compact: {error}", path=path) from error
    try:
        return pa.concat_tables(tables, promote_options="default")
    except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
        raise StoreError(f"cannot merge the parts of a day: {error}", path=paths[0]) from error
