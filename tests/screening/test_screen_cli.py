"""`darkfleet lists ...` and `darkfleet screen` end to end on real workspaces."""

import json
from datetime import UTC, datetime

import pyarrow as pa
import pytest
from click.testing import CliRunner

from darkfleet.cli import cli
from darkfleet.screening import vessel_screening_reasons, workspace_screening_reasons
from darkfleet.store import STATIC_REPORTS, Workspace


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A workspace with the bundled lists and the static reports of four vessels."""
    path = tmp_path_factory.mktemp("ws")
    result = CliRunner().invoke(cli, ["lists", "load", "--bundled", "-w", str(path)])
    assert result.exit_code == 0, result.output
    day = datetime(2023, 10, 1, tzinfo=UTC)
    rows = [  # mmsi, hours, imo, callsign, name
        (273000001, 0, 9179842, "UBAA1", "ANGARA"),
        (273000002, 0, None, None, "NEPTUN"),
        (273000002, 5, None, None, "MAIA-1"),
        (273000003, 0, 9876543, None, "MARIA"),
        (257000004, 0, 9111436, "LAXX", "NORDIC STAR"),
    ]
    table = pa.Table.from_pylist([
        {"mmsi": m, "ts": day.replace(hour=h), "msg_type": 5, "imo": imo, "callsign": cs,
         "shipname": name, "file": "sim.nmea", "line": i + 1}
        for i, (m, h, imo, cs, name) in enumerate(rows)], schema=STATIC_REPORTS)
    with Workspace.open(path) as ws, ws.batch("ingest", "test") as batch:
        batch.add("static_reports", table)
    return path


def _run(args, workspace, stdin=None):
    return CliRunner().invoke(cli, [*args, "-w", str(workspace)], input=stdin)


def test_load_reports_each_list(workspace):
    result = _run(["lists", "list"], workspace)
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "OFAC SDN\t2024-05-03\t14965 entries\t851 vessels\tsdn.csv + alt.csv",
        "UN\t2026-02-27\t1003 entries\t0 vessels\tUN_consolidated.xml",
        "UK\t2025-08-11\t5300 entries\t461 vessels\tFCDO_SL_2025-08-11.derived.csv"]


def test_loading_the_same_files_again_changes_nothing(workspace):
    result = _run(["lists", "load", "--bundled"], workspace)
    assert result.exit_code == 0
    assert "loaded already" in result.output


def test_screen_one_imo_as_jsonl(workspace):
    result = _run(["screen", "--imo", "IMO 9538892"], workspace)
    assert result.exit_code == 0, result.output
    [line] = [x for x in result.stdout.splitlines() if x.startswith("{")]
    record = json.loads(line)
    assert record["score"] == 1.0
    assert record["entry"]["names"] == ["SPARTA III", "URSA MAJOR"]
    assert record["entry"]["programs"] == ["RUSSIA-EO14024"]
    assert record["evidence"] == {"imo": {"how": "exact IMO", "query": "9538892",
                                          "listed": "9538892", "score": 1.0,
                                          "list": "OFAC SDN", "list_date": "2024-05-03"}}


def test_screen_text_with_candidates(workspace):
    result = _run(["screen", "--name", "MAIA-1", "--all", "--format", "text"], workspace)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("0.90  OFAC SDN 37098  MAIA-1  IMO 9358010  [RUSSIA-EO14024]")
    assert "      linked to: TRANSMORFLOT LLC" in lines
    assert any("MAISHA" in line and "(below threshold)" in line for line in lines)


def test_screen_with_a_former_name(workspace):
    result = _run(["screen", "--name", "POLAR STAR", "--former-name", "NEPTUN",
                   "--former-name", "M/V Maia 1"], workspace)
    assert result.exit_code == 0, result.output
    records = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    assert [(r["entry"]["id"], sorted(r["evidence"])) for r in records] == [
        ("24509", ["former_name"]), ("37098", ["former_name"])]
    assert records[1]["evidence"]["former_name"]["query"] == "M/V Maia 1"


def test_text_output_of_a_batch_names_the_query(workspace):
    result = _run(["screen", "--input", "-", "--format", "text"], workspace,
                  '{"name": "NOBODY"}\n{"imo": "9743033"}\n')
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("[query 1] 1.00  OFAC SDN 37029  SPARTA IV")


def test_screen_a_batch_from_stdin(workspace):
    stdin = '{"imo": "9161003"}\n{"name": "Урса Майор"}\n{"name": "NORDIC STAR"}\n'
    result = _run(["screen", "--input", "-"], workspace, stdin)
    assert result.exit_code == 0, result.output
    records = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    assert [(r["query"], r["entry"]["names"][0]) for r in records] == [
        (0, "LADY R"), (1, "SPARTA III")]


@pytest.mark.parametrize("args,stdin,message", [
    (["screen", "--imo", "9179843"], None, "IMO 9179843 has a wrong check digit"),
    (["screen", "--input", "-"], '{"imo": 9179842}\n[1]\n', "<stdin>:2: expected a JSON object"),
    (["screen", "--mmsi", "12"], None, "not an MMSI"),
])
def test_bad_input_exits_1_with_a_message(workspace, args, stdin, message):
    result = _run(args, workspace, stdin)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_malformed_list_file_exits_1(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<CONSOLIDATED_LIST>\n<ENTITY>\n", encoding="utf-8")
    result = _run(["lists", "load", str(bad)], tmp_path / "ws")
    assert result.exit_code == 1
    assert f"Error: {bad}:3: malformed XML" in result.output
    assert not (tmp_path / "ws" / "tables").exists()


def test_a_workspace_never_screened_has_no_reasons(tmp_path):
    from darkfleet.screening import workspace_screening_reasons

    with Workspace.open(tmp_path, create=True) as ws:
        assert workspace_screening_reasons(ws) == {}


def test_screen_without_lists_says_what_to_do(tmp_path):
    Workspace.open(tmp_path, create=True).close()
    result = _run(["screen", "--imo", "9179842"], tmp_path)
    assert result.exit_code == 1
    assert "run `darkfleet lists load --bundled`" in result.output


def test_screening_the_workspace_stores_matches_and_reasons(workspace):
    result = _run(["screen", "--format", "text"], workspace)
    assert result.exit_code == 0, result.output
    assert "4 matches for 4 identities" in result.output
    with Workspace.open(workspace) as ws:
        matches = ws.read("matches")
    assert sorted(zip(matches["mmsi"].to_pylist(), matches["entry_id"].to_pylist(),
                      matches["fields"].to_pylist(), strict=True)) == [
        (273000001, "37059", ["imo", "name"]), (273000001, "RUS2183", ["name"]),
        (273000002, "24509", ["former_name"]), (273000002, "37098", ["former_name", "name"])]
    with Workspace.open(workspace) as ws:
        assert workspace_screening_reasons(ws) == vessel_screening_reasons(matches)
    assert vessel_screening_reasons(matches) == {
        273000001: [
            ("IMO 9179842 on OFAC SDN (list of 2024-05-03) under RUSSIA-EO14024", 1.0),
            ("name ANGARA (score 0.90) on UK since 2024-07-31 under Russia", 0.9)],
        273000002: [
            ("former name NEPTUN (score 0.90) on OFAC SDN (list of 2024-05-03) under DPRK4", 0.9),
            ("name MAIA-1 (score 0.90) on OFAC SDN (list of 2024-05-03) under RUSSIA-EO14024",
             0.9)]}


def test_history_after_a_newer_version(tmp_path):
    from darkfleet.data import sample_path

    lines = sample_path("sanctions/ofac_sdn_2024-05-03/sdn.csv").read_text(
        encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "v1.csv").write_text("".join(lines[:5]), encoding="utf-8")
    (tmp_path / "v2.csv").write_text("".join(lines[1:6]), encoding="utf-8")
    ws = tmp_path / "ws"
    for name, date in (("v1.csv", "2024-04-01"), ("v2.csv", "2024-05-03")):
        result = _run(["lists", "load", str(tmp_path / name), "--date", date], ws)
        assert result.exit_code == 0, result.output
    assert "2 designation changes since the previous versions" in result.output
    versions = [json.loads(x) for x in _run(["lists", "list", "--format", "jsonl"],
                                            ws).stdout.splitlines()]
    assert [(v["version"], v["entries"]) for v in versions] == [("2024-04-01", 5),
                                                                ("2024-05-03", 5)]
    history = [json.loads(x) for x in _run(["lists", "history"], ws).stdout.splitlines()]
    assert [(h["id"], h["change"], h["version"], h["previous_version"]) for h in history] == [
        ("480", "added", "2024-05-03", "2024-04-01"),
        ("36", "removed", "2024-05-03", "2024-04-01")]
