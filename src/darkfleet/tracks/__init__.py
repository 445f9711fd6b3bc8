"""darkfleet tracks stage: clean, de-duplicated, per-transmitter tracks built chunk by chunk.

Names are imported on first use, so importing the package stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from darkfleet._lazy import lazy_exports

if TYPE_CHECKING:
    from darkfleet.tracks.builder import TrackBuilder as TrackBuilder
    from darkfleet.tracks.builder import compress_statics as compress_statics
    from darkfleet.tracks.clean import clean_positions as clean_positions
    from darkfleet.tracks.geo import haversine_m as haversine_m
    from darkfleet.tracks.model import Tracks as Tracks
    from darkfleet.tracks.model import Window as Window
    from darkfleet.tracks.query import Track as Track
    from darkfleet.tracks.query import read_thinned as read_thinned
    from darkfleet.tracks.segmenter import segment as segment
    from darkfleet.tracks.settings import TrackSettings as TrackSettings
    from darkfleet.tracks.state_runs import bridge as bridge
    from darkfleet.tracks.state_runs import runs as runs

_EXPORTS = {
    "TrackBuilder": "builder", "compress_statics": "builder", "clean_positions": "clean",
    "haversine_m": "geo", "bridge": "state_runs", "runs": "state_runs", "segment": "segmenter",
    "Tracks": "model", "Window": "model", "TrackSettings": "settings",
    "Track": "query", "read_thinned": "query",
}
__all__ = sorted(_EXPORTS)

if not TYPE_CHECKING:
    __getattr__ = lazy_exports(__name__, _EXPORTS)
