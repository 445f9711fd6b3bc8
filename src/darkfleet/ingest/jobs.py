"""Jobs of a local process pool that the process consuming them in order may take back.

The ingesting process stores the decoded parts of a file in order while worker processes decode
them. When the part it must store next is not ready, it would wait; it may instead decode a
later part no worker has begun (the last first), but only while its own remaining work (storing
every part from this one on, and that part's decoding) stays below the workers' (the parts left
to them), each estimated from how long storing and decoding a part took so far. So neither the
ingesting process idles while the workers have a queue, nor does it take so much that the
workers finish early and wait for it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future
from typing import Generic, TypeVar

T = TypeVar("T")
log = logging.getLogger(__name__)


class Job(Generic[T]):
    """`call(*args)` submitted to a pool, or run here if taken back before a worker began."""

    def __init__(self, pool: Executor, label: str, call: Callable[..., T], *args: object
                 ) -> None:
        self.label = label
        self.here = False  # run by this process
        self._call, self._args = call, args
        self.future: Future[T] = pool.submit(call, *args)

    def pending(self) -> bool:
        """Whether no worker has begun it (nor this process)."""
        return not (self.here or self.future.running() or self.future.done())

    def take_back(self) -> bool:
        """Run it here if no worker has begun to; whether it did."""
        if not self.future.cancel():
            return False
        log.debug("%s in the ingesting process", self.label)
        self.here, self.future = True, Future()
        try:
            self.future.set_result(self._call(*self._args))
        except Exception as error:  # held as a worker's future would hold it
            self.future.set_exception(error)
        return True


class Balance(Generic[T]):
    """`wait(job)` for each of `jobs` in order, taking later ones back while that balances the
    work between this process and `workers` worker processes."""

    def __init__(self, jobs: Sequence[Job[T]], workers: int) -> None:
        self._jobs = list(jobs)
        self._workers = max(1, workers)
        self._stored: list[float] = []  # seconds between one wait's end and the next's start
        self._decoded: list[float] = []  # seconds each job taken back took
        self._left_at: float | None = None

    def wait(self, job: Job[T]) -> T:
        """`job`'s result, once it is done."""
        if self._left_at is not None:
            self._stored.append(time.perf_counter() - self._left_at)
        after = self._jobs[self._jobs.index(job) + 1:]
        while not job.future.done() and self._worth_taking(len(after) + 1, after):
            began = time.perf_counter()
            last = next((other for other in reversed(after) if other.pending()), None)
            if last is None or not last.take_back():  # a worker began it meanwhile
                break
            self._decoded.append(time.perf_counter() - began)
        try:
            return job.future.result()
        finally:
            self._left_at = time.perf_counter()

    def _worth_taking(self, to_store: int, after: list[Job[T]]) -> bool:
        """Whether taking back one more job leaves this process no more work than the workers:
        storing `to_store` jobs and decoding one, against decoding the others not done."""
        if not any(other.pending() for other in after):
            return False
        store_s = _mean(self._stored, 0.0)  # none stored yet: this process waits anyway
        decode_s = _mean(self._decoded, store_s or 1.0)
        left = sum(1 for other in after if not (other.here or other.future.done()))
        return to_store * store_s + decode_s <= (left - 1) * decode_s / self._workers


def _mean(values: list[float], default: float) -> float:
    return sum(values) / len(values) if values else default
