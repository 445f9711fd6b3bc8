"""A short soak (10 s at 2,000 lines/s, bounded) of a real watch process: it keeps up (lag
under 2 s), raises every entry of a listed vessel within 5 s, and commits every message.
The full 2-minute soak at 10,000 messages/s is `benchmarks/bench_watch.py`."""

from __future__ import annotations

from pathlib import Path

from soak import background, entries, run_soak
from watch_helpers import free_port

from darkfleet.screening import load_lists
from darkfleet.store import Workspace

LISTED = [(9179842, "ANGARA"), (8517839, "MARIA"), (9358010, "MAIA-1"), (9161003, "LADY R"),
          (9743033, "SPARTA IV")]


def test_a_short_soak_keeps_up_and_raises_every_entry(workspace: Path) -> None:
    with Workspace.open(workspace) as ws:
        imos = {e.imo for x in load_lists(ws, vessels_only=True) for e in x.entries}
    assert {imo for imo, _ in LISTED} <= imos
    result = run_soak(workspace, 2000, 10.0, entries(LISTED), background(200, 10), free_port(),
                      approach_s=1.0)
    assert result.returncode == 0, result.stderr
    assert sorted(a["rule"] for a in result.alerts) == ["listed-vessel-in-watched-port"] * 5
    assert len(result.latencies_s) == 5 and max(result.latencies_s) < 5.0
    assert result.lags_s and max(result.lags_s) < 2.0
    with Workspace.open(workspace) as ws:
        stored = ws.query("SELECT count(*) AS n FROM {positions}").to_pylist()[0]["n"]
    assert stored == result.sent - 2 * len(LISTED) * 3  # every line but the static reports'
