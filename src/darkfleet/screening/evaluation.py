"""Precision and recall of the screen on a labelled set of identities.

A case is one identity and the list entries (`LIST:ID`) it must be found as; an empty
`expected` labels a vessel that is on no list. Counting is per identity: a true positive is a
labelled identity whose expected entries include one reported at or above the threshold; a
false positive is an identity reported with no expected entry among its matches; a false
negative is a labelled identity for which none of its expected entries is reported.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from darkfleet.errors import ScreeningError
from darkfleet.screening.model import Identity, Match
from darkfleet.screening.query import identity_from_json
from darkfleet.screening.screener import Screener


@dataclass(frozen=True, slots=True)
class EvaluationCase:
    identity: Identity
    expected: frozenset[str]
    kind: str


@dataclass(frozen=True, slots=True)
class EvaluationResult:
    """Counts, precision and recall, and a line per mistake (`kind: identity -> found`)."""

    cases: int
    positives: int
    true_positives: int
    false_positives: int
    false_negatives: int
    mistakes: tuple[str, ...]

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
            cases.append(EvaluationCase(identity, frozenset(data["expected"]), data["kind"]))
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise ScreeningError(f"not an evaluation case: {error}", path=path,
                                 line=number) from error
    return cases


def _key(match: Match) -> str:
    return f"{match.entry.list}:{match.entry.id}"


def evaluate(screener: Screener, cases: Sequence[EvaluationCase]) -> EvaluationResult:
    """Screen every case once (in bulk) and count against the labels."""
    results = screener.screen_many([c.identity for c in cases])
    tp = fp = fn = 0
    mistakes: list[str] = []
    for case, matches in zip(cases, results, strict=True):
        found = {_key(m) for m in matches}
        hit = bool(found & case.expected)
        tp += hit
        fn += bool(case.expected) and not hit
        fp += bool(found) and not hit
        if bool(case.expected) != hit or (found and not hit):
            mistakes.append(f"{case.kind}: {case.identity.to_record()} -> {sorted(found)}")
    return EvaluationResult(len(cases), sum(1 for c in cases if c.expected), tp, fp, fn,
                            tuple(mistakes))
