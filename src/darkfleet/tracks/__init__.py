"""darkfleet tracks stage: clean, de-duplicated, per-transmitter tracks built chunk by chunk.

Names are imported on first use, so importing the package stays cheap.
"""

from __future__ import annotations

from darkfleet._lazy import lazy_exports

_EXPORTS = {
    "TrackBuilder": "builder", "compress_statics": "builder", "clean_positions": "clean",
    "haversine_m": "geo", "bridge": "runs", "runs": "runs", "segment": "segmenter",
    "Tracks": "model", "Window": "model", "TrackSettings": "settings",
}
__all__ = sorted(_EXPORTS)

__getattr__ = lazy_exports(__name__, _EXPORTS)
