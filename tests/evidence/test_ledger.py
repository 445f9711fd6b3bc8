"""The evidence ledger in a real workspace, and the `claims` commands."""

import csv
import io
import json
from datetime import date

import pytest
from click.testing import CliRunner

from darkfleet.cli import cli
from darkfleet.errors import EvidenceError
from darkfleet.evidence import Ledger, claim_from_record, load_case
from darkfleet.store import Workspace

RECORD = {
    "id": "c1", "statement": "6,700 containers sent", "quantity": 6700, "unit": "containers",
    "subject": "containers", "attributed_to": "ROK MND", "stated_on": "2024-02-26",
    "source": {"title": "T", "publisher": "Reuters", "url": "https://www.reuters.com/x",
               "accessed_on": "2024-03-02"},
    "reliability": "B", "credibility": 3,
}


@pytest.fixture
def ledger(tmp_path):
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        yield Ledger(ws)


def test_claim_round_trips_through_the_ledger(ledger):
    ledger.add_claim(claim_from_record(RECORD))
    [claim] = ledger.claims()
    assert claim.to_dict() == {
        "id": "c1", "statement": "6,700 containers sent", "quantity": 6700.0,
        "quantity_high": None, "qualifier": "about", "unit": "containers",
        "subject": "containers", "attributed_to": "ROK MND", "stated_on": "2024-02-26",
        "source": {"title": "T", "publisher": "Reuters", "url": "https://www.reuters.com/x",
                   "accessed_on": "2024-03-02"},
        "reliability": "B", "credibility": 3, "window_start": None, "window_end": None,
        "supports": [], "contradicts": []}


def test_import_case_and_link(ledger):
    case = load_case("dprk-russia-2023")
    assert ledger.import_case(case) == (53, 2)
    ledger.link("osc-2025-03-rounds", "supports", "obs-rajin-2023-09-08")
    ledger.link("osc-2025-03-rounds", "supports", "estimate:osc-15800-complete")
    claims = {c.id: c for c in ledger.claims()}
    assert claims["osc-2025-03-rounds"].supports == ("estimate:osc-15800-complete",
                                                     "obs-rajin-2023-09-08")
    assert claims["mnd-2024-10-rounds"].contradicts == ("osc-2025-03-rounds",)
    assert claims["shin-2024-02-26-152mm"].stated_on == date(2024, 2, 26)
    assert [o.id for o in ledger.observations()] == ["obs-rajin-2023-09-08",
                                                     "obs-tumangang-2023-10-05"]
    assert ledger.import_case(case) == (53, 2)
    assert len(ledger.claims()) == 53


@pytest.mark.parametrize(("call", "field"), [
    (lambda lg: lg.link("c1", "refutes", "c1"), "relation"),
    (lambda lg: lg.link("nope", "supports", "c1"), "claim"),
    (lambda lg: lg.link("c1", "supports", "nope"), "target"),
    (lambda lg: lg.add_claim(claim_from_record(RECORD)), "id"),
])
def test_ledger_errors_name_the_field(ledger, call, field):
    ledger.add_claim(claim_from_record(RECORD))
    with pytest.raises(EvidenceError) as error:
        call(ledger)
    assert error.value.field == field


@pytest.mark.parametrize(("change", "message"), [
    ({"stated_on": "26.02.2024"}, "stated_on: not a date ('26.02.2024')"),
    ({"source": None}, "source: None is neither a source id nor a source with title"),
    ({"credibility": 7}, "credibility: 7 is greater than the maximum of 6"),
])
def test_claim_records_are_checked_by_the_schema(change, message):
    record = {**RECORD, **change}
    with pytest.raises(EvidenceError, match=message.replace("(", r"\(").replace(")", r"\)")):
        claim_from_record(record)


def test_claim_without_a_source_is_rejected():
    record = {k: v for k, v in RECORD.items() if k != "source"}
    with pytest.raises(EvidenceError, match="source: missing"):
        claim_from_record(record)


def test_claims_commands(tmp_path):
    runner = CliRunner()
    ws = str(tmp_path / "ws")
    base = ["--statement", "s", "--subject", "x", "--attributed-to", "me", "--reliability", "B",
            "--credibility", "3", "--source-title", "t", "--source-publisher", "p"]
    bad = runner.invoke(cli, ["claims", "add", "-w", ws, "--id", "c1", "--stated-on",
                              "2024-02-30", "--source-url", "https://e.org", *base])
    assert bad.exit_code == 1
    assert "stated_on: not a date ('2024-02-30')" in bad.output
    missing = runner.invoke(cli, ["claims", "add", "-w", ws, "--id", "c1", "--stated-on",
                                  "2024-02-03", *base])
    assert missing.exit_code == 1
    assert "source.url: missing" in missing.output
    ok = runner.invoke(cli, ["claims", "add", "-w", ws, "--id", "c1", "--stated-on",
                             "2024-02-03", "--source-url", "https://e.org", "--quantity", "5",
                             *base])
    assert ok.exit_code == 0, ok.output
    assert runner.invoke(cli, ["claims", "import", "dprk-russia-2023", "-w", ws]).exit_code == 0
    link = runner.invoke(cli, ["claims", "link", "-w", ws, "c1", "contradicts",
                               "osc-2025-03-rounds"])
    assert link.exit_code == 0, link.output
    exported = runner.invoke(cli, ["claims", "export", "-w", ws]).output.splitlines()
    records = {r["id"]: r for r in map(json.loads, exported)}
    assert len(records) == 54
    assert records["c1"]["contradicts"] == ["osc-2025-03-rounds"]
    assert records["c1"]["quantity"] == 5.0
    rows = list(csv.DictReader(io.StringIO(
        runner.invoke(cli, ["claims", "export", "-w", ws, "--format", "csv"]).output)))
    assert len(rows) == 54
    listed = runner.invoke(cli, ["claims", "list", "-w", ws])
    assert "shin-2024-02-26-152mm" in listed.output


def test_claims_list_without_a_workspace_exits_1(tmp_path):
    result = CliRunner().invoke(cli, ["claims", "list", "-w", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "no darkfleet workspace" in result.output


def test_observations_commands(tmp_path):
    runner = CliRunner()
    ws = str(tmp_path / "ws")
    base = ["observations", "add", "-w", ws, "--id", "o1", "--count", "73", "--unit",
            "railcars", "--place", "Tumangang", "--channel", "rail", "--method", "imagery",
            "--source-title", "t", "--source-publisher", "CSIS"]
    bad = runner.invoke(cli, [*base, "--time", "5 Oct 2023", "--source-url", "https://e.org"])
    assert bad.exit_code == 1
    assert "time: '5 Oct 2023' does not match" in bad.output
    unsourced = runner.invoke(cli, [*base, "--time", "2023-10-05"])
    assert unsourced.exit_code == 1
    assert "source.url: missing" in unsourced.output
    ok = runner.invoke(cli, [*base, "--time", "2023-10-05", "--source-url", "https://e.org"])
    assert ok.exit_code == 0, ok.output
    [record] = [json.loads(line) for line in
                runner.invoke(cli, ["observations", "list", "-w", ws]).output.splitlines()]
    assert record == {"id": "o1", "count": 73.0, "unit": "railcars", "place": "Tumangang",
                      "time": "2023-10-05", "channel": "rail", "method": "imagery",
                      "source": {"title": "t", "publisher": "CSIS", "url": "https://e.org",
                                 "accessed_on": None}, "note": ""}


def test_the_ledger_commits_each_change_whole_or_not_at_all(tmp_path):
    import pyarrow.parquet as pq

    from darkfleet.store import TABLES

    with Workspace.open(tmp_path / "ws", create=True) as ws:
        ledger = Ledger(ws)
        assert ledger.import_case(load_case("dprk-russia-2023")) == (53, 2)
        assert len(ws.batches("evidence")) == 1
        with pytest.raises(EvidenceError):
            ledger.link("osc-2025-03-rounds", "supports", "nope")
        assert len(ws.batches("evidence")) == 1
        assert ws.tables() == ["evidence_claims", "evidence_links", "evidence_observations"]
        for name in ws.tables():
            [(_, where)] = ws.part_locations(name)
            assert pq.read_schema(where).remove_metadata() == TABLES[name].schema
        assert ws.read("evidence_links").num_rows == 2


def test_a_ledger_kept_in_the_catalogue_is_read_and_carried_over(tmp_path):
    import duckdb

    Workspace.open(tmp_path, create=True).close()
    con = duckdb.connect(str(tmp_path / "darkfleet.duckdb"))
    con.execute(
        "CREATE TABLE evidence_claims (id VARCHAR PRIMARY KEY, statement VARCHAR, "
        "quantity DOUBLE, quantity_high DOUBLE, qualifier VARCHAR, unit VARCHAR, subject VARCHAR,"
        " attributed_to VARCHAR, stated_on DATE, window_start DATE, window_end DATE, "
        "source_title VARCHAR, source_publisher VARCHAR, source_url VARCHAR, "
        "source_accessed_on DATE, reliability VARCHAR, credibility INTEGER, case_id VARCHAR);"
        "CREATE TABLE evidence_links (claim_id VARCHAR, relation VARCHAR, target_id VARCHAR);"
        "INSERT INTO evidence_claims VALUES ('c0', 's', 1, NULL, 'about', 'rounds', 'x', 'me', "
        "'2023-01-02', NULL, NULL, 't', 'p', 'https://e.org', NULL, 'B', 3, NULL);"
        "INSERT INTO evidence_links VALUES ('c0', 'supports', 'estimate:e1')")
    con.close()
    with Workspace.open(tmp_path) as ws:
        ledger = Ledger(ws)
        assert [(c.id, c.stated_on, c.supports) for c in ledger.claims()] == [
            ("c0", date(2023, 1, 2), ("estimate:e1",))]
        ledger.add_claim(claim_from_record(RECORD))
        assert [c.id for c in ledger.claims()] == ["c0", "c1"]
        assert ws.read("evidence_links").to_pylist() == [
            {"claim_id": "c0", "relation": "supports", "target_id": "estimate:e1"}]
