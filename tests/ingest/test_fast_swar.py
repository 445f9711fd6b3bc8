"""The fast path's word-at-a-time helpers against plain NumPy."""

from __future__ import annotations

import numpy as np
import pytest

from darkfleet.ingest import _fast_swar as swar


@pytest.mark.parametrize("size", [8, 17, 64, 1000, 4099])
def test_xor_of_ranges_matches_bytewise_xor(size: int) -> None:
    rng = np.random.default_rng(size)
    buf = rng.integers(0, 256, size, dtype=np.uint8)
    limit = size // 8 * 8
    begins = rng.integers(0, limit, 2000)
    ends = np.maximum(begins, rng.integers(0, limit + 1, 2000))
    expected = [int(np.bitwise_xor.reduce(buf[b:e], initial=0)) for b, e in zip(begins, ends,
                                                                                  strict=True)]
    assert swar.xor_of_ranges(buf, begins, ends).tolist() == expected


def test_window_matches_slices() -> None:
    buf = np.arange(200, dtype=np.uint8)
    positions = np.array([0, 5, 150, 7, 7])
    got = swar.window(buf, positions, 13)
    assert got.shape == (5, 13)
    assert all((got[k] == buf[p:p + 13]).all() for k, p in enumerate(positions))
    assert swar.window(buf, positions[:0], 13).shape == (0, 13)
