"""The summary of findings, generated from the records.

A finding is a sentence made of plain text pieces and linked pieces (`Ref`). Every number,
date or identifier a finding states sits inside a `Ref` whose anchor is the record it comes from
(a count links to the workspace table it counts, `rec-table-NAME`), so a reader can check each
one; plain pieces never hold digits (the tests walk every link).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from darkfleet.events.records import Event, Vessel, Voyage
from darkfleet.report.brief import BriefData, anchor, anchor_of, label
from darkfleet.report.numbers import day, fmt, hours, interval
from darkfleet.screening.model import Match


@dataclass(frozen=True, slots=True)
class Ref:
    """Text linked to a record's element id."""

    text: str
    anchor: str


@dataclass(frozen=True, slots=True)
class Tag:
    """A mark set beside an item: SIMULATED for one that rests on simulated data."""

    text: str = "SIMULATED"


Piece = str | Ref | Tag


def _sim(brief: BriefData, *mmsis: int | None) -> tuple[Piece, ...]:
    """A SIMULATED tag when any of the vessels is simulated (nothing otherwise)."""
    return (" ", Tag()) if set(mmsis) & brief.simulated_mmsis else ()


@dataclass(frozen=True, slots=True)
class Finding:
    heading: str
    lead: tuple[Piece, ...]
    items: tuple[tuple[Piece, ...], ...] = ()


def findings(brief: BriefData, limit: int) -> tuple[Finding, ...]:
    """The findings a brief opens with, in order; only those the records support."""
    makers = (_scope, _voyages, _gaps, _encounters, _matches, _estimates, _claims)
    found = (maker(brief, limit) for maker in makers)
    return tuple(f for f in found if f is not None)


def _count(brief: BriefData, n: int, table: str, noun: str) -> Ref:
    """A count linked to the table it counts; `noun` is plural and loses its `s` for one."""
    word = noun[:-1] if n == 1 and noun.endswith("s") else noun
    return Ref(f"{n:,} {word}", anchor("table", table))


def _vessel(brief: BriefData, mmsi: int | None, fallback: str) -> Piece:
    """A vessel's name linked to its card, or the fallback record when it has none."""
    vessel = next((v for v in brief.vessels if v.mmsi == mmsi), None)
    if vessel is not None:
        return Ref(label(vessel), anchor_of(vessel))
    return Ref(f"MMSI {mmsi}" if mmsi is not None else "an unknown vessel", fallback)


def _scope(brief: BriefData, limit: int) -> Finding | None:
    if not brief.vessels:
        return None
    table = "vessels" if "vessels" in brief.tables else "positions"
    seen = brief.mmsis_seen
    lead: list[Piece] = ["The workspace holds "]
    if seen is not None and seen != len(brief.vessels):
        lead += [_count(brief, seen, table, "vessels"), " (MMSIs in positions or "
                 "static reports), ", Ref(f"{len(brief.vessels):,} of them", anchor(
                     "table", table)), " with tracks"]
    else:
        lead.append(_count(brief, len(brief.vessels), table, "vessels"))
    simulated = [v for v in brief.vessels if v.mmsi in brief.simulated_seen]
    if simulated:
        lead += ["; simulated data (marked SIMULATED) covers ", _simulated_list(simulated, limit)]
    return Finding("Scope", (*lead, "."))


def _simulated_list(vessels: Sequence[Vessel], limit: int) -> Ref:
    names = ", ".join(label(v) for v in vessels[:limit])
    more = f" and {len(vessels) - limit:,} more" if len(vessels) > limit else ""
    return Ref(f"{len(vessels):,} of them ({names}{more})", anchor_of(vessels[0]))


def _voyages(brief: BriefData, limit: int) -> Finding | None:
    if not brief.voyages:
        return None
    watched = [v for v in brief.voyages if v.watched]
    lead: tuple[Piece, ...] = (_count(brief, len(watched), "voyages", "voyages"),
                               " were on a watched route or could have called at a watched "
                               "port while dark, of ",
                               _count(brief, len(brief.voyages), "voyages", "voyages"),
                               " detected.")
    # Riskiest first, as the terminal and the web app rank them; dark hours break ties.
    ranked = sorted(watched, key=lambda v: (-(v.risk or 0), -(v.dark_h or 0), v.id))
    return Finding("Watched voyages", lead, tuple(_voyage_item(brief, v) for v in
                                                  ranked[:limit]))


def _voyage_item(brief: BriefData, voyage: Voyage) -> tuple[Piece, ...]:
    risk = "" if voyage.risk is None else f", risk {voyage.risk:.2f}"
    facts = (f"{voyage.origin or '?'} → {voyage.destination or '?'}, departed "
             f"{day(voyage.depart)}, dark {hours(voyage.dark_h)}{risk}")
    return (_vessel(brief, voyage.mmsi, anchor_of(voyage)), ": ",
            Ref(facts, anchor_of(voyage)), *_sim(brief, voyage.mmsi))


def _gaps(brief: BriefData, limit: int) -> Finding | None:
    gaps = [e for e in brief.events if e.type == "ais_gap"]
    if not gaps:
        return None
    total = sum(g.duration_h for g in gaps)
    lead: tuple[Piece, ...] = (
        "AIS gaps: ", _count(brief, len(gaps), "events", "gaps"), ", ",
        Ref(f"{fmt(total)} h dark in all", anchor("table", "events")), ". The longest:")
    ranked = sorted(gaps, key=lambda g: (-g.duration_h, g.id))[:limit]
    return Finding("AIS gaps", lead, tuple(_event_item(brief, g) for g in ranked))


def _event_item(brief: BriefData, event: Event) -> tuple[Piece, ...]:
    where = f" near {event.lat:.2f}, {event.lon:.2f}" if event.lat is not None and \
        event.lon is not None else ""
    facts = f"{hours(event.duration_h)} from {day(event.start)}{where}"
    return (_vessel(brief, event.mmsi, anchor_of(event)), ": ", Ref(facts, anchor_of(event)),
            *_sim(brief, event.mmsi, event.other_mmsi))


def _encounters(brief: BriefData, limit: int) -> Finding | None:
    meets = [e for e in brief.events if e.type == "encounter"]
    if not meets:
        return None
    lead: tuple[Piece, ...] = ("Ship-to-ship encounter candidates: ",
                               _count(brief, len(meets), "events", "encounters"), ".")
    items = []
    for meet in sorted(meets, key=lambda e: (-e.duration_h, e.id))[:limit]:
        items.append((_vessel(brief, meet.mmsi, anchor_of(meet)), " met ",
                      _vessel(brief, meet.other_mmsi, anchor_of(meet)), ": ",
                      *_event_item(brief, meet)[2:]))
    return Finding("Encounters", lead, tuple(items))


def _matches(brief: BriefData, limit: int) -> Finding | None:
    if not brief.matches:
        return None
    listed = {m.vessel.mmsi if m.vessel.mmsi is not None else m.vessel.imo
              for m in brief.matches}
    lead: tuple[Piece, ...] = ("Screening against sanctions lists gave ",
                               _count(brief, len(brief.matches), "matches", "matches"),
                               " for ", Ref(f"{len(listed):,} vessels", anchor("table",
                                                                                 "matches")),
                               ".")
    ranked = sorted(brief.matches, key=lambda m: (-m.score, anchor_of(m)))[:limit]
    return Finding("Listed vessels", lead, tuple(_match_item(brief, m) for m in ranked))


def _match_item(brief: BriefData, match: Match) -> tuple[Piece, ...]:
    screened, entry = match.vessel, match.entry
    programs = f" ({', '.join(entry.programs)})" if entry.programs else ""
    facts = f"{entry.list} entry {entry.id}{programs}, score {match.score:.2f}"
    vessel: Piece = _vessel(brief, screened.mmsi, anchor_of(match)) \
        if screened.mmsi is not None else \
        Ref(screened.name or f"IMO {screened.imo}", anchor_of(match))
    return (vessel, " is listed: ", Ref(facts, anchor_of(match)), *_sim(brief, screened.mmsi))


def _estimates(brief: BriefData, limit: int) -> Finding | None:
    if not brief.estimates:
        return None
    items = tuple((Ref(f"{e.question}: {interval(e.p5, e.p50, e.p95, e.unit)}", e.anchor),)
                  for e in brief.estimates[:limit])
    return Finding("Estimates", ("Intervals from Monte Carlo estimates:",), items)


def _claims(brief: BriefData, limit: int) -> Finding | None:
    if not brief.checks:
        return None
    by_id = {c.id: c for c in brief.claims}
    failed = [c for c in brief.checks if c.failed]
    lead: tuple[Piece, ...] = (
        Ref(f"{len(failed):,} of {len(brief.checks):,} checked claims",
            failed[0].anchor if failed else brief.checks[0].anchor),
        " failed the plausibility check.")
    items = []
    ranked = sorted(brief.checks, key=lambda c: (not c.failed, not c.conditional, c.claim_id))
    for check in ranked[:limit]:
        claim = by_id.get(check.claim_id)
        said: Piece = Ref(claim.statement, claim.anchor) if claim else Ref(check.claim_id,
                                                                          check.anchor)
        allowed = "" if check.interval is None else \
            f"; the model allows {interval(*check.interval)}"
        facts = f"{check.kind + ' check: ' if check.kind else ''}{check.verdict}{allowed}"
        items.append((said, " — ", Ref(facts, check.anchor)))
    return Finding("Claims checked", lead, tuple(items))
