"""The duplicate filter's window over chunks, against a per-row reference (compiled and NumPy)."""

from __future__ import annotations

import numpy as np
import pytest
from passes import with_and_without

from darkfleet.ingest import recent
from darkfleet.ingest.tables import DuplicateFilter

window_kind = with_and_without(recent, "_crows", None, "numpy")


def reference(chunks: list[np.ndarray], window: int) -> list[bool]:
    """Per row: the same hash came at most `window` rows before (the last occurrence)."""
    last: dict[int, int] = {}
    out = []
    for position, value in enumerate(int(h) for chunk in chunks for h in chunk):
        out.append(value in last and position - last[value] <= window)
        last[value] = position
    return out


@pytest.mark.parametrize(("window", "alphabet"), [(1, 5), (3, 50), (100, 50), (1000, 5000)])
def test_repeats_within_the_window_across_chunks(window: int, alphabet: int) -> None:
    rng = np.random.default_rng(window)
    chunks = [rng.integers(0, alphabet, rng.integers(0, 300)).astype(np.uint64)
              for _ in range(60)]
    duplicates = DuplicateFilter(window)
    found = [bool(x) for chunk in chunks for x in duplicates._repeated(chunk)]
    assert found == reference(chunks, window)
    assert sum(found) > 0


@pytest.mark.parametrize("window", [1, 7, 1000, 40_000])
def test_rare_repeats_of_full_hashes_at_the_window_edge(window: int) -> None:
    """Full 64-bit hashes, repeats planted just inside and just outside the window (also
    across several chunks), chunks of every size from empty to larger than the window."""
    rng = np.random.default_rng(window + 1)
    total = 3 * window + 5000
    values = rng.integers(0, 2**63, total, dtype=np.int64).astype(np.uint64)
    for distance in (1, window - 1, window, window + 1, 2 * window + 3):
        for at in rng.integers(distance, total, 25):
            values[at] = values[at - distance]
    sizes = [0, 1, window, window + 1, 2, 5000, 0]
    cuts, start = [], 0
    while start < total:
        size = sizes[len(cuts) % len(sizes)]
        cuts.append(values[start:start + size])
        start += size
    duplicates = DuplicateFilter(window)
    found = [bool(x) for chunk in cuts for x in duplicates._repeated(chunk)]
    expected = reference(cuts, window)
    assert found == expected
    assert 0 < sum(expected) < total // 2


def test_screening_buckets_shared_by_many_hashes() -> None:
    """With few buckets (a small window) most rows share a bucket with another: they are
    compared exactly, and only equal hashes count."""
    rng = np.random.default_rng(5)
    chunks = [rng.integers(0, 2**63, 3000, dtype=np.int64).astype(np.uint64) for _ in range(6)]
    chunks[3][10] = chunks[3][9]
    chunks[4][0] = chunks[3][2999]
    chunks[5][100] = chunks[4][50]
    duplicates = DuplicateFilter(50)
    found = [bool(x) for chunk in chunks for x in duplicates._repeated(chunk)]
    assert found == reference(chunks, 50)
    assert [i for i, x in enumerate(found) if x] == [9010, 12000]


def test_many_small_steps_kept_together() -> None:
    """A stream's small steps (as in a watch) are kept in a few pieces, with the same answers."""
    rng = np.random.default_rng(9)
    steps = [rng.integers(0, 2**63, rng.integers(0, 6), dtype=np.int64).astype(np.uint64)
             for _ in range(3000)]
    flat = np.concatenate(steps)
    for at in rng.integers(300, len(flat), 60):
        flat[at] = flat[at - rng.integers(1, 300)]
    steps = np.split(flat, np.cumsum([len(step) for step in steps])[:-1])
    duplicates = DuplicateFilter(250)
    found = [bool(x) for step in steps for x in duplicates._repeated(step)]
    expected = reference(steps, 250)
    assert found == expected
    assert 20 < sum(expected) <= 60
    if recent._crows is None:  # the NumPy window keeps a few pieces
        assert len(duplicates._recent._chunks) <= 3
    else:  # the compiled one two tables of a fixed size
        assert duplicates._recent._tables.shape == (2, 1024, 2)
