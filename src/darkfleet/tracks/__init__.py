"""darkfleet tracks stage: clean, de-duplicated, per-transmitter tracks built chunk by chunk.

Names are imported on first use, so importing the package stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "TrackBuilder": "builder", "compress_statics": "builder", "clean_positions": "clean",
    "haversine_m": "geo", "bridge": "runs", "runs": "runs", "segment": "segmenter",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
