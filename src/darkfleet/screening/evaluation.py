"""Precision and recall of the screen on a labelled set of identities.

A case is one identity, the list entries (`LIST:ID`) it must be found as, and the `level` at
which it must be found: `match` (reported at or above the threshold: identifiers and
corroborated names), `candidate` (a name alone: among the three best candidates, and never
reported) or `link` (a listed party the vessel is linked to, reported as a link). An empty
`expected` labels a vessel that is on no list. Counting is per identity: a true positive is a
labelled identity found at its level; a false positive is an identity with a reported match
(a listing, or for `link` cases a link) that is not expected; a false negative is a labelled
identity not found at its level. `name_only_reported` counts reported matches whose basis is
a name alone: it must stay 0.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from darkfleet.errors import ScreeningError
from darkfleet.screening.identity_input import identity_from_json
from darkfleet.screening.model import Identity, Match
from darkfleet.screening.screener import Screener

LEVELS = ("match", "candidate", "link")
CANDIDATES = 3


@dataclass(frozen=True, slots=True)
class EvaluationCase:
    identity: Identity
    expected: frozenset[str]
    kind: str
    level: str = "match"


@dataclass(frozen=True, slots=True)
class EvaluationResult:
    """Counts, precision and recall, and a line per mistake (`kind: identity -> found`)."""

    cases: int
    positives: int
    true_positives: int
    false_positives: int
    false_negatives: int
    mistakes: tuple[str, ...]
    name_only_reported: int = 0

    @property
    def precision(self) -> float:
        reported = self.true_positives + self.false_positives
        return self.true_positives / reported if reported else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.positives if self.positives else 1.0


def read_cases(path: Path) -> list[EvaluationCase]:
    """The cases of an evaluation file: JSON lines of `identity`, `expected`, `kind`.

    Raises:
        ScreeningError: a line is not such an object (names the file and line).
    """
    cases: list[EvaluationCase] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            data = json.loads(line)
            identity = identity_from_json(json.dumps(data["identity"]), str(path), number)
            level = data.get("level", "match")
            if level not in LEVELS:
                raise KeyError(f"level {level!r}")
            cases.append(EvaluationCase(identity, frozenset(data["expected"]), data["kind"],
                                        level))
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise ScreeningError(f"not an evaluation case: {error}", path=path,
                                 line=number) from error
    return cases


def _key(match: Match) -> str:
    return f"{match.entry.list}:{match.entry.id}"


def _found(case: EvaluationCase, matches: list[Match]) -> tuple[set[str], set[str]]:
    """What counts as found at the case's level, and what was reported (for false positives)."""
    listings = [m for m in matches if m.basis != "link"]
    reported = {_key(m) for m in listings if m.above_threshold}
    if case.level == "link":
        links = {_key(m) for m in matches if m.basis == "link" and m.above_threshold}
        return links, links
    if case.level == "candidate":
        return {_key(m) for m in listings[:CANDIDATES]}, reported
    return reported, reported


def evaluate(screener: Screener, cases: Sequence[EvaluationCase]) -> EvaluationResult:
    """Screen every case once (in bulk, candidates too) and count against the labels."""
    results = screener.screen_many([c.identity for c in cases], include_below=True)
    tp = fp = fn = name_only = 0
    mistakes: list[str] = []
    for case, matches in zip(cases, results, strict=True):
        found, reported = _found(case, matches)
        name_only += sum(1 for m in matches if m.above_threshold and m.basis == "name only")
        hit = bool(found & case.expected)
        wrong = bool(reported - case.expected)
        tp += hit
        fn += bool(case.expected) and not hit
        fp += wrong and not hit
        if bool(case.expected) != hit or (wrong and not hit):
            mistakes.append(f"{case.kind} ({case.level}): {case.identity.to_record()} -> "
                            f"{sorted(found)} reported {sorted(reported)}")
    return EvaluationResult(len(cases), sum(1 for c in cases if c.expected), tp, fp, fn,
                            tuple(mistakes), name_only)
