"""The duplicate filter's window over chunks, against a per-row reference."""

from __future__ import annotations

import numpy as np
import pytest

from darkfleet.ingest.tables import DuplicateFilter


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
