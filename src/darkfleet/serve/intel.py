"""What the other stages add to the web app, read from the workspace snapshot of one request.

Screening's hull history and ownership network of a vessel (`darkfleet network`), imagery's
detections (matched to a vessel or listing it as a candidate, and drawn on the map), the alerts
of `darkfleet watch` (paged and filtered, or after an id for the live stream), and the trade
ledger (`darkfleet trade`) with the case's UN caps and bans.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING

from darkfleet.serve.store import Record, WorkspaceReader, plain
from darkfleet.store import Workspace

if TYPE_CHECKING:
    from darkfleet.screening.model import SanctionsList
    from darkfleet.screening.network import Network

#: The table of matched detections (imagery's `workspace_fusion.RESULTS`).
DETECTIONS = "detections"
#: The case whose port groups and limits the trade ledger uses.
TRADE_CASE = "dprk-russia-2023"
#: Monte Carlo samples per voyage of the web app's ledger (the CLI's default).
TRADE_SAMPLES = 4000


def vessel_intel(reader: WorkspaceReader, mmsi: int, imo: int | None) -> Record:
    """The vessel's hull history and network (by IMO) and the detections that name it."""
    lists, network = _network(reader) if imo else ([], None)

    def read(ws: Workspace) -> Record:
        from darkfleet.screening.hull import hull_histories

        entries = [e for lst in lists for e in lst.entries if e.imo == imo]
        history = [h.to_record() for h in hull_histories(ws, entries, imo)] if imo else []
        return {"history": history,
                "network": network.neighbourhood(imo) if network and imo else [],
                "detections": _detections(ws, mmsi)}

    return reader.retrying(read)


def _network(reader: WorkspaceReader) -> tuple[list[SanctionsList], Network]:
    """The loaded lists and their link graph, read once per snapshot."""
    from darkfleet.screening.catalogue import load_lists
    from darkfleet.screening.network import Network

    def make() -> tuple[list[SanctionsList], Network]:
        lists = reader.retrying(load_lists)
        return lists, Network(lists)

    return reader.remember(("network", reader.config.workspace), make)


def _detections(ws: Workspace, mmsi: int | None) -> list[Record]:
    from darkfleet.imagery.query import read_detections

    if not ws.has_table(DETECTIONS):
        return []
    return [plain(row) for row in read_detections(ws, mmsi=mmsi)]


def vessel_detections(reader: WorkspaceReader, mmsi: int, since: str, until: str
                      ) -> list[Record]:
    """The detections naming vessel `mmsi` (matched or a candidate) from `since` to `until`
    (UTC ISO 8601 with `Z`, as records carry them)."""
    return reader.retrying(lambda ws: [d for d in _detections(ws, mmsi)
                                       if since <= d["ts"] <= until])


def detection_features(reader: WorkspaceReader, mmsis: list[int] | None,
                       since: datetime | None, until: datetime | None) -> list[Record]:
    """Imagery detections as map features of kind `detection_matched`, `detection_dark` or
    `detection_unmatched` (none when no detections were loaded); those matched to a vessel
    only for the vessels of `mmsis` (None: all)."""
    from darkfleet.imagery.query import detections_geojson

    def read(ws: Workspace) -> list[Record]:
        rows = [r for r in _detections(ws, None)
                if (mmsis is None or r["matched_mmsi"] is None or r["matched_mmsi"] in mmsis)
                and (since is None or r["ts"] >= _iso(since))
                and (until is None or r["ts"] <= _iso(until))]
        features: list[Record] = detections_geojson(rows)["features"]
        for feature in features:
            props = feature["properties"]
            props["kind"] = f"detection_{props['status']}"
            props["mmsi"] = props.get("matched_mmsi")
        return features

    return reader.retrying(read)


def _iso(value: datetime) -> str:
    from darkfleet.timefmt import iso_utc

    return str(iso_utc(value))


def alerts_page(reader: WorkspaceReader, since: datetime | None, mmsi: int | None,
                rule: str | None, limit: int, offset: int) -> tuple[list[Record], int]:
    """A page of the alerts of `darkfleet watch` in the order they were raised, and the total
    of those matching (raised at or after `since`, of vessel `mmsi`, of rule `rule`)."""
    from darkfleet.watch.query import alert_page_rows

    def read(ws: Workspace) -> tuple[list[Record], int]:
        rows, total = alert_page_rows(ws, since, mmsi, rule, limit, offset)
        return [_alert(row) for row in rows], total

    return reader.retrying(read)


def _alert(row: Record) -> Record:
    from darkfleet.watch.alert import Alert

    return Alert.from_record(row).to_record()


def alerts_after(reader: WorkspaceReader, after_id: str | None, limit: int) -> list[Record]:
    """The alerts raised after the one of `after_id` (every alert when it is None or unknown)."""
    from darkfleet.watch.alert_store import read_alerts

    return reader.retrying(lambda ws: [a.to_record() for a in read_alerts(
        ws, after_id=after_id, limit=limit)])


def last_alert_id(reader: WorkspaceReader) -> str | None:
    """The id of the alert raised last (None when there is none)."""
    from darkfleet.watch.query import last_alert_id as last_id

    return reader.retrying(last_id)


def trade(reader: WorkspaceReader, by: str) -> Record:
    """The trade ledger of the workspace by `month` or `year`: `sums`, `caps` and `bans`
    rows of `darkfleet.trade.trade_ledger`, the cargo of each voyage on a watched route with
    its assumptions (`voyages`, as `darkfleet cargo` writes them), and how many of them have a
    cargo estimate (`estimates`; 0 is the empty state)."""
    from darkfleet.trade import trade_ledger, workspace_cargo

    def read(ws: Workspace) -> Record:
        if not ws.has_table("voyages"):
            return {"case": TRADE_CASE, "by": by, "estimates": 0, "voyages": [], "sums": [],
                    "caps": [], "bans": []}
        estimates, limits = workspace_cargo(ws, reader.config.estimation, TRADE_CASE,
                                            TRADE_SAMPLES)
        rows = json.loads(json.dumps(trade_ledger(estimates, limits, by), default=str))
        watched = [e for e in estimates if e.direction is not None]
        return {"case": TRADE_CASE, "by": by,
                "estimates": sum(e.cargo_t is not None for e in watched),
                "voyages": json.loads(json.dumps([e.to_dict() for e in watched], default=str)),
                "sums": [r for r in rows if r["kind"] == "sum"],
                "caps": [r for r in rows if r["kind"] == "limit"],
                "bans": [r for r in rows if r["kind"] == "flag"]}

    key = ("trade", reader.config.workspace, by, reader.config.estimation)
    return reader.remember(key, lambda: reader.retrying(read))


__all__ = ["alerts_after", "alerts_page", "detection_features", "last_alert_id",
           "trade", "vessel_detections", "vessel_intel"]
