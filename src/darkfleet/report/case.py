"""Read a case file's parts (frame, claims and their sources, estimates, claim checks) as records.

Input is the evidence stage's typed case (`case_frame`, and its `Claim` records), or plain
data, as parsed from a YAML/JSON case file or read from workspace rows; nested values may also
arrive as JSON strings (how the workspace stores them). The shapes follow the Claim and
Estimate record contracts; see docs/report.md for the case file layout.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from darkfleet.errors import ReportError
from darkfleet.report.brief import Assumption, CaseInfo, Check, Claim, Estimate, Source
from darkfleet.row_values import decoded as _decoded
from darkfleet.row_values import required

if TYPE_CHECKING:
    from darkfleet.evidence.models import Case
    from darkfleet.evidence.models import Claim as CaseClaim
    from darkfleet.evidence.models import Source as CaseSource


def case_info(case: Mapping[str, Any]) -> CaseInfo:
    """The frame of a case: name, title, watched port groups and vessels of interest."""
    groups = _mapping(case.get("port_groups"), "port_groups")
    port_groups = tuple((str(name), tuple(_locodes(members))) for name, members in groups.items())
    vessels = []
    for i, raw in enumerate(_list(case.get("vessels"), "vessels")):
        item = _mapping(raw, f"vessels[{i}]")
        vessels.append((str(item.get("name", "")), _int(item.get("imo"), f"vessels[{i}].imo")))
    return CaseInfo(
        name=str(case.get("name", "")),
        title=_str(case.get("title")),
        port_groups=port_groups,
        vessels_of_interest=tuple(vessels),
    )


def case_frame(case: Case) -> CaseInfo:
    """The frame of the evidence stage's case: its id, title, port groups (their UN/LOCODEs)
    and vessels of interest."""
    return CaseInfo(
        name=case.id, title=_str(case.title),
        port_groups=tuple((g.name, tuple(code for code, _ in g.ports if code))
                          for g in case.port_groups),
        vessels_of_interest=tuple((v.name, v.imo) for v in case.vessels))


def claims_and_sources(
    rows: Sequence[Mapping[str, Any] | CaseClaim],
    named_sources: Mapping[str, Any] | None = None,
) -> tuple[tuple[Claim, ...], tuple[Source, ...]]:
    """Claims (the evidence stage's `Claim` records, or rows) with their sources numbered as
    footnotes in order of first citation.

    A row's `source` is an object (title, publisher, url, accessed_on) or the id of an entry of
    `named_sources`. Sources with the same URL share one footnote.

    Raises:
        ReportError: a claim without `id` or `statement`, or citing an unknown source id.
    """
    by_url: dict[str, Source] = {}
    claims = []
    for i, raw in enumerate(rows):
        if not isinstance(raw, Mapping):
            claims.append(_case_claim(raw, by_url))
            continue
        row = _mapping(raw, f"claims[{i}]")
        where = f"claims[{i}]"
        source = _source(row.get("source"), named_sources or {}, by_url, f"{where}.source")
        claims.append(Claim(
            id=_required(row, "id", where),
            statement=_required(row, "statement", where),
            quantity=_float(row.get("quantity"), f"{where}.quantity"),
            unit=_str(row.get("unit")),
            subject=_str(row.get("subject")),
            attributed_to=_str(row.get("attributed_to")),
            stated_on=_str(row.get("stated_on")),
            source=source,
            reliability=_str(row.get("reliability")),
            credibility=_int(row.get("credibility"), f"{where}.credibility"),
            supports=tuple(str(x) for x in _list(row.get("supports"), f"{where}.supports")),
            contradicts=tuple(str(x) for x in _list(row.get("contradicts"),
                                                     f"{where}.contradicts")),
        ))
    return tuple(claims), tuple(by_url.values())


def _case_claim(claim: CaseClaim, by_url: dict[str, Source]) -> Claim:
    """A claim of the evidence stage's case, its source numbered in `by_url`."""
    return Claim(
        id=claim.id, statement=claim.statement,
        quantity=None if claim.quantity is None else float(claim.quantity),
        unit=_str(claim.unit), subject=_str(claim.subject),
        attributed_to=_str(claim.attributed_to), stated_on=claim.stated_on.isoformat(),
        source=_numbered(claim.source, by_url), reliability=_str(claim.reliability),
        credibility=claim.credibility, supports=claim.supports, contradicts=claim.contradicts)


def _numbered(source: CaseSource, by_url: dict[str, Source]) -> Source:
    if source.url not in by_url:
        by_url[source.url] = Source(
            number=len(by_url) + 1, title=source.title, publisher=source.publisher,
            url=source.url,
            accessed_on=source.accessed_on.isoformat() if source.accessed_on else None)
    return by_url[source.url]


def estimates(rows: Sequence[Mapping[str, Any]], start: int = 0) -> tuple[Estimate, ...]:
    """Estimates (the Estimate contract; `id` and `unit` optional: an estimate without an id
    is `E<n>`, numbered from `start` + 1).

    Raises:
        ReportError: an estimate without a question or a p5/p50/p95 number.
    """
    result = []
    for i, raw in enumerate(rows):
        row = _mapping(raw, f"estimates[{i}]")
        where = f"estimates[{i}]"
        p5, p50, p95 = (_number(row, key, where) for key in ("p5", "p50", "p95"))
        result.append(Estimate(
            id=str(row.get("id") or f"E{start + i + 1}"),
            question=_required(row, "question", where),
            unit=_str(row.get("unit")),
            p5=p5, p50=p50, p95=p95,
            mean=_float(row.get("mean"), f"{where}.mean"),
            method=_str(row.get("method")),
            samples=_int(row.get("samples"), f"{where}.samples"),
            binding_constraint=_str(row.get("binding_constraint")),
            assumptions=_assumptions(row.get("assumptions"), f"{where}.assumptions"),
        ))
    return tuple(result)


def checks(rows: Sequence[Mapping[str, Any]]) -> tuple[Check, ...]:
    """Claim checks: `claim` (an id, or an object with `id`), `verdict`, optional `p5`, `p50`,
    `p95` (the model interval), `assumptions` and `check` (the kind of check).

    Raises:
        ReportError: a check without a claim id or verdict, or with a malformed number.
    """
    result = []
    for i, raw in enumerate(rows):
        row = _mapping(raw, f"checks[{i}]")
        where = f"checks[{i}]"
        claim = _decoded(row.get("claim"))
        claim_row = claim if isinstance(claim, Mapping) else {"id": claim}
        result.append(Check(
            claim_id=_required(claim_row, "id", f"{where}.claim"),
            p5=_float(row.get("p5"), f"{where}.p5"),
            p50=_float(row.get("p50"), f"{where}.p50"),
            p95=_float(row.get("p95"), f"{where}.p95"),
            verdict=_required(row, "verdict", where),
            assumptions=_assumptions(row.get("assumptions"), f"{where}.assumptions"),
            kind=str(row.get("check") or ""),
        ))
    return tuple(result)


def _required(row: Mapping[str, Any], key: str, where: str) -> str:
    return required(row, key, where, ReportError)


def _source(
    raw: Any, named: Mapping[str, Any], by_url: dict[str, Source], where: str
) -> Source | None:
    raw = _decoded(raw)
    if raw is None:
        return None
    if isinstance(raw, str):
        if raw not in named:
            raise ReportError(f"{where}: unknown source id {raw!r}")
        raw = named[raw]
    item = _mapping(raw, where)
    url = _required(item, "url", where)
    if url not in by_url:
        by_url[url] = Source(
            number=len(by_url) + 1,
            title=_required(item, "title", where),
            publisher=str(item.get("publisher") or ""),
            url=url,
            accessed_on=_str(item.get("accessed_on")),
        )
    return by_url[url]


def _assumptions(raw: Any, where: str) -> tuple[Assumption, ...]:
    raw = _decoded(raw)
    if isinstance(raw, Mapping):
        raw = [{"name": k, **(v if isinstance(v, Mapping) else {"value": v})}
               for k, v in raw.items()]
    result = []
    for i, item in enumerate(_list(raw, where)):
        if isinstance(item, str):
            result.append(Assumption(name=item, value="", unit=None, source=None))
            continue
        entry = _mapping(item, f"{where}[{i}]")
        result.append(Assumption(
            name=str(entry.get("name", "")),
            value=str(entry.get("value", "")),
            unit=_str(entry.get("unit")),
            source=_str(entry.get("source")),
        ))
    return tuple(result)


def _locodes(raw: Any) -> list[str]:
    return [str(x["locode"] if isinstance(x, Mapping) else x) for x in _list(raw, "port_groups")]


def _mapping(raw: Any, where: str) -> Mapping[str, Any]:
    raw = _decoded(raw)
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ReportError(f"{where}: expected an object, got {type(raw).__name__}")
    return raw


def _list(raw: Any, where: str) -> list[Any]:
    raw = _decoded(raw)
    if raw is None:
        return []
    if isinstance(raw, str) or not isinstance(raw, Sequence):
        raise ReportError(f"{where}: expected a list, got {type(raw).__name__}")
    return list(raw)


def _number(row: Mapping[str, Any], key: str, where: str) -> float:
    value = _float(row.get(key), f"{where}.{key}")
    if value is None:
        raise ReportError(f"{where}: {key} is required")
    return value


def _float(raw: Any, where: str) -> float | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        raise ReportError(f"{where}: expected a number, got {raw!r}")
    try:
        return float(raw)
    except (TypeError, ValueError) as error:
        raise ReportError(f"{where}: expected a number, got {raw!r}") from error


def _int(raw: Any, where: str) -> int | None:
    value = _float(raw, where)
    return None if value is None else int(value)


def _str(raw: Any) -> str | None:
    return None if raw is None or raw == "" else str(raw)
