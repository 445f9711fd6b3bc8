"""Servers the tests start as separate processes on 127.0.0.1, and stop."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from distributed import Client

BIN = Path(sys.executable).parent


@contextmanager
def local_cluster() -> Iterator[Client]:
    """A `LocalCluster` of two single-threaded worker processes on 127.0.0.1, and its client."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=":0", scheduler_kwargs={"dashboard": False}) as cluster, \
            Client(cluster) as client:
        yield client


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def started(*commands: list[str]) -> Iterator[list[subprocess.Popen[bytes]]]:
    """Run `commands` as processes until the block ends (then terminate them)."""
    running = [subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
               for c in commands]
    try:
        yield running
    finally:
        for process in running:
            process.terminate()
        for process in running:
            process.wait(timeout=20)


@contextmanager
def dask_cluster(workers: int) -> Iterator[str]:
    """A `dask scheduler` and `workers` `dask worker` processes; yields the scheduler address."""
    address = f"tcp://127.0.0.1:{free_port()}"
    scheduler = [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port",
                 address.rsplit(":", 1)[1], "--no-dashboard"]
    worker = [str(BIN / "dask"), "worker", address, "--host", "127.0.0.1", "--nthreads", "1",
              "--no-dashboard"]
    with started(scheduler):
        _wait_for_workers(address, 0)
        with started(*[worker] * workers):
            _wait_for_workers(address, workers)
            yield address


def _wait_for_workers(address: str, count: int, timeout_s: float = 60.0) -> None:
    from distributed import Client

    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with Client(address, timeout="5s") as client:
                if count:
                    client.wait_for_workers(count, timeout=max(deadline - time.monotonic(), 1))
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@contextmanager
def moto_server() -> Iterator[str]:
    """An S3-compatible server (moto) on 127.0.0.1; yields its endpoint URL."""
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    with started([str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)]):
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{endpoint}/moto-api/data.json") as answer:
                    json.load(answer)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield endpoint
