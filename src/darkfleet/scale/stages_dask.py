"""The stages' wirings on a Dask cluster, each as one call from the command line.

- ingest: each file, or each byte range of a large plain NMEA file, is decoded by a worker
  (the pipelines as they are, no duplicate filter); the client stores the files in the order
  given with the duplicate filters of one process, one batch per file
  (darkfleet.ingest.parallel, darkfleet.ingest.ranges).
- detect: MMSI hash buckets by time windows, encounters by cell groups, on the workers
  (darkfleet.scale.detect_dask).
- detections load: each new file read and parsed by a worker; the client checks the ids
  against those stored and stores the files in order (darkfleet.imagery.load).
- screen --input: the identities in chunks of `screen_chunk`, each screened by a worker with
  the same screener (sent to every worker once), the results put back in input order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from darkfleet.errors import UsageError
from darkfleet.events.detection import DetectSummary
from darkfleet.events.ports import PortRegistry
from darkfleet.events.settings import DetectSettings
from darkfleet.events.voyages import ExtraReasons
from darkfleet.scale.detect_dask import detect_distributed
from darkfleet.scale.engine import Engine, dask_client
from darkfleet.store.workspace import Workspace

if TYPE_CHECKING:
    from distributed import Client

    from darkfleet.imagery.load import LoadReport, ParsedFile
    from darkfleet.ingest.ingest import Progress
    from darkfleet.ingest.report import FileReport
    from darkfleet.ingest.settings import IngestSettings
    from darkfleet.screening import Identity, Match, Screener


def detect_on(engine: Engine, workspace: Workspace, settings: DetectSettings,
              ports: PortRegistry, extra_reasons: ExtraReasons | None = None,
              progress: Callable[[str], None] | None = None) -> DetectSummary:
    """`detect_distributed` on the engine's cluster (started and stopped here if local)."""
    with dask_client(engine) as client:
        return detect_distributed(workspace, settings, ports, client, engine.partitions(client),
                                  extra_reasons, progress, window_days=engine.window_days)


def ingest_on(engine: Engine, paths: Sequence[str | Path], workspace: Workspace,
                       settings: IngestSettings, *, strict: bool = False,
                       progress: Progress | None = None,
                       csv_map: Mapping[str, str] | None = None,
                       keys: Callable[[str], str] | None = None) -> list[FileReport]:
    """`darkfleet.ingest.ingest_files` with the files decoded on the engine's cluster (whose
    workers must see the files by the paths given, and the temporary folder); `keys` as
    there.

    Raises:
        UsageError: stdin (`-`) was given: a worker cannot read it.
        (and what `ingest_files` raises)
    """
    from darkfleet.ingest import ingest_files
    from darkfleet.ingest.reader import STDIN

    if STDIN in [str(p) for p in paths]:
        raise UsageError("stdin (-) cannot be ingested on a cluster; give files")
    from darkfleet.ingest.ranges import Ranging

    with dask_client(engine) as client:
        ranging = Ranging(processes=len(client.scheduler_info()["workers"]))
        return ingest_files(paths, workspace, settings, strict=strict, progress=progress,
                            csv_map=csv_map, executor=client.get_executor(pure=False),
                            ranging=ranging, keys=keys)


def load_on(engine: Engine, paths: Sequence[Path], workspace: Workspace, *,
            source: str | None = None, mapping: Mapping[str, str] | None = None,
            strict: bool = False) -> list[LoadReport]:
    """`darkfleet.imagery.load_detections` with the files parsed on the engine's cluster
    (whose workers must see the files by the paths given)."""
    from darkfleet.imagery.load import load_detections, parse_file

    with dask_client(engine) as client:
        def parse(fresh: list[Path]) -> Iterator[ParsedFile]:
            futures = client.map(parse_file, fresh, source=source, mapping=mapping, pure=False)
            return (future.result() for future in futures)

        return load_detections(paths, workspace, source=source, mapping=mapping,
                               strict=strict, parse=parse)


def screen_on(engine: Engine, screener: Screener, identities: Sequence[Identity],
              *, include_below: bool = False) -> list[list[Match]]:
    """`screen_distributed` on the engine's cluster (started and stopped here if local)."""
    with dask_client(engine) as client:
        return screen_distributed(client, screener, identities, engine.screen_chunk,
                                  include_below=include_below)


def screen_distributed(client: Client, screener: Screener, identities: Sequence[Identity],
                       chunk: int, *, include_below: bool = False) -> list[list[Match]]:
    """`screener.screen_many(identities)` in chunks of `chunk` on the cluster of `client`,
    in input order."""
    pieces = [list(identities[i:i + chunk]) for i in range(0, len(identities), chunk)]
    if not pieces:
        return []
    shared = client.scatter(screener, broadcast=True)
    futures = client.map(_screen_chunk, pieces, screener=shared, include_below=include_below,
                         pure=False)
    return [matches for piece in client.gather(futures) for matches in piece]


def _screen_chunk(identities: list[Identity], screener: Screener, include_below: bool
                  ) -> list[list[Match]]:
    return screener.screen_many(identities, include_below=include_below)
