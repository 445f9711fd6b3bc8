"""The case's limits (UN caps and bans) and watched routes, read from the case file.

A case file's `limits` list holds caps (`kind: cap`, a quantity per calendar year of one
commodity into a port group) and bans (`kind: ban`, categories into or out of a port group, with
the ship classes whose cargo cannot be told apart from them by AIS). Each cites its resolution,
paragraph and source. The port groups give each voyage its direction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from darkfleet.events.ports import GROUP_LABELS, PortRegistry
from darkfleet.evidence.casefile import case_path, load_case
from darkfleet.evidence.models import Case
from darkfleet.trade.models import VoyageRow


@dataclass(frozen=True, slots=True)
class Limit:
    """One UN limit: a cap (quantity per year) or a ban (categories)."""

    id: str
    kind: str
    statement: str
    resolution: str
    paragraph: str
    source_url: str
    into: str | None = None
    out_of: str | None = None
    commodity: str | None = None
    quantity: float | None = None
    unit: str | None = None
    categories: tuple[str, ...] = ()
    ship_classes: tuple[str, ...] = ()

    def summary(self) -> dict[str, Any]:
        return {"limit_id": self.id, "statement": self.statement, "resolution": self.resolution,
                "paragraph": self.paragraph, "source_url": self.source_url}


@dataclass(frozen=True, slots=True)
class TradeCheck:
    """A claim's `trade_check`: which flow of the ledger it speaks of, and how to measure it."""

    claim_id: str
    direction: str
    measure: str
    commodity: str | None = None
    versus: str | None = None


@dataclass(frozen=True, slots=True)
class CaseTrade:
    """What the trade stage reads from a case file."""

    case: Case
    limits: tuple[Limit, ...]
    checks: tuple[TradeCheck, ...]


@dataclass(frozen=True, slots=True)
class Routes:
    """Port group of each UN/LOCODE; a voyage's direction is `ORIGIN GROUP -> DEST GROUP`."""

    groups: Mapping[str, str]

    def direction(self, voyage: VoyageRow) -> str | None:
        a, b = self.groups.get(voyage.origin), self.groups.get(voyage.destination)
        return f"{a} -> {b}" if a and b and a != b else None


def routes_of(case: Case, registry: PortRegistry) -> Routes:
    """The case's port groups, plus the registry's ports of the same groups (by label)."""
    groups = {code: group.name for group in case.port_groups for code, _ in group.ports if code}
    for area in registry.areas:
        for key in area.groups:
            label = GROUP_LABELS.get(key)
            if label and any(g.name == label for g in case.port_groups):
                groups.setdefault(area.locode, label)
    return Routes(groups)


def case_limits(name: str | Path) -> tuple[Case, tuple[Limit, ...]]:
    """A case (validated) and its limits.

    Raises:
        EvidenceError: the case is missing or invalid (names the file and field).
    """
    found = case_trade(name)
    return found.case, found.limits


def case_trade(name: str | Path) -> CaseTrade:
    """A case (validated), its limits and the trade checks of its claims.

    Raises:
        EvidenceError: the case is missing or invalid (names the file and field).
    """
    case = load_case(name)
    raw = yaml.safe_load(case_path(name).read_text(encoding="utf-8"))
    sources = raw.get("sources") or {}
    checks = tuple(TradeCheck(str(c["id"]), **c["trade_check"]) for c in raw.get("claims") or []
                   if c.get("trade_check"))
    return CaseTrade(case, tuple(_limit(item, sources) for item in raw.get("limits") or []),
                     checks)


def _limit(raw: Mapping[str, Any], sources: Mapping[str, Any]) -> Limit:
    source = raw["source"]
    url = str(sources[source]["url"] if isinstance(source, str) else source["url"])
    return Limit(
        id=str(raw["id"]), kind=str(raw["kind"]), statement=str(raw["statement"]),
        resolution=str(raw["resolution"]), paragraph=str(raw["paragraph"]), source_url=url,
        into=raw.get("into"), out_of=raw.get("out_of"), commodity=raw.get("commodity"),
        quantity=None if raw.get("quantity") is None else float(raw["quantity"]),
        unit=raw.get("unit"), categories=tuple(raw.get("categories") or ()),
        ship_classes=tuple(raw.get("ship_classes") or ()))
