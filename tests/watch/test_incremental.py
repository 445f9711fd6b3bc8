"""Incremental detection gives what `detect` gives over the same data (the simulated case)."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

import polars as pl

from darkfleet.config import Config
from darkfleet.events import detect, load_registry
from darkfleet.simulate import Size, generate
from darkfleet.store import Workspace
from darkfleet.watch import Watcher, default_rules, open_feed


def test_the_window_events_are_the_events_of_detect(workspace: Path, tmp_path: Path) -> None:
    recording = tmp_path / "case.nmea"
    scenario = generate("dprk-russia-2023", 1, Size(days=3, background=3))
    recording.write_text("\n".join(scenario.nmea_lines()) + "\n")
    config = Config().with_workspace(workspace)
    config = dataclasses.replace(config, watch=dataclasses.replace(
        config.watch, all_vessels=True, window_min_step_s=0, window_h=24 * 365))
    registry = load_registry(None)
    feed = open_feed("replay", str(recording), config.watch, config.ingest.max_line_bytes)
    watcher = Watcher(config, feed, default_rules(), registry)
    watcher.run(threading.Event())
    live = watcher.engine.events().sort("id")
    with Workspace.open(workspace) as ws:
        detect(ws, config.detect, registry)
        batch = pl.from_arrow(ws.read("events"))
    assert isinstance(batch, pl.DataFrame)
    batch = batch.sort("id").select([pl.col(c).cast(t) for c, t in live.schema.items()])
    counts = dict(live.group_by("type").len().iter_rows())
    assert counts == {"ais_gap": 7, "draught_change": 12, "identity_change": 1, "loitering": 1,
                      "mmsi_collision": 1, "port_call": 21, "possible_port_call": 2}
    exact = [c for c in live.columns if c not in ("lat", "lon")]
    assert live.select(exact).equals(batch.select(exact))
    # Mean positions of stays differ by float rounding where `detect` joins day partitions.
    for column in ("lat", "lon"):
        assert (live[column] - batch[column]).abs().max() < 1e-4  # type: ignore[operator]
