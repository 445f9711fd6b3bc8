"""The evidence ledger: claims, observations and links, kept as tables of the workspace.

Tables `evidence_claims`, `evidence_observations` and `evidence_links` (declared with the
others in `darkfleet.store.schema.TABLES`) are written through the store's batches: every
change rewrites the three tables in one batch, so it commits whole or not at all. Claims come
in one at a time (`darkfleet claims add`) or from a case file (`darkfleet claims import`, one
batch for the whole case); links say that a claim supports or contradicts an observation, an
estimate (`estimate:...`) or another claim. A workspace whose ledger an earlier darkfleet kept
inside its catalogue is read from there until the ledger is first changed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pyarrow as pa

from darkfleet.errors import EvidenceError
from darkfleet.evidence.models import RELATIONS, Case, Claim, Observation, Source
from darkfleet.store import TABLES, Workspace

KIND = "evidence"
CLAIMS = "evidence_claims"
OBSERVATIONS = "evidence_observations"
LINKS = "evidence_links"

Row = dict[str, Any]
Link = tuple[str, str, str]


@dataclass(slots=True)
class _Rows:
    """The whole ledger in memory: claim and observation rows by id, and the links."""

    claims: dict[str, Row] = field(default_factory=dict)
    observations: dict[str, Row] = field(default_factory=dict)
    links: dict[Link, None] = field(default_factory=dict)  # an ordered set

    def table(self, name: str) -> pa.Table:
        """Table `name` of the ledger, as declared."""
        if name == LINKS:
            rows = [{"claim_id": c, "relation": r, "target_id": t} for c, r, t in self.links]
        else:
            rows = list((self.claims if name == CLAIMS else self.observations).values())
        return pa.Table.from_pylist(rows, schema=TABLES[name].schema)


class Ledger:
    """Claims, observations and links of one open workspace."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def add_claim(self, claim: Claim, case_id: str | None = None, replace: bool = False) -> None:
        """Raises: EvidenceError when the id exists and `replace` is false."""
        with self._change() as rows:
            _check_new(rows.claims, claim.id, replace)
            _put_claim(rows, claim, case_id)

    def add_observation(self, observation: Observation, case_id: str | None = None,
                        replace: bool = False) -> None:
        """Raises: EvidenceError when the id exists and `replace` is false."""
        with self._change() as rows:
            _check_new(rows.observations, observation.id, replace)
            rows.observations[observation.id] = _observation_row(observation, case_id)

    def import_case(self, case: Case) -> tuple[int, int]:
        """Put every claim and observation of `case` in the ledger (replacing same ids)."""
        with self._change() as rows:
            for claim in case.claims:
                _put_claim(rows, claim, case.id)
            for observation in case.observations:
                rows.observations[observation.id] = _observation_row(observation, case.id)
        return len(case.claims), len(case.observations)

    def link(self, claim_id: str, relation: str, target_id: str) -> None:
        """Record that claim `claim_id` supports or contradicts `target_id`.

        Raises:
            EvidenceError: an unknown relation, claim or target (estimates are `estimate:ID`).
        """
        if relation not in RELATIONS:
            raise EvidenceError(f"relation: one of {', '.join(RELATIONS)}, got {relation!r}",
                                field="relation")
        with self._change() as rows:
            if claim_id not in rows.claims:
                raise EvidenceError(f"claim: no claim {claim_id!r} in the ledger",
                                    field="claim")
            known = target_id in rows.claims or target_id in rows.observations
            if not known and not target_id.startswith("estimate:"):
                raise EvidenceError(f"target: no claim or observation {target_id!r} in the "
                                    "ledger (estimates are written estimate:ID)", field="target")
            rows.links[(claim_id, relation, target_id)] = None

    def claims(self) -> list[Claim]:
        """Every claim, by the day it was made, then id."""
        rows = self._load()
        links: dict[tuple[str, str], list[str]] = {}
        for claim_id, relation, target in sorted(rows.links):
            links.setdefault((claim_id, relation), []).append(target)
        ordered = sorted(rows.claims.values(), key=lambda r: (*_day_key(r["stated_on"]), r["id"]))
        return [_claim(row, links) for row in ordered]

    def observations(self) -> list[Observation]:
        """Every observation, by time, then id."""
        ordered = sorted(self._load().observations.values(), key=lambda r: (r["time"], r["id"]))
        return [Observation(r["id"], r["count"], r["unit"], r["place"], r["time"], r["channel"],
                            r["method"], _source(r), r["note"] or "", r["detection_id"],
                            r["scene_id"]) for r in ordered]

    @contextmanager
    def _change(self) -> Iterator[_Rows]:
        """The ledger to change in the block; written in one batch when the block ends
        without an error (and not at all otherwise)."""
        rows = self._load()
        yield rows
        with self.ws.batch(KIND, f"{KIND}:{uuid.uuid4().hex}") as batch:
            for name in (CLAIMS, OBSERVATIONS, LINKS):
                batch.replace(name)
                batch.add(name, rows.table(name), day_column=None)

    def _load(self) -> _Rows:
        legacy = not self.ws.has_batch_kind(KIND)
        claims, observations, links = (self._rows(name, legacy)
                                       for name in (CLAIMS, OBSERVATIONS, LINKS))
        return _Rows({r["id"]: r for r in claims}, {r["id"]: r for r in observations},
                     {(r["claim_id"], r["relation"], r["target_id"]): None for r in links})

    def _rows(self, name: str, legacy: bool) -> list[Row]:
        """The rows of table `name`, each with every declared column."""
        if self.ws.has_table(name):
            return list(self.ws.read(name).to_pylist())
        table = self.ws.catalogue_table(name) if legacy else None
        if table is None:
            return []
        columns = TABLES[name].schema.names
        return [{c: row.get(c) for c in columns} for row in table.to_pylist()]


def _check_new(rows: dict[str, Row], item_id: str, replace: bool) -> None:
    if not replace and item_id in rows:
        raise EvidenceError(f"id: {item_id!r} is already in the ledger", field="id")


def _put_claim(rows: _Rows, claim: Claim, case_id: str | None) -> None:
    s = claim.source
    rows.claims[claim.id] = {
        "id": claim.id, "statement": claim.statement, "quantity": claim.quantity,
        "quantity_high": claim.quantity_high, "qualifier": claim.qualifier, "unit": claim.unit,
        "subject": claim.subject, "attributed_to": claim.attributed_to,
        "stated_on": claim.stated_on, "window_start": claim.window_start,
        "window_end": claim.window_end, "source_title": s.title, "source_publisher": s.publisher,
        "source_url": s.url, "source_accessed_on": s.accessed_on,
        "reliability": claim.reliability, "credibility": claim.credibility, "case_id": case_id}
    for relation in RELATIONS:
        for target in getattr(claim, relation):
            rows.links[(claim.id, relation, target)] = None


def _observation_row(observation: Observation, case_id: str | None) -> Row:
    s = observation.source
    return {"id": observation.id, "count": observation.count, "unit": observation.unit,
            "place": observation.place, "time": observation.time,
            "channel": observation.channel, "method": observation.method,
            "source_title": s.title, "source_publisher": s.publisher, "source_url": s.url,
            "source_accessed_on": s.accessed_on, "note": observation.note,
            "detection_id": observation.detection_id, "scene_id": observation.scene_id,
            "case_id": case_id}


def _day_key(day: date | None) -> tuple[bool, date]:
    """Days in order, a missing one last (as SQL orders nulls)."""
    return day is None, day or date.min


def _source(row: Row) -> Source:
    return Source(row["source_title"], row["source_publisher"], row["source_url"],
                  row["source_accessed_on"])


def _claim(row: Row, links: dict[tuple[str, str], list[str]]) -> Claim:
    return Claim(
        id=row["id"], statement=row["statement"], quantity=row["quantity"],
        quantity_high=row["quantity_high"], qualifier=row["qualifier"], unit=row["unit"],
        subject=row["subject"], attributed_to=row["attributed_to"],
        stated_on=row["stated_on"], window_start=row["window_start"],
        window_end=row["window_end"], source=_source(row), reliability=row["reliability"],
        credibility=row["credibility"], supports=tuple(links.get((row["id"], "supports"), ())),
        contradicts=tuple(links.get((row["id"], "contradicts"), ())))
