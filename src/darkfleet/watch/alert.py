"""The Alert record (DESIGN.md's contract) and its deterministic id.

An alert is `{id, rule, mmsi, imo, name, ts, raised_at, lat, lon, port, details}`: `ts` is when
the thing happened (message time), `raised_at` when the watch raised it (wall clock). The id is
the first 16 hex digits of the SHA-1 of `rule|mmsi|key`, where the key names the occurrence (a
port and entry time, an event id, a detection id): the same occurrence seen again, after a
restart too, gets the same id and is not raised twice. `mmsi` (and so `imo` and `name`) is null
when nobody is identified (a dark imagery detection); its place in the id is then empty.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pyarrow as pa

from darkfleet.store.stage_tables import ALERTS
from darkfleet.timefmt import iso_utc, parse_utc

#: Columns of the workspace table `alerts` (`details` is a JSON object as text), as the
#: store declares them.
ALERT_SCHEMA = ALERTS


def alert_id(rule: str, mmsi: int | None, key: str) -> str:
    """The deterministic id of the occurrence `key` of `rule` for vessel `mmsi` (or nobody)."""
    who = "" if mmsi is None else mmsi
    return hashlib.sha1(f"{rule}|{who}|{key}".encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Alert:
    """One raised alert (see the module doc)."""

    id: str
    rule: str
    mmsi: int | None
    imo: int | None
    name: str | None
    ts: datetime
    raised_at: datetime
    lat: float | None
    lon: float | None
    port: str | None
    details: dict[str, Any] = field(default_factory=dict)

    def to_record(self) -> dict[str, Any]:
        """The alert as plain JSON data (times UTC ISO 8601 with `Z`)."""
        return {"id": self.id, "rule": self.rule, "mmsi": self.mmsi, "imo": self.imo,
                "name": self.name, "ts": iso_utc(self.ts), "raised_at": iso_utc(self.raised_at),
                "lat": self.lat, "lon": self.lon, "port": self.port, "details": self.details}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Alert:
        """An alert from `to_record` data or a row of the `alerts` table."""
        details = record.get("details") or {}
        if isinstance(details, str):
            details = json.loads(details)
        return cls(
            id=record["id"], rule=record["rule"], mmsi=record.get("mmsi"), imo=record.get("imo"),
            name=record.get("name"), ts=_time(record["ts"]),
            raised_at=_time(record["raised_at"]), lat=record.get("lat"),
            lon=record.get("lon"), port=record.get("port"), details=dict(details))


def _time(value: datetime | str) -> datetime:
    return parse_utc(value) if isinstance(value, str) else value


def alerts_table(alerts: list[Alert]) -> pa.Table:
    """Rows of the `alerts` table."""
    columns: dict[str, list[Any]] = {name: [] for name in ALERT_SCHEMA.names}
    for alert in alerts:
        for name in ALERT_SCHEMA.names:
            value = getattr(alert, name)
            columns[name].append(json.dumps(value, sort_keys=True) if name == "details"
                                 else value)
    return pa.Table.from_pydict(columns, schema=ALERT_SCHEMA)
