"""Reading the brief's later sections from a workspace: trade, imagery detections, hull histories.

Each reader tolerates its stage not having run (it returns nothing; the brief says so). The
trade section is the trade stage's ledger (`darkfleet cargo` and `darkfleet trade --by month`)
for the case's directions and limits; detections are `read_detections`; hull histories are the
screening stage's `hull_histories`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from darkfleet.events.records import Event
from darkfleet.report.brief import Assumption
from darkfleet.report.sections import (
    CargoVoyage,
    Detection,
    PortPresence,
    Span,
    Trade,
    TradeCap,
    TradeFlag,
    TradeSum,
)
from darkfleet.screening.hull import HullHistory
from darkfleet.store import Workspace
from darkfleet.timefmt import parse_utc

if TYPE_CHECKING:
    from darkfleet.estimation.settings import EstimationSettings


def trade(ws: Workspace | None, case: str | Path | None,
          settings: EstimationSettings) -> Trade | None:
    """The trade section of `case` (a name or path): None without a case or voyages as
    `darkfleet detect` writes them (timed, with the draught columns the ledger reads)."""
    if ws is None or case is None or not _detected_voyages(ws):
        return None
    from darkfleet.trade import trade_ledger, workspace_cargo
    from darkfleet.trade.cargo import IMPUTED

    estimates, limits = workspace_cargo(ws, settings, case)
    voyages = tuple(_cargo(e.to_dict(), e.method == IMPUTED) for e in estimates
                    if e.direction is not None)
    if not voyages:
        return None
    rows = trade_ledger(estimates, limits, "month")
    return Trade(
        sums=tuple(_sum(r) for r in rows if r["kind"] == "sum"),
        caps=tuple(_cap(r) for r in rows if r["kind"] == "limit"),
        flags=tuple(_flag(r) for r in rows if r["kind"] == "flag"),
        voyages=voyages)


def _detected_voyages(ws: Workspace) -> bool:
    import pyarrow as pa

    from darkfleet.trade.workspace_inputs import VOYAGE_FIELDS

    if not ws.has_table("voyages"):
        return False
    schema = ws.read("voyages").schema
    return set(VOYAGE_FIELDS) <= set(schema.names) and pa.types.is_timestamp(
        schema.field("depart").type)


def _span(value: Mapping[str, float] | None) -> Span | None:
    return None if value is None else (value["p5"], value["p50"], value["p95"])


def _assumption(item: Mapping[str, Any]) -> Assumption:
    low, high, value = item["low"], item["high"], item["value"]
    text = f"{value:g}" if low == high else f"{value:g} ({low:g}–{high:g})"
    source = item.get("source") or {}
    return Assumption(str(item["name"]), text, item.get("unit") or None,
                      source.get("title") or source.get("id"))


def _cargo(record: Mapping[str, Any], imputed: bool) -> CargoVoyage:
    return CargoVoyage(
        voyage_id=str(record["voyage_id"]), mmsi=int(record["mmsi"]), name=record["name"],
        direction=record["direction"], commodity=str(record["commodity"]),
        draught_status=str(record["draught_status"]), method=record["method"],
        cargo_t=_span(record["cargo_t"]), barrels=_span(record["barrels"]), imputed=imputed,
        flags=tuple(record["flags"]), notes=tuple(record["notes"]),
        assumptions=tuple(_assumption(a) for a in record["assumptions"]))


def _sum(row: Mapping[str, Any]) -> TradeSum:
    return TradeSum(str(row["period"]), str(row["direction"]), str(row["commodity"]),
                    tuple(row["voyage_ids"]), int(row["imputed"]),
                    int(row["without_estimate"]), _span(row["cargo_t"]), _span(row["barrels"]))


def _cap(row: Mapping[str, Any]) -> TradeCap:
    return TradeCap(str(row["limit_id"]), str(row["period"]), str(row["statement"]),
                    str(row["resolution"]), str(row["paragraph"]), str(row["source_url"]),
                    float(row["cap"]), row["unit"], row["commodity"], _span(row["total"]),
                    float(row["p_exceeded"]), tuple(row["voyage_ids"]))


def _flag(row: Mapping[str, Any]) -> TradeFlag:
    return TradeFlag(str(row["limit_id"]), str(row["period"]), str(row["resolution"]),
                     str(row["paragraph"]), str(row["reason"]), tuple(row["voyage_ids"]))


def detections(ws: Workspace | None) -> tuple[Detection, ...]:
    """The workspace's imagery detections, matched or dark (none when none were loaded)."""
    from darkfleet.imagery.workspace_fusion import RESULTS

    if ws is None or not ws.has_table(RESULTS):
        return ()
    from darkfleet.imagery.query import read_detections

    return tuple(_detection(r) for r in read_detections(ws))


def _detection(row: Mapping[str, Any]) -> Detection:
    ts = row["ts"]
    return Detection(
        id=str(row["detection_id"]), ts=parse_utc(ts) if isinstance(ts, str) else ts,
        lat=float(row["lat"]), lon=float(row["lon"]), source=row["source"],
        length_m=row["length_m"], matched_mmsi=row["matched_mmsi"],
        match_distance_m=row["match_distance_m"], dark=bool(row["dark"]),
        candidates=tuple(int(c["mmsi"]) for c in row["candidates"]), port=row["port"])


def port_presence(events: Sequence[Event]) -> tuple[PortPresence, ...]:
    """The `dark_port_presence` events (they name no vessel)."""
    found = []
    for event in events:
        if event.type != "dark_port_presence":
            continue
        details = event.details
        found.append(PortPresence(
            event.id, event.start, event.port, event.lat, event.lon,
            str(details["detection_id"]) if details.get("detection_id") else None,
            tuple(int(c) for c in details.get("candidates") or ())))
    return tuple(found)


def hulls(ws: Workspace | None, imos: Sequence[int]) -> tuple[HullHistory, ...]:
    """The hull histories of the IMOs given (the screening stage's, from AIS and the lists)."""
    if ws is None or not imos or not ws.has_table("static_reports"):
        return ()
    from darkfleet.screening import hull_histories

    wanted = set(imos)
    return tuple(h for h in hull_histories(ws) if h.imo in wanted)
