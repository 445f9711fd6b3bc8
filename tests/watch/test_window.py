"""The sliding window: thinning that never delays an entry, trimming, coverage by cell."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl

from darkfleet.watch import WatchSettings
from darkfleet.watch.window import POSITION_SCHEMA, SlidingWindow

T0 = datetime(2026, 1, 10, tzinfo=UTC)


def fixes(mmsi: int, seconds: list[int], lon: float = 130.0) -> pl.DataFrame:
    rows = [(mmsi, T0 + timedelta(seconds=s), "vessel", 42.0, lon + s * 1e-4, 10.0, 90.0, "test")
            for s in seconds]
    return pl.DataFrame(rows, schema=POSITION_SCHEMA, orient="row")


def window(**settings: float) -> SlidingWindow:
    return SlidingWindow(WatchSettings(**settings), cell_deg=0.5)  # type: ignore[arg-type]


def test_thinning_keeps_one_fix_per_step_and_every_entry() -> None:
    win = window(window_min_step_s=10)
    win.relevant = {1}
    win.inside = lambda f: f.get_column("lon") >= 130.0014  # "inside" from t=14 s
    empty = pl.DataFrame(schema={"mmsi": pl.Int64, "ts": pl.Datetime("ms", "UTC")})
    win.add(fixes(1, list(range(0, 12, 2))), empty)
    win.add(fixes(1, list(range(12, 22, 2))), empty)
    positions, _ = win.frames()
    kept = [int((t - T0).total_seconds()) for t in positions.get_column("ts")]
    assert kept == [0, 10, 14, 20]


def test_the_window_drops_what_is_older_than_window_h_and_remembers_who_left() -> None:
    win = window(window_h=1.0, window_min_step_s=0)
    win.relevant = {1, 2}
    empty = pl.DataFrame(schema={"mmsi": pl.Int64, "ts": pl.Datetime("ms", "UTC")})
    both = pl.concat([fixes(1, [0, 600]), fixes(2, [3000, 7000])])
    win.hear(both)
    win.add(both, empty)
    positions, _ = win.frames()
    assert positions.get_column("ts").to_list() == [T0 + timedelta(seconds=7000)]
    assert win.trimmed == {1, 2}


def test_coverage_is_the_last_time_anyone_was_heard_around_a_place() -> None:
    win = window()
    win.hear(pl.concat([fixes(1, [0, 60]), fixes(2, [120], lon=140.0)]))
    heard_ms = int((T0 + timedelta(seconds=60)).timestamp() * 1000)
    assert win.heard_near(42.1, 130.2) == heard_ms
    assert win.heard_near(42.0, 135.0) == -1
