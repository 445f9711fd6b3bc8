"""Jobs taken back by the process that waits for them, within the balance of the work."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from darkfleet.ingest.jobs import Balance, Job


def _work(index: int, started: threading.Event) -> int:
    if index == 0:  # the pool's one worker is busy with this until a later job runs here
        assert started.wait(10)
    if index == 2:
        started.set()
    return index


def test_later_jobs_are_taken_back_from_the_end_while_the_first_is_awaited():
    started = threading.Event()
    with ThreadPoolExecutor(1) as pool:
        jobs = [Job(pool, f"job {i}", _work, i, started) for i in range(6)]
        balance = Balance(jobs, 1)
        assert [balance.wait(job) for job in jobs] == [0, 1, 2, 3, 4, 5]
    # nothing measured yet: jobs 5, 4, 3, 2 taken back (each as long as the others left to
    # the worker), job 1 left to it
    assert [job.here for job in jobs] == [False, False, True, True, True, True]


def _fails(index: int) -> int:
    if index == 2:
        raise ValueError("job 2 failed")
    return index


def test_a_job_taken_back_that_fails_raises_when_awaited():
    gate = threading.Event()
    with ThreadPoolExecutor(1) as pool:
        blocker = pool.submit(gate.wait, 10)
        jobs = [Job(pool, f"job {i}", _fails, i) for i in range(3)]
        balance = Balance(jobs, 1)
        taken = jobs[2].take_back()
        gate.set()
        assert taken and blocker.result()
        assert [balance.wait(job) for job in jobs[:2]] == [0, 1]
        with pytest.raises(ValueError, match="job 2 failed"):
            balance.wait(jobs[2])
    assert not jobs[0].take_back()  # done: nothing to take back
