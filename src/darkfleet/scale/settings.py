"""Settings of the engine that runs the stages: this process, or a Dask cluster."""

from __future__ import annotations

from dataclasses import dataclass

from darkfleet.errors import ConfigError
from darkfleet.settings_base import setting

ENGINES = ("local", "dask")


@dataclass(frozen=True, slots=True)
class ScaleSettings:
    """Where `ingest`, `detect`, `screen --input` and `detections load` run."""

    engine: str = setting(
        "local", "Engine of ingest, detect, screen --input and detections load: local (this "
        "machine) or dask (a Dask cluster; see docs/scale.md). Results do not depend on it.")
    workers: int = setting(
        2, "With the dask engine and no scheduler: worker processes of the local cluster "
        "darkfleet starts and stops.", minimum=1)
    scheduler: str = setting(
        "", "With the dask engine: the address of a running scheduler (tcp://HOST:PORT); empty "
        "for a local cluster.")
    buckets: int = setting(
        0, "MMSI hash buckets detect splits the vessels into, and cell groups the encounter "
        "pairs (0: four per worker).", minimum=0)
    window_days: int = setting(
        7, "Days per time window detect splits each bucket's run into (a window continues "
        "the one before).", minimum=1)
    screen_chunk: int = setting(
        500, "Identities per task when screen --input runs on dask.", minimum=1)

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ConfigError(f"scale.engine must be one of {', '.join(ENGINES)}, not "
                              f"{self.engine!r}", field="scale.engine")
