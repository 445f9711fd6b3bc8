"""The evidence ledger: claims, observations and links, kept in the workspace's DuckDB catalogue.

Tables `evidence_claims`, `evidence_observations` and `evidence_links` live in `ws.con` beside
the store's own catalogue. Claims come in one at a time (`darkfleet claims add`) or from a case
file (`darkfleet claims import`); links say that a claim supports or contradicts an observation,
an estimate (`estimate:...`) or another claim.
"""

from __future__ import annotations

from typing import Any

import duckdb

from darkfleet.errors import EvidenceError
from darkfleet.evidence.models import RELATIONS, Case, Claim, Observation, Source

_DDL = """
CREATE TABLE IF NOT EXISTS evidence_claims (
    id VARCHAR PRIMARY KEY, statement VARCHAR, quantity DOUBLE, quantity_high DOUBLE,
    qualifier VARCHAR, unit VARCHAR, subject VARCHAR, attributed_to VARCHAR, stated_on DATE,
    window_start DATE, window_end DATE, source_title VARCHAR, source_publisher VARCHAR,
    source_url VARCHAR, source_accessed_on DATE, reliability VARCHAR, credibility INTEGER,
    case_id VARCHAR);
CREATE TABLE IF NOT EXISTS evidence_observations (
    id VARCHAR PRIMARY KEY, count DOUBLE, unit VARCHAR, place VARCHAR, time VARCHAR,
    channel VARCHAR, method VARCHAR, source_title VARCHAR, source_publisher VARCHAR,
    source_url VARCHAR, source_accessed_on DATE, note VARCHAR, case_id VARCHAR);
ALTER TABLE evidence_observations ADD COLUMN IF NOT EXISTS detection_id VARCHAR;
ALTER TABLE evidence_observations ADD COLUMN IF NOT EXISTS scene_id VARCHAR;
CREATE TABLE IF NOT EXISTS evidence_links (
    claim_id VARCHAR, relation VARCHAR, target_id VARCHAR,
    PRIMARY KEY (claim_id, relation, target_id));
"""
_CLAIM_COLUMNS = ("id, statement, quantity, quantity_high, qualifier, unit, subject, "
                  "attributed_to, stated_on, window_start, window_end, source_title, "
                  "source_publisher, source_url, source_accessed_on, reliability, credibility")
_OBSERVATION_COLUMNS = ("id, count, unit, place, time, channel, method, source_title, "
                        "source_publisher, source_url, source_accessed_on, note, detection_id, "
                        "scene_id")


class Ledger:
    """Claims, observations and links in one workspace connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        con.execute(_DDL)

    def add_claim(self, claim: Claim, case_id: str | None = None, replace: bool = False) -> None:
        """Raises: EvidenceError when the id exists and `replace` is false."""
        self._check_new("evidence_claims", claim.id, replace)
        s = claim.source
        self.con.execute(
            f"INSERT OR REPLACE INTO evidence_claims ({_CLAIM_COLUMNS}, case_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [claim.id, claim.statement, claim.quantity, claim.quantity_high, claim.qualifier,
             claim.unit, claim.subject, claim.attributed_to, claim.stated_on,
             claim.window_start, claim.window_end, s.title, s.publisher, s.url, s.accessed_on,
             claim.reliability, claim.credibility, case_id])
        for relation in RELATIONS:
            for target in getattr(claim, relation):
                self._insert_link(claim.id, relation, target)

    def add_observation(self, observation: Observation, case_id: str | None = None,
                        replace: bool = False) -> None:
        """Raises: EvidenceError when the id exists and `replace` is false."""
        self._check_new("evidence_observations", observation.id, replace)
        s = observation.source
        self.con.execute(
            f"INSERT OR REPLACE INTO evidence_observations ({_OBSERVATION_COLUMNS}, case_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [observation.id, observation.count, observation.unit, observation.place,
             observation.time, observation.channel, observation.method, s.title, s.publisher,
             s.url, s.accessed_on, observation.note, observation.detection_id,
             observation.scene_id, case_id])

    def import_case(self, case: Case) -> tuple[int, int]:
        """Put every claim and observation of `case` in the ledger (replacing same ids)."""
        for claim in case.claims:
            self.add_claim(claim, case.id, replace=True)
        for observation in case.observations:
            self.add_observation(observation, case.id, replace=True)
        return len(case.claims), len(case.observations)

    def link(self, claim_id: str, relation: str, target_id: str) -> None:
        """Record that claim `claim_id` supports or contradicts `target_id`.

        Raises:
            EvidenceError: an unknown relation, claim or target (estimates are `estimate:ID`).
        """
        if relation not in RELATIONS:
            raise EvidenceError(f"relation: one of {', '.join(RELATIONS)}, got {relation!r}",
                                field="relation")
        if not self._exists("evidence_claims", claim_id):
            raise EvidenceError(f"claim: no claim {claim_id!r} in the ledger", field="claim")
        known = self._exists("evidence_claims", target_id) or self._exists(
            "evidence_observations", target_id)
        if not known and not target_id.startswith("estimate:"):
            raise EvidenceError(f"target: no claim or observation {target_id!r} in the ledger "
                                "(estimates are written estimate:ID)", field="target")
        self._insert_link(claim_id, relation, target_id)

    def claims(self) -> list[Claim]:
        rows = self.con.execute(
            f"SELECT {_CLAIM_COLUMNS} FROM evidence_claims ORDER BY stated_on, id").fetchall()
        links = self._links()
        return [_claim(row, links) for row in rows]

    def observations(self) -> list[Observation]:
        rows = self.con.execute(
            f"SELECT {_OBSERVATION_COLUMNS} FROM evidence_observations ORDER BY time, id"
        ).fetchall()
        return [Observation(r[0], r[1], r[2], r[3], r[4], r[5], r[6],
                            Source(r[7], r[8], r[9], r[10]), r[11] or "", r[12], r[13])
                for r in rows]

    def _links(self) -> dict[tuple[str, str], list[str]]:
        found: dict[tuple[str, str], list[str]] = {}
        rows = self.con.execute("SELECT claim_id, relation, target_id FROM evidence_links "
                                "ORDER BY claim_id, relation, target_id").fetchall()
        for claim_id, relation, target in rows:
            found.setdefault((claim_id, relation), []).append(target)
        return found

    def _insert_link(self, claim_id: str, relation: str, target: str) -> None:
        self.con.execute("INSERT OR IGNORE INTO evidence_links VALUES (?, ?, ?)",
                         [claim_id, relation, target])

    def _exists(self, table: str, item_id: str) -> bool:
        return self.con.execute(f"SELECT 1 FROM {table} WHERE id = ?", [item_id]).fetchone() \
            is not None

    def _check_new(self, table: str, item_id: str, replace: bool) -> None:
        if not replace and self._exists(table, item_id):
            raise EvidenceError(f"id: {item_id!r} is already in the ledger", field="id")


def _claim(row: tuple[Any, ...], links: dict[tuple[str, str], list[str]]) -> Claim:
    return Claim(
        id=row[0], statement=row[1], quantity=row[2], quantity_high=row[3], qualifier=row[4],
        unit=row[5], subject=row[6], attributed_to=row[7], stated_on=row[8],
        window_start=row[9], window_end=row[10],
        source=Source(row[11], row[12], row[13], row[14]), reliability=row[15],
        credibility=row[16], supports=tuple(links.get((row[0], "supports"), ())),
        contradicts=tuple(links.get((row[0], "contradicts"), ())))

