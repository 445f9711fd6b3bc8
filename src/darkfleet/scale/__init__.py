"""Beyond one machine: the same stage functions on a Dask cluster (see docs/scale.md).

Library API: `Engine.of(settings)` says where a stage runs; `dask_client(engine)` starts (or
reaches) the cluster; `detect_distributed`, `ingest_distributed`, `screen_distributed` and
`match_distributed` are the stages' wirings on it, with results identical to one process.
Names are imported on first use, so importing the package stays cheap.
"""

from __future__ import annotations

from darkfleet._lazy import lazy_exports

_EXPORTS = {
    "ClusterError": "engine", "Engine": "engine", "dask_client": "engine",
    "ScaleSettings": "settings", "detect_distributed": "detect_dask",
    "ingest_distributed": "stages_dask", "screen_distributed": "stages_dask",
}
__all__ = sorted(_EXPORTS)

__getattr__ = lazy_exports(__name__, _EXPORTS)
