"""The fast path's word-at-a-time helpers against plain NumPy."""

from __future__ import annotations

import numpy as np

from darkfleet.ingest import _fast_swar as swar


def test_window_matches_slices() -> None:
    buf = np.arange(200, dtype=np.uint8)
    positions = np.array([0, 5, 150, 7, 7])
    got = swar.window(buf, positions, 13)
    assert got.shape == (5, 13)
    assert all((got[k] == buf[p:p + 13]).all() for k, p in enumerate(positions))
    assert swar.window(buf, positions[:0], 13).shape == (0, 13)
