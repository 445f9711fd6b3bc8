"""The adapter: workspace tables and case file in, typed BriefData out, tolerant of gaps."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pytest
from report_builders import FLEET, brief_settings, flagship_case, flagship_records

from darkfleet.config import Config
from darkfleet.errors import EvidenceError, ReportError
from darkfleet.report import collect_brief, load_case
from darkfleet.report.write import collect
from darkfleet.store import Workspace

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_flagship_brief_holds_every_record(flagship_ws: Path) -> None:
    with Workspace.open(flagship_ws) as ws:
        brief = collect_brief(ws, flagship_case(), brief_settings(), NOW)
    assert [v.name for v in brief.vessels] == ["ANGARA", "LADY R", "MARIA", "TIKHOOKEANSKIY"]
    assert len(brief.events) == 10
    assert sorted({e.type for e in brief.events}) == ["ais_gap", "encounter", "port_call"]
    assert [v.id for v in brief.voyages] == [
        "voy-273213710-20231001", "voy-273318220-20231002", "voy-273440680-20231003"]
    assert [m.entry.id for m in brief.matches] == ["37059", "46773", "37095"]
    assert brief.simulated_mmsis == {mmsi for _, mmsi, *_ in FLEET}
    assert brief.missing == ()
    assert [(p.locode, p.called, p.watched) for p in brief.ports] == [
        ("KPCHO", False, True), ("KPNAM", False, True), ("KPNJN", True, True),
        ("RUNJK", False, True), ("RUPSE", False, True), ("RUVVO", False, True),
        ("RUVYP", True, True), ("RUZAR", False, True)]
    assert (brief.ports[2].lat, brief.ports[2].lon) == (42.243, 130.303)  # the port registry
    assert brief.title == "DPRK munitions to Russia by sea, 2023"


def test_sources_are_numbered_in_order_of_first_citation(flagship_ws: Path) -> None:
    with Workspace.open(flagship_ws) as ws:
        brief = collect_brief(ws, flagship_case(), brief_settings(), NOW)
    assert [(s.number, s.publisher) for s in brief.sources] == [
        (1, "Reuters"), (2, "Cable News Network"), (3, "Al Jazeera"), (4, "Wio News"),
        (5, "Cable News Network World")]
    assert [c.grade for c in brief.claims] == ["B2", "B3", "B3", "C3", "B2"]
    assert [c.failed for c in brief.checks] == [False, True]


def test_tracks_are_thinned_but_keep_gap_ends(flagship_ws: Path) -> None:
    config = Config.from_mapping({"report": {"map_points_per_vessel": 10}})
    with Workspace.open(flagship_ws) as ws:
        brief = collect_brief(ws, None, brief_settings(config), NOW)
    angara = next(t for t in brief.tracks if t.mmsi == FLEET[0][1])
    times = [p[0] for p in angara.points]
    gap = next(e for e in brief.events if e.type == "ais_gap" and e.mmsi == FLEET[0][1])
    assert gap.start.timestamp() in times and gap.end.timestamp() in times
    assert len(angara.points) < 40
    assert times == sorted(times)


def test_empty_workspace_lists_what_is_missing(empty_ws: Path) -> None:
    brief = collect(brief_settings(), empty_ws, None, NOW)
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
        brief = collect_brief(ws, None, brief_settings(), NOW)
    assert [v.mmsi for v in brief.vessels] == sorted(v.mmsi for v in brief.vessels)
    counts = {m: sum(1 for p in positions if p[0] == m) for m in {p[0] for p in positions}}
    assert {v.mmsi: v.positions for v in brief.vessels} == counts
    assert sorted(counts.values()) == [78, 78, 78, 114]
    assert len(brief.tracks) == 4
    assert sum(v.mmsi in brief.simulated_seen for v in brief.vessels) == 3


def test_claims_and_checks_also_come_from_workspace_tables(empty_ws: Path) -> None:
    case = flagship_case()
    with Workspace.open(empty_ws) as ws:
        ws.replace_table("claims", pa.Table.from_pylist([
            {**case["claims"][0], "source": json.dumps(case["sources"]["reuters"]),
             "supports": "[]", "contradicts": "[]"}]))
        ws.replace_table("claim_checks", pa.Table.from_pylist([
            {**case["checks"][0], "assumptions": "[]"}]))
        brief = collect_brief(ws, None, brief_settings(), NOW)
    assert [c.id for c in brief.claims] == ["C1"]
    assert brief.sources[0].publisher == "Reuters"
    assert [(k.claim_id, k.verdict) for k in brief.checks] == [("C1", "plausible")]


def test_malformed_case_names_the_field(empty_ws: Path) -> None:
    case = flagship_case()
    case["claims"][1]["credibility"] = "high"
    with Workspace.open(empty_ws) as ws, pytest.raises(ReportError) as error:
        collect_brief(ws, case, brief_settings(), NOW)
    assert str(error.value) == "claims[1].credibility: expected a number, got 'high'"


def test_unknown_source_id_is_an_error(empty_ws: Path) -> None:
    case = flagship_case()
    case["claims"][0]["source"] = "bbc"
    with Workspace.open(empty_ws) as ws, pytest.raises(ReportError, match="unknown source id"):
        collect_brief(ws, case, brief_settings(), NOW)


def test_the_bundled_case_brings_claims_sources_checks_and_estimates() -> None:
    loaded = load_case("dprk-russia-2023", Config().estimation)
    with_ids = {c.id for c in loaded.case.claims}
    assert loaded.case.id == "dprk-russia-2023"
    assert "shin-2024-02-26-containers" in with_ids
    assert all(c["claim"]["id"] in with_ids for c in loaded.checks)
    brief = collect_brief(None, loaded, brief_settings(), NOW)
    assert brief.case is not None and brief.case.name == "dprk-russia-2023"
    assert ("DPRK", ("KPNJN", "KPCHO", "KPNAM")) in brief.case.port_groups
    assert ("URSA MAJOR", 9538892) in brief.case.vessels_of_interest
    assert {c.id for c in brief.claims} == with_ids
    assert {e.id for e in brief.estimates} >= {"152mm-he-complete-6700-20ft"}
    assert brief.sources[0].publisher == "Reuters"
    assert len({c.anchor for c in brief.checks}) == len(brief.checks)
    verdicts = {(c.kind, c.claim_id): c.verdict for c in brief.checks}
    assert verdicts[("capacity", "shin-2024-02-26-122mm")] == "consistent"
    assert verdicts[("capacity", "shin-2024-02-26-152mm")] == "needs-assumptions"


def test_unknown_case_is_an_evidence_error() -> None:
    with pytest.raises(EvidenceError, match="no bundled case or file named 'no-such-case'"):
        load_case("no-such-case", Config().estimation)


def test_non_finite_positions_are_left_out(empty_ws: Path) -> None:
    from report_builders import T0, _event, declared

    nan = float("nan")
    with Workspace.open(empty_ws) as ws:
        ws.replace_table("track_points", declared("track_points", [
            {"mmsi": 1, "segment": 0, "ts": T0, "lat": 42.0, "lon": 131.0, "speed_kn": 1.0},
            {"mmsi": 1, "segment": 0, "ts": T0, "lat": nan, "lon": 131.0, "speed_kn": 1.0}]))
        ws.replace_table("events", declared("events", [
            _event("loitering", 1, T0, T0, nan, 131.0)]))
        brief = collect_brief(ws, None, brief_settings(), NOW)
    assert brief.tracks[0].points == ((T0.timestamp(), 42.0, 131.0, 0),)
    assert brief.events[0].lat is None and brief.events[0].duration_h == 0.0


def test_match_objects_as_json_text_are_read(empty_ws: Path) -> None:
    from report_builders import declared

    from darkfleet.report.brief import anchor_of

    with Workspace.open(empty_ws) as ws:
        ws.replace_table("matches", declared("matches", [{
            "vessel": '{"imo": 9538892}', "score": 0.97,
            "entry": '{"list": "OFAC SDN", "id": "46771", "names": ["SPARTA III", "URSA MAJOR"]}',
            "evidence": '[{"field": "imo", "how": "exact"}, {"field": "name", "how": "alias"}]'}]))
        ws.replace_table("vessels", declared("vessels", [{
            "mmsi": 273000001, "names": ["SPARTA III", "URSA MAJOR"]}]))
        brief = collect_brief(ws, None, brief_settings(), NOW)
    assert [(e.field, e.how, e.list) for e in brief.matches[0].evidence] == [
        ("imo", "exact", "OFAC SDN"), ("name", "alias", "OFAC SDN")]
    assert anchor_of(brief.matches[0]) == "rec-match-imo9538892-OFAC_SDN-46771"
    assert brief.vessels[0].names == ("SPARTA III", "URSA MAJOR")


def test_a_table_in_another_shape_is_refused_by_the_store(empty_ws: Path) -> None:
    from darkfleet.errors import SchemaError

    with Workspace.open(empty_ws) as ws, pytest.raises(SchemaError) as caught:
        ws.replace_table("vessels", pa.Table.from_pylist([{
            "mmsi": 273000001, "names": '[{"name": "SPARTA III"}]'}]))
    assert str(caught.value) == ("table vessels: column names is string, declared "
                                 "large_list<item: large_string>")
