"""Beyond one machine: the same stage functions on a Dask cluster (see docs/scale.md).

Library API: `Engine.of(settings)` says where a stage runs; `dask_client(engine)` starts (or
reaches) the cluster; `detect_on`, `ingest_on`, `load_on` and `screen_on` run a stage on it
(`detect_distributed` and `screen_distributed` with a client of your own); results are
identical to one process.
Names are imported on first use, so importing the package stays cheap.
"""

from __future__ import annotations

from darkfleet._lazy import lazy_exports

_EXPORTS = {
    "ClusterError": "engine", "Engine": "engine", "dask_client": "engine",
    "ScaleSettings": "settings", "detect_distributed": "detect_dask",
    "detect_on": "stages_dask", "ingest_on": "stages_dask", "load_on": "stages_dask",
    "screen_on": "stages_dask",
    "screen_distributed": "stages_dask",
}
__all__ = sorted(_EXPORTS)

__getattr__ = lazy_exports(__name__, _EXPORTS)
