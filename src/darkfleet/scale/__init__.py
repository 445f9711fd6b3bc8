"""Beyond one machine: the same stage functions on a Dask cluster (see docs/scale.md).

Library API: `Engine.of(settings)` says where a stage runs; `dask_client(engine)` starts (or
reaches) the cluster; `detect_on`, `ingest_on`, `load_on` and `screen_on` run a stage on it
(`detect_distributed` and `screen_distributed` with a client of your own); results are
identical to one process.
Names are imported on first use, so importing the package stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from darkfleet._lazy import lazy_exports

if TYPE_CHECKING:
    from darkfleet.scale.detect_dask import detect_distributed as detect_distributed
    from darkfleet.scale.engine import ClusterError as ClusterError
    from darkfleet.scale.engine import Engine as Engine
    from darkfleet.scale.engine import dask_client as dask_client
    from darkfleet.scale.settings import ScaleSettings as ScaleSettings
    from darkfleet.scale.stages_dask import detect_on as detect_on
    from darkfleet.scale.stages_dask import ingest_on as ingest_on
    from darkfleet.scale.stages_dask import load_on as load_on
    from darkfleet.scale.stages_dask import screen_distributed as screen_distributed
    from darkfleet.scale.stages_dask import screen_on as screen_on

_EXPORTS = {
    "ClusterError": "engine", "Engine": "engine", "dask_client": "engine",
    "ScaleSettings": "settings", "detect_distributed": "detect_dask",
    "detect_on": "stages_dask", "ingest_on": "stages_dask", "load_on": "stages_dask",
    "screen_on": "stages_dask",
    "screen_distributed": "stages_dask",
}
__all__ = sorted(_EXPORTS)

if not TYPE_CHECKING:
    __getattr__ = lazy_exports(__name__, _EXPORTS)
