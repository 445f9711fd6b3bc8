"""Detection on a Dask cluster: buckets of vessels by time windows, encounters by cell groups.

The graph (the tasks in darkfleet.scale.detect_window and darkfleet.scale.detect_finish):

1. window (b, w): bucket b over window w, continuing window w - 1 of the same bucket; it
   writes its track points and hands on the encounter bins of each cell group;
2. pairs (w, g): the encounter pairs of cell group g in window w, from every bucket's bins;
3. early gaps (b), early reach (b, k): once bucket b's windows are done, its gaps closed before
   the last window, judged with every bucket's coverage of the windows before it, and their
   reach in `EARLY_REACH_PARTS` tasks;
4. context: the end, coverage spans and receivers' coverage of all buckets;
5. encounters (b): the encounter events of bucket b's pairs;
6. finish (b): bucket b's events, voyages and vessels, written as parts.

Every task reads its own partition and writes its own parts; the client only gathers their
receipts (parts, counts, costs) and commits the one batch that makes `track_points`,
`events`, `voyages` and `vessels` visible together. A failed run leaves the workspace as it
was. The results are those of `darkfleet.events.detect` in one process.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from darkfleet.events.detection import DetectSummary
from darkfleet.events.ports import PortRegistry
from darkfleet.events.query import DETECT_KIND
from darkfleet.events.settings import DetectSettings
from darkfleet.events.voyages import ExtraReasons
from darkfleet.scale.detect_finish import (
    Finished,
    FinishJob,
    PairJob,
    bucket_encounters,
    bucket_pairs,
    context_of,
    early_gaps,
    early_reach,
    early_receipt,
    finish_bucket,
    pair_cells,
    paired_receipt,
    summary,
)
from darkfleet.scale.detect_window import (
    Receipt,
    WindowJob,
    detect_window,
    window_bins,
    window_heard,
    window_receipt,
)
from darkfleet.scale.partitions import DayParts, windows
from darkfleet.store.object_workspace import ObjectWorkspace
from darkfleet.store.workspace import Workspace
from darkfleet.tracks.io import dated_days

if TYPE_CHECKING:
    from distributed import Client, Future

DETECTED = ("track_points", "events", "voyages", "vessels")
#: Tasks a bucket's early reach is split into (a bucket's is the largest piece of work left
#: when the windows end; smaller pieces share out evenly over the workers).
EARLY_REACH_PARTS = 4


def detect_distributed(workspace: Workspace, settings: DetectSettings, ports: PortRegistry,
                       client: Client, buckets: int,
                       extra_reasons: ExtraReasons | None = None,
                       progress: Callable[[str], None] | None = None,
                       on_cost: Callable[[Receipt], None] | None = None,
                       window_days: int = 7) -> DetectSummary:
    """`darkfleet.events.detect` on the cluster of `client`, the vessels in `buckets` MMSI
    hash buckets (and the encounter cells in as many groups), the days in windows of
    `window_days`; the same rows in every table. `on_cost` sees every task's receipt.

    Raises:
        StoreError: nothing was ingested, or a partition is unreadable.
    """
    from distributed import as_completed

    days = dated_days(workspace)
    plan = windows(_day_parts(workspace, days), window_days)
    root = workspace.url if isinstance(workspace, ObjectWorkspace) else str(workspace.path)
    with workspace.batch(DETECT_KIND, f"detect:{uuid.uuid4().hex}") as batch:
        for table in DETECTED:
            batch.replace(table)
        graph = _Graph(client, root, batch.id, buckets, settings)
        watched = graph.submit(plan, ports, extra_reasons)
        receipts: list[Receipt] = []
        finished: list[Finished] = []
        for future in as_completed(watched):
            result = future.result()
            receipt = result.receipt if isinstance(result, Finished) else result
            if isinstance(result, Finished):
                finished.append(result)
            receipts.append(receipt)
            if progress:
                progress(f"{receipt.stage} {receipt.bucket}" + (
                    f" of window {receipt.window}" if receipt.window >= 0 else ""))
            if on_cost:
                on_cost(receipt)
        receipts.sort(key=lambda r: (r.stage, r.bucket, r.window))
        for receipt in receipts:
            batch.parts.extend(receipt.parts)
    return _summary(len(days), receipts, finished)


class _Graph:
    """Submits the tasks of one run (see the module doc)."""

    def __init__(self, client: Client, root: str, batch_id: str, buckets: int,
                 settings: DetectSettings) -> None:
        self.client = client
        self.root = root
        self.batch_id = batch_id
        self.buckets = buckets
        self.settings = settings

    def _submit(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Future[Any]:
        return self.client.submit(function, *args, pure=False, **kwargs)

    def submit(self, plan: list[tuple[DayParts, ...]], ports: PortRegistry,
               extra_reasons: ExtraReasons | None) -> list[Future[Any]]:
        """Every task; returns the futures of the receipts and of the finishes."""
        n, s = self.buckets, self.settings
        # the registry goes with each task that needs it (0.3 MB): a task depending on a
        # future of it would first go where that future is, and wait for work stealing
        outs: dict[tuple[int, int], Future[Any]] = {}
        for b in range(n):
            before = None
            for w, days in enumerate(plan):
                job = WindowJob(self.root, self.batch_id, b, n, w, n, days, s)
                before = outs[b, w] = self._submit(detect_window, job, before, ports=ports)
        paired = {(w, g): self._submit(pair_cells, PairJob(w, g, n, n, s),
                                       *[self._submit(window_bins, outs[b, w], g)
                                         for b in range(n)])
                  for w in range(len(plan)) for g in range(n)}
        last = [outs[b, len(plan) - 1] for b in range(n)]
        context: Future[Any] = self._submit(context_of, s, *[self._submit(summary, out)
                                                        for out in last])
        pairs = [[self._submit(bucket_pairs, p, b) for p in paired.values()] for b in range(n)]
        met = [self._submit(bucket_encounters, s, context, *pairs[b]) for b in range(n)]
        jobs = [FinishJob(self.root, self.batch_id, b, n, s) for b in range(n)]
        gaps, early = self._early(plan, outs, jobs, ports)
        finishes = [self._submit(finish_bucket, jobs[b], last[b], context, pairs[b],
                                 met[:b] + met[b + 1:], early[b], ports=ports,
                                 extra_reasons=extra_reasons, judged=gaps[b] if gaps else None)
                    for b in range(n)]
        return ([self._submit(window_receipt, out) for out in outs.values()]
                + [self._submit(paired_receipt, p) for p in paired.values()]
                + [self._submit(early_receipt, e) for e in [*gaps, *(e for b in early for e in b)]]
                + finishes)

    def _early(self, plan: list[tuple[DayParts, ...]], outs: dict[tuple[int, int], Future[Any]],
               jobs: list[FinishJob], ports: PortRegistry
               ) -> tuple[list[Future[Any]], list[list[Future[Any]]]]:
        """Every bucket's early gaps, and the parts of its early reach (none with a single
        window)."""
        if len(plan) < 2:
            return [], [[] for _ in jobs]
        before = datetime.fromisoformat(plan[-1][0].day).replace(tzinfo=UTC)
        heard = [self._submit(window_heard, outs[b, w])
                 for w in range(len(plan) - 1) for b in range(self.buckets)]
        gaps = [self._submit(early_gaps, job, outs[job.bucket, len(plan) - 1], before, *heard)
                for job in jobs]
        return gaps, [[self._submit(early_reach, job, gaps[job.bucket], k, EARLY_REACH_PARTS,
                                    ports) for k in range(EARLY_REACH_PARTS)] for job in jobs]


def _summary(days: int, receipts: list[Receipt], finished: list[Finished]) -> DetectSummary:
    counts: dict[str, int] = {}
    for one in finished:
        for kind, n in one.events.items():
            counts[kind] = counts.get(kind, 0) + n
    return DetectSummary(days, sum(r.positions for r in receipts if r.stage == "window"),
                         sum(f.vessels for f in finished), dict(sorted(counts.items())),
                         sum(f.voyages for f in finished),
                         sum(f.watched_voyages for f in finished))


def _day_parts(workspace: Workspace, days: list[str]) -> list[DayParts]:
    positions = _by_day(workspace, "positions")
    statics = _by_day(workspace, "static_reports") if workspace.has_table(
        "static_reports") else {}
    return [DayParts(day, tuple(positions.get(day, [])), tuple(statics.get(day, [])))
            for day in days]


def _by_day(workspace: Workspace, table: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for day, where in workspace.part_locations(table):
        found.setdefault(day, []).append(where)
    return found
