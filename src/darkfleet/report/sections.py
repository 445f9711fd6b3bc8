"""Typed records of the brief's later sections: imagery detections, hull histories and trade.

Like `brief.py`, pure records: `adapter.collect_brief` fills them from the workspace, the
renderer reads them. Each record a reader may be sent to has an `anchor`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from darkfleet.report.brief import Assumption, anchor

#: An interval as (p5, p50, p95).
Span = tuple[float, float, float]


@dataclass(frozen=True, slots=True)
class Detection:
    """A vessel seen on satellite imagery, matched to an AIS vessel or dark (no AIS match)."""

    id: str
    ts: datetime
    lat: float
    lon: float
    source: str | None
    length_m: float | None
    matched_mmsi: int | None
    match_distance_m: float | None
    dark: bool
    candidates: tuple[int, ...] = ()  # vessels whose silence covers a dark detection, ranked
    port: str | None = None

    @property
    def anchor(self) -> str:
        return anchor("detection", self.id)

    @property
    def status(self) -> str:
        """`matched` (to an AIS vessel), `dark` (no AIS match) or `unmatched` (a weak one)."""
        return "matched" if self.matched_mmsi is not None else "dark" if self.dark else "unmatched"


@dataclass(frozen=True, slots=True)
class PortPresence:
    """A `dark_port_presence` finding: a dark detection inside a watched port area."""

    id: str  # the event's id
    ts: datetime
    port: str | None
    lat: float | None
    lon: float | None
    detection_id: str | None
    candidates: tuple[int, ...] = ()

    @property
    def anchor(self) -> str:
        return anchor("event", self.id)


@dataclass(frozen=True, slots=True)
class CargoVoyage:
    """One voyage's cargo from its draught change, as the trade stage estimated it."""

    voyage_id: str
    mmsi: int
    name: str | None
    direction: str | None
    commodity: str
    draught_status: str  # reported, not updated, arrival missing, ...
    method: str | None
    cargo_t: Span | None
    barrels: Span | None
    imputed: bool
    flags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    assumptions: tuple[Assumption, ...] = ()

    @property
    def anchor(self) -> str:
        return anchor("cargo", self.voyage_id)

    @property
    def marked(self) -> str | None:
        """Why the figure is weaker than a measured one, or None when it was measured."""
        if self.draught_status == "not updated":
            return "draught not updated"
        return "imputed" if self.imputed else None


@dataclass(frozen=True, slots=True)
class TradeSum:
    """Cargo of one period, direction and commodity: the sum of its voyages' samples."""

    period: str
    direction: str
    commodity: str
    voyage_ids: tuple[str, ...]
    imputed: int
    without_estimate: int
    cargo_t: Span | None
    barrels: Span | None


@dataclass(frozen=True, slots=True)
class TradeCap:
    """A yearly cap (such as refined petroleum into the DPRK) against that year's total."""

    limit_id: str
    period: str
    statement: str
    resolution: str
    paragraph: str
    source_url: str
    cap: float
    unit: str | None
    commodity: str | None
    total: Span | None
    p_exceeded: float
    voyage_ids: tuple[str, ...]

    @property
    def anchor(self) -> str:
        return anchor("cap", f"{self.limit_id}-{self.period}")


@dataclass(frozen=True, slots=True)
class TradeFlag:
    """A ban whose categories the cargo of some voyages cannot be told apart from."""

    limit_id: str
    period: str
    resolution: str
    paragraph: str
    reason: str
    voyage_ids: tuple[str, ...]

    @property
    def anchor(self) -> str:
        return anchor("ban", f"{self.limit_id}-{self.period}")


@dataclass(frozen=True, slots=True)
class Trade:
    """The trade section: monthly sums both ways, the caps by year, ban flags, per-voyage cargo."""

    sums: tuple[TradeSum, ...] = ()
    caps: tuple[TradeCap, ...] = ()
    flags: tuple[TradeFlag, ...] = ()
    voyages: tuple[CargoVoyage, ...] = ()

    @property
    def assumptions(self) -> tuple[Assumption, ...]:
        """Every distinct assumption of the per-voyage estimates, in first-use order."""
        seen: dict[Assumption, None] = {}
        for voyage in self.voyages:
            for item in voyage.assumptions:
                seen.setdefault(item, None)
        return tuple(seen)
