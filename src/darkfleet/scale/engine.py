"""The engine a stage runs on: this process, or a Dask cluster (started here or reached).

Only the wiring lives here; the stage functions are the same for both engines. A local
cluster is started with one single-threaded worker process per `workers` on 127.0.0.1 (each
on one core: `ONE_CORE`) and
stopped when the block ends; a scheduler address connects to a running cluster and leaves it
running.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from darkfleet.errors import DarkfleetError, MissingExtraError
from darkfleet.scale.settings import ScaleSettings

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["ClusterError", "Engine", "dask_client"]

#: The environment of a local cluster's workers: one core each (Polars' thread pool too; Dask
#: already limits OpenMP and BLAS), so that N workers use N cores, not N times all of them.
ONE_CORE = {"POLARS_MAX_THREADS": "1"}


class ClusterError(DarkfleetError):
    """The Dask cluster cannot be started or reached; `address` names the scheduler."""

    def __init__(self, message: str, *, address: str | None = None) -> None:
        self.address = address
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class Engine:
    """Which engine runs a stage: `local`, or `dask` with a scheduler or a local cluster."""

    kind: str = "local"
    workers: int = 2
    scheduler: str = ""
    buckets: int = 0
    screen_chunk: int = 500
    connect_timeout_s: float = 10.0
    window_days: int = 7

    @classmethod
    def of(cls, settings: ScaleSettings, kind: str | None = None, workers: int | None = None,
           scheduler: str | None = None) -> Engine:
        """The engine of the settings, with the command line's choices over them (naming
        workers or a scheduler implies the dask engine)."""
        engine = cls(settings.engine, settings.workers, settings.scheduler, settings.buckets,
                     settings.screen_chunk, window_days=settings.window_days)
        if workers is not None:
            engine = replace(engine, kind="dask", workers=workers)
        if scheduler:
            engine = replace(engine, kind="dask", scheduler=scheduler)
        return replace(engine, kind=kind) if kind else engine

    @property
    def distributed(self) -> bool:
        return self.kind == "dask"

    def partitions(self, client: Client) -> int:
        """MMSI hash buckets (and encounter cell groups): the setting, or four per worker of
        the cluster."""
        if self.buckets:
            return self.buckets
        return 4 * max(1, len(client.scheduler_info(n_workers=-1)["workers"]))


@contextmanager
def dask_client(engine: Engine) -> Iterator[Client]:
    """A client of the engine's cluster; a local cluster is started and stopped around it.

    Raises:
        MissingExtraError: dask is not installed (`darkfleet[scale]`).
        ClusterError: the scheduler cannot be reached, or the local cluster not started.
    """
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError as error:
        raise MissingExtraError("distributed", "scale") from error
    with _quiet("distributed"):
        if engine.scheduler:
            try:
                client = Client(engine.scheduler, timeout=f"{engine.connect_timeout_s}s")
            except (OSError, TimeoutError) as error:
                raise ClusterError(f"cannot reach the Dask scheduler: {error}",
                                   address=engine.scheduler) from error
            with client:
                yield client
            return
        # Dask's statistical profiler samples every task's stack 100 times a second for the
        # dashboard: CPU taken from the tasks (on a machine with a core per worker, from the
        # other worker's), and nobody reads that dashboard's profile in a batch run
        with dask.config.set({"distributed.worker.profile.enabled": False}), LocalCluster(
                n_workers=engine.workers, threads_per_worker=1, processes=True,
                host="127.0.0.1", dashboard_address=":0", scheduler_kwargs={"dashboard": False},
                env=dict(ONE_CORE), silence_logs=logging.ERROR) as cluster, Client(
                cluster) as client:
            yield client


@contextmanager
def _quiet(name: str) -> Iterator[None]:
    """Only warnings of logger `name` in the block (the cluster's chatter is not the user's)."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)
