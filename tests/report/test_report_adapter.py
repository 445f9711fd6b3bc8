"""The adapter: workspace tables and case file in, typed BriefData out, tolerant of gaps."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pytest
from report_builders import FLEET, flagship_case, flagship_records

from darkfleet.config import Config
from darkfleet.errors import ReportError
from darkfleet.report import collect_brief, load_case
from darkfleet.report.write import collect
from darkfleet.store import Workspace

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_flagship_brief_holds_every_record(flagship_ws: Path) -> None:
    with Workspace.open(flagship_ws) as ws:
        brief = collect_brief(ws, flagship_case(), Config(), NOW)
    assert [v.label for v in brief.vessels] == ["ANGARA", "LADY R", "MARIA", "TIKHOOKEANSKIY"]
    assert len(brief.events) == 10
    assert sorted({e.type for e in brief.events}) == ["ais_gap", "encounter", "port_call"]
    assert [v.id for v in brief.voyages] == [
        "voy-273213710-20231001", "voy-273318220-20231002", "voy-273440680-20231003"]
    assert [m.entry_id for m in brief.matches] == ["37059", "46773", "37095"]
    assert brief.simulated_mmsis == {mmsi for _, mmsi, *_ in FLEET}
    assert brief.missing == ()
    assert [p.locode for p in brief.ports] == ["KPNJN", "RUVYP"]
    assert brief.title == "DPRK munitions to Russia by sea, 2023"


def test_sources_are_numbered_in_order_of_first_citation(flagship_ws: Path) -> None:
    with Workspace.open(flagship_ws) as ws:
        brief = collect_brief(ws, flagship_case(), Config(), NOW)
    assert [(s.number, s.publisher) for s in brief.sources] == [
        (1, "Reuters"), (2, "Cable News Network"), (3, "Al Jazeera"), (4, "Wio News"),
        (5, "Cable News Network World")]
    assert [c.grade for c in brief.claims] == ["B2", "B3", "B3", "C3", "B2"]
    assert [c.failed for c in brief.checks] == [False, True]


def test_tracks_are_thinned_but_keep_gap_ends(flagship_ws: Path) -> None:
    config = Config.from_mapping({"report": {"map_points_per_vessel": 10}})
    with Workspace.open(flagship_ws) as ws:
        brief = collect_brief(ws, None, config, NOW)
    angara = next(t for t in brief.tracks if t.mmsi == FLEET[0][1])
    times = [p[0] for p in angara.points]
    gap = next(e for e in brief.events if e.type == "ais_gap" and e.mmsi == FLEET[0][1])
    assert gap.start.timestamp() in times and gap.end.timestamp() in times
    assert len(angara.points) < 40
    assert times == sorted(times)


def test_empty_workspace_lists_what_is_missing(empty_ws: Path) -> None:
    brief = collect(Config(workspace=empty_ws), None, NOW)
    assert brief.vessels == () and brief.tracks == () and brief.case is None
    assert brief.missing == (
        "no positions (run `darkfleet ingest`)",
        "no vessels table (run `darkfleet detect`)",
        "no events (run `darkfleet detect`)",
        "no voyages (run `darkfleet detect`)",
        "no screening matches (run `darkfleet screen`)",
        "no claims (the case names none, or no case was given: use `--case`)",
        "no estimates (run `darkfleet estimate` or add them to the case)",
        "no claim checks (run `darkfleet case check`)",
    )


def test_positions_alone_give_vessels_and_tracks(tmp_path: Path) -> None:
    from report_builders import _positions_table

    positions = flagship_records()[0]
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        with ws.batch("ingest", "k") as batch:
            batch.add("positions", _positions_table(positions))
        brief = collect_brief(ws, None, Config(), NOW)
    assert [v.mmsi for v in brief.vessels] == sorted(v.mmsi for v in brief.vessels)
    counts = {m: sum(1 for p in positions if p[0] == m) for m in {p[0] for p in positions}}
    assert {v.mmsi: v.positions for v in brief.vessels} == counts
    assert sorted(counts.values()) == [78, 78, 78, 114]
    assert len(brief.tracks) == 4
    assert sum(v.simulated for v in brief.vessels) == 3


def test_claims_and_checks_also_come_from_workspace_tables(empty_ws: Path) -> None:
    case = flagship_case()
    with Workspace.open(empty_ws) as ws:
        ws.replace_table("claims", pa.Table.from_pylist([
            {**case["claims"][0], "source": json.dumps(case["sources"]["reuters"]),
             "supports": "[]", "contradicts": "[]"}]))
        ws.replace_table("claim_checks", pa.Table.from_pylist([
            {**case["checks"][0], "assumptions": "[]"}]))
        brief = collect_brief(ws, None, Config(), NOW)
    assert [c.id for c in brief.claims] == ["C1"]
    assert brief.sources[0].publisher == "Reuters"
    assert [(k.claim_id, k.verdict) for k in brief.checks] == [("C1", "plausible")]


def test_malformed_case_names_the_field(empty_ws: Path) -> None:
    case = flagship_case()
    case["claims"][1]["credibility"] = "high"
    with Workspace.open(empty_ws) as ws, pytest.raises(ReportError) as error:
        collect_brief(ws, case, Config(), NOW)
    assert str(error.value) == "claims[1].credibility: expected a number, got 'high'"


def test_unknown_source_id_is_an_error(empty_ws: Path) -> None:
    case = flagship_case()
    case["claims"][0]["source"] = "bbc"
    with Workspace.open(empty_ws) as ws, pytest.raises(ReportError, match="unknown source id"):
        collect_brief(ws, case, Config(), NOW)


def test_case_file_errors_name_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "case.yaml"
    bad.write_text("name: x\nclaims: [\n  - id: C1\n", encoding="utf-8")
    with pytest.raises(ReportError) as error:
        load_case(str(bad))
    assert str(error.value) == (
        f"{bad}:3: not a valid case file: expected the node content, but found '-'")
    with pytest.raises(ReportError, match="unknown case 'no-such-case'"):
        load_case("no-such-case")
