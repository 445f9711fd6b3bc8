"""The app's read-only view of a workspace: a snapshot opened per request.

The app never opens the workspace's catalogue, which would lock `ingest` and `detect` out:
each request reads the workspace's last snapshot (`darkfleet.store.snapshot`), a read-only copy
of the catalogue that every writer leaves at commit, plus the Parquet parts it lists. A read
that finds a part gone (a newer batch replaced it) is read again from the newer snapshot. Rows
come back as plain records in the CLI's JSON shape (times as UTC ISO 8601 with `Z`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from darkfleet.config import Config
from darkfleet.errors import StoreError
from darkfleet.events.query import PageQuery as Query
from darkfleet.events.query import counts, read_page
from darkfleet.row_values import decoded
from darkfleet.screening.model import Identity, Match
from darkfleet.serve.errors import NotFoundError
from darkfleet.store import Workspace
from darkfleet.store.snapshot import Snapshots, snapshot_id
from darkfleet.store.workspace import CATALOGUE
from darkfleet.timefmt import iso_utc, parse_utc

Record = dict[str, Any]
T = TypeVar("T")

#: How many times a read is tried again on a newer snapshot.
RETRIES = 3
#: The most voyages or events a vessel's or voyage's detail lists.
DETAIL_LIMIT = 500


def plain(row: Record) -> Record:
    """A row with its times as UTC ISO 8601 strings with `Z` and `details` as an object."""
    out = {k: iso_utc(v) if isinstance(v, datetime) else v for k, v in row.items()}
    if "details" in out:
        out["details"] = decoded(out["details"])
    return out


def as_json(record: Any) -> Record:
    """A stage's record (a dataclass) in the API's JSON shape: times as UTC ISO 8601 with `Z`,
    tuples as lists, mappings as objects."""
    return {f.name: _json_value(getattr(record, f.name)) for f in fields(record)}


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, tuple):
        return [_json_value(item) for item in value]
    if isinstance(value, Mapping):
        return dict(value)
    return value


#: The snapshots of the process's apps.
_SNAPSHOTS = Snapshots()


@dataclass(frozen=True, slots=True)
class WorkspaceStore:
    """Opens the configured workspace for one request at a time (`with store.open() as r`)."""

    config: Config

    @contextmanager
    def open(self) -> Iterator[WorkspaceReader]:
        """The workspace, open for the duration of the block.

        Raises:
            StoreError: the directory is not a darkfleet workspace.
        """
        reader = WorkspaceReader(self.config, _SNAPSHOTS)
        try:
            yield reader
        finally:
            reader.close()

    def check(self) -> None:
        """Open and close the workspace once, to fail early when it is not one.

        Raises:
            StoreError: the directory is not a darkfleet workspace.
        """
        root = Path(self.config.workspace)
        if snapshot_id(root) is None and (root / CATALOGUE).exists():
            Workspace.open(root).close()  # a workspace older than snapshots: leave one
        Workspace.read_snapshot(root).close()

    def tables(self) -> list[str]:
        """The workspace's tables with data (none when it does not exist)."""
        if snapshot_id(Path(self.config.workspace)) is None:
            return []
        with self.open() as reader:
            return reader.retrying(lambda ws: ws.tables())


class WorkspaceReader:
    """Read-only queries of the workspace's snapshot for the routes (one per request)."""

    def __init__(self, config: Config, snapshots: Snapshots | None = None) -> None:
        self.config = config
        self._snapshots = snapshots or Snapshots()
        self._ws: Workspace | None = None
        self._opened: tuple[int, int] | None = None

    @property
    def ws(self) -> Workspace:
        """The snapshot read by this request, opened on first use."""
        if self._ws is None:
            self._opened, self._ws = self._snapshots.open(Path(self.config.workspace))
        return self._ws

    def close(self) -> None:
        if self._ws is not None:
            self._ws.close()
            self._ws = None

    def retrying(self, read: Callable[[Workspace], T]) -> T:
        """`read(ws)`, read again on a newer snapshot when it fails on a replaced part."""
        for attempt in range(RETRIES + 1):
            try:
                return read(self.ws)
            except StoreError:
                if attempt == RETRIES or snapshot_id(Path(self.config.workspace)) == \
                        self._opened:
                    raise
                self.close()
        raise AssertionError("unreachable")

    def page(self, table: str, query: Query) -> tuple[list[Record], int]:
        """A page of `vessels`, `events` or `voyages` filtered by `query`, and the total.

        Raises:
            StoreError: `darkfleet detect` has not run in the workspace.
        """
        return self.retrying(lambda ws: _page(ws, table, query))

    def rows(self, table: str, query: Query) -> list[Record]:
        """Every row of `table` matching `query` (its page only, when it has one)."""
        return self.page(table, query)[0]

    def one(self, table: str, query: Query, *, kind: str, key: str,
            label: str | None = None) -> Record:
        """The first row of `table` matching `query`.

        Raises:
            NotFoundError: there is none ("no `kind` with `label` in the workspace").
        """
        found = self.rows(table, query)
        if not found:
            raise NotFoundError(f"no {kind} with {label or 'id ' + key} in the workspace",
                                kind=kind, key=key)
        return found[0]

    def vessel(self, mmsi: int) -> Record:
        """One vessel with its matches and its first voyages and events (and their totals).

        Raises:
            NotFoundError: no such vessel.
        """
        row = self.one("vessels", Query(mmsi=mmsi), kind="vessel", key=str(mmsi),
                       label=f"MMSI {mmsi}")
        from darkfleet.serve.intel import vessel_intel  # it reads through this class

        own = Query(mmsi=mmsi, limit=DETAIL_LIMIT)
        voyages, voyages_total = self.page("voyages", own)
        events, events_total = self.page("events", own)
        return {"vessel": row, "matches": self.matches(mmsi, required=False),
                "voyages": voyages, "voyages_total": voyages_total, "events": events,
                "events_total": events_total, **vessel_intel(self, mmsi, row["imo"])}

    def voyage(self, voyage_id: str) -> Record:
        """One voyage with the vessel's first events during it (and their total).

        Raises:
            NotFoundError: no such voyage.
        """
        from darkfleet.serve.intel import vessel_detections  # it reads through this class

        row = self.one("voyages", Query(ids=(voyage_id,)), kind="voyage", key=voyage_id)
        during = Query(mmsi=row["mmsi"], since=parse_utc(row["depart"]),
                       until=parse_utc(row["arrive"]), limit=DETAIL_LIMIT)
        events, total = self.page("events", during)
        found = vessel_detections(self, row["mmsi"], row["depart"], row["arrive"])
        return {"voyage": row, "events": events, "events_total": total, "detections": found}

    def simulated(self) -> frozenset[int]:
        """The MMSIs whose positions come from a simulated source (`report.simulated_sources`),
        read once per snapshot."""
        key = (Path(self.config.workspace), self.config.report.simulated_sources)
        return self._snapshots.remember(key, self._opened_id(), lambda: self.retrying(
            lambda ws: _simulated(ws, self.config.report.simulated_sources)))

    def remember(self, key: Any, make: Callable[[], T]) -> T:
        """`make()`, computed once per snapshot of the workspace and `key`."""
        return self._snapshots.remember(key, self._opened_id(), make)

    def _opened_id(self) -> tuple[int, int] | None:
        _ = self.ws
        return self._opened

    def counts(self) -> dict[str, Any]:
        """What the workspace holds: vessels, voyages (watched), matches and events by type."""
        return self.retrying(_counts)

    def identities(self, mmsi: int) -> list[Record]:
        """The vessel's distinct identities in its static reports, first seen first."""
        from darkfleet.screening.query import vessel_identity_rows

        return self.retrying(lambda ws: [plain(r) for r in vessel_identity_rows(ws, mmsi)])

    def alerts(self, limit: int) -> list[Record]:
        """The latest alerts of `darkfleet watch`, newest first (none when it never ran)."""
        from darkfleet.watch.query import latest_alert_rows

        return self.retrying(lambda ws: [plain(r) for r in latest_alert_rows(ws, limit)])

    def features(self, mmsis: list[int] | None, since: datetime | None,
                 until: datetime | None) -> list[Record]:
        """The map's GeoJSON features (see `darkfleet.serve.mapdata`)."""
        from darkfleet.events.ports import load_registry
        from darkfleet.serve import mapdata
        from darkfleet.serve.intel import detection_features

        def read(ws: Workspace) -> list[Record]:
            found = mapdata.events(ws, mmsis, since, until) if ws.has_table("events") else []
            if ws.has_table("track_points"):
                found = mapdata.tracks(ws, mmsis, since, until,
                                       self.config.report.map_points_per_vessel) + found
            found += detection_features(self, mmsis, since, until)
            registry = load_registry(None, self.config.detect.ports.radius_m)
            ports = mapdata.ports(registry, self.config.detect.ports.watched_groups)
            return mapdata.land(found) + ports + found

        return self.retrying(read)

    def matches(self, mmsi: int | None = None, *, required: bool = True) -> list[Record]:
        """Stored screening matches (of one vessel), strongest first.

        Raises:
            StoreError: the workspace was never screened and `required` is set.
        """
        from darkfleet.screening.query import read_matches

        return self.retrying(lambda ws: [{**m.to_record(), "basis": m.basis or "identifier"}
                                         for m in read_matches(ws, mmsi, required=required)])

    def screen(self, identity: Identity) -> tuple[list[Record], list[Match]]:
        """The loaded list versions and the matches of `identity` against them.

        Raises:
            StoreError: no sanctions lists are loaded in the workspace.
        """
        from darkfleet.screening import Screener, required_lists

        def make() -> tuple[list[Record], Screener]:
            lists = self.retrying(required_lists)
            return ([{"list": s.list, "version": s.version} for s in lists],
                    Screener(lists, self.config.screening))

        # The lists and their name index are read once per snapshot, not once per request.
        versions, screener = self.remember(("screener", self.config.workspace), make)
        return versions, screener.screen(identity)

    def brief_html(self, case: str | None) -> str:
        """The cited brief of the workspace (and of the bundled case named `case`) as HTML,
        rendered once per snapshot and case (it says when it was written).

        `case` is looked up by name in the registry of bundled cases, never read as a path.

        Raises:
            EvidenceError: the case is not a bundled case, or is invalid.
            ReportError: the brief could not be rendered.
        """
        from darkfleet.evidence import bundled_case_path
        from darkfleet.report import BriefSettings, collect_brief, load_case, render_html

        path = bundled_case_path(case) if case else None

        def render() -> str:
            case_data = load_case(path, self.config.estimation) if path else None
            settings = BriefSettings(self.config.report, self.config.detect,
                                     self.config.estimation)
            brief = self.retrying(lambda ws: collect_brief(ws, case_data, settings))
            return str(render_html(brief, self.config.report))

        key = ("brief", Path(self.config.workspace), case, self.config)
        return self._snapshots.remember(key, self._opened_id(), render)


def _page(ws: Workspace, table: str, query: Query) -> tuple[list[Record], int]:
    rows, total = read_page(ws, table, query)
    return [as_json(row) for row in rows], total


def _counts(ws: Workspace) -> dict[str, Any]:
    from darkfleet.screening.query import listed_vessels

    found = counts(ws)
    return {"vessels": found["vessels"], "voyages": found["voyages"],
            "watched_voyages": found["watched_voyages"], "listed_vessels": listed_vessels(ws),
            "events": found["events"]}


def _simulated(ws: Workspace, sources: tuple[str, ...]) -> frozenset[int]:
    from darkfleet.tracks.query import simulated_mmsis

    return simulated_mmsis(ws, sources)
