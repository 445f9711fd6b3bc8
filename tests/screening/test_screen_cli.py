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
        "UN\t2026-02-27\t1029 entries\t0 vessels\tUN_consolidated.xml",
        "UK\t2025-08-11\t5300 entries\t461 vessels\tFCDO_SL_2025-08-11.derived.csv + "
        "uk_ship_imo_numbers.csv"]


def test_loading_the_same_files_again_changes_nothing(workspace):
    result = _run(["lists", "load", "--bundled"], workspace)
    assert result.exit_code == 0
    assert "loaded already" in result.output


def test_screen_one_imo_as_jsonl(workspace):
    result = _run(["screen", "--imo", "IMO 9538892"], workspace)
    assert result.exit_code == 0, result.output
    listing, *links = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    record = listing
    assert (record["score"], record["basis"]) == (1.0, "identifier")
    assert [(r["basis"], r["score"], r["entry"]["id"]) for r in links] == [
        ("link", 0.6, "36736"), ("link", 0.6, "RUS1852")]
    assert record["entry"]["names"] == ["SPARTA III", "URSA MAJOR"]
    assert record["entry"]["programs"] == ["RUSSIA-EO14024"]
    assert record["evidence"] == {"imo": {"how": "exact IMO", "query": "9538892",
                                          "listed": "9538892", "score": 1.0,
                                          "list": "OFAC SDN", "list_date": "2024-05-03"}}


def test_screen_text_with_candidates(workspace):
    result = _run(["screen", "--name", "MAIA-1", "--all", "--format", "text"], workspace)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == ("0.70  name only  OFAC SDN 37098  MAIA-1  IMO 9358010  [RUSSIA-EO14024]"
                        "  (list of 2024-05-03)  (candidate, below threshold)")
    assert "      linked to: TRANSMORFLOT LLC" in lines
    assert any("MAISHA" in line and "(candidate, below threshold)" in line for line in lines)


def test_a_name_alone_reports_nothing_without_all(workspace):
    result = _run(["screen", "--name", "MAIA-1"], workspace)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "0 matches for 1 identities" in result.output


def test_screen_with_a_former_name(workspace):
    result = _run(["screen", "--name", "POLAR STAR", "--former-name", "NEPTUN",
                   "--former-name", "M/V Maia 1", "--all"], workspace)
    assert result.exit_code == 0, result.output
    records = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    assert [(r["entry"]["id"], sorted(r["evidence"]), r["basis"]) for r in records[:2]] == [
        ("37098", ["former_name"], "name only"), ("24509", ["former_name"], "name only")]
    assert records[0]["evidence"]["former_name"]["query"] == "M/V Maia 1"


def test_text_output_of_a_batch_names_the_query(workspace):
    result = _run(["screen", "--input", "-", "--format", "text"], workspace,
                  '{"name": "NOBODY"}\n{"imo": "9743033"}\n')
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith(
        "[query 1] 1.00  identifier  OFAC SDN 37029  SPARTA IV")


def test_screen_a_batch_from_stdin(workspace):
    stdin = ('{"imo": "9161003"}\n{"name": "Урса Майор"}\n{"name": "NORDIC STAR"}\n'
             '{"name": "Урса Майор", "flag": "RU", "former_names": ["Спарта III"]}\n')
    result = _run(["screen", "--input", "-"], workspace, stdin)
    assert result.exit_code == 0, result.output
    records = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    assert [(r["query"], r["entry"]["names"][0], r["basis"]) for r in records] == [
        (0, "LADY R", "identifier"), (0, "LADY R", "identifier"), (0, "TRANSMORFLOT LLC", "link"),
        (3, "SPARTA III", "corroborated name"), (3, "SC SOUTH LLC", "link"),
        (3, "SC South LLC", "link")]


def test_a_batch_reports_bad_rows_and_goes_on(workspace):
    stdin = '{"imo": "9179843"}\n\n[1]\n{"imo": "9179842"}\n'
    result = _run(["screen", "--input", "-"], workspace, stdin)
    assert result.exit_code == 0, result.output
    records = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    assert records[:2] == [
        {"query": 0, "error": "IMO 9179843 has a wrong check digit (the last digit should be 2)",
         "path": "<stdin>", "line": 1},
        {"query": 2, "error": "expected a JSON object", "path": "<stdin>", "line": 3}]
    assert [(r["query"], r["entry"]["id"]) for r in records[2:]] == [
        (3, "37059"), (3, "RUS2183"), (3, "37065")]
    assert "3 matches for 1 identities, 2 bad rows not screened (error records)" in result.output


@pytest.mark.parametrize("args,stdin,message", [
    (["screen", "--imo", "9179843"], None, "IMO 9179843 has a wrong check digit"),
    (["screen", "--input", "-", "--strict"], '{"imo": 9179842}\n[1]\n',
     "<stdin>:2: expected a JSON object"),
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
    assert "5 matches for 4 identities" in result.output
    assert ("1.00  identifier  OFAC SDN 37059  ANGARA  IMO 9179842  [RUSSIA-EO14024]  (list of "
            "2024-05-03)  AIS seen 2023-10-01T00:00:00Z, 0.6 years before the list of "
            "2024-05-03") in result.stdout.splitlines()
    with Workspace.open(workspace) as ws:
        matches = ws.read("matches")
    assert sorted(zip(matches["mmsi"].to_pylist(), matches["entry_id"].to_pylist(),
                      matches["fields"].to_pylist(), matches["basis"].to_pylist(),
                      strict=True)) == [
        (273000001, "37059", ["flag", "imo", "name"], "identifier"),
        (273000001, "37065", ["link"], "link"),
        (273000001, "RUS2183", ["imo", "name"], "identifier"),
        (273000002, "37049", ["link"], "link"),
        (273000002, "37098", ["flag", "former_name", "former_names", "name"],
         "corroborated name")]
    assert matches["sighting_age_d"].to_pylist()[0] == 215.0
    with Workspace.open(workspace) as ws:
        assert workspace_screening_reasons(ws) == vessel_screening_reasons(matches)
    assert vessel_screening_reasons(matches) == {
        273000001: [
            ("IMO 9179842 on OFAC SDN (list of 2024-05-03) under RUSSIA-EO14024", 1.0),
            ("IMO 9179842 on UK since 2024-07-31 under Russia", 1.0),
            ("linked to listed M LEASING LLC (OFAC SDN 37065) via OFAC Linked To under "
             "RUSSIA-EO14024", 0.6)],
        273000002: [
            ("name MAIA-1 (corroborated name, score 0.91) on OFAC SDN (list of 2024-05-03) "
             "under RUSSIA-EO14024", 0.91),
            ("linked to listed TRANSMORFLOT LLC (OFAC SDN 37049) via OFAC Linked To under "
             "RUSSIA-EO14024", 0.546)]}


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


def _cut(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def _uk_bytes():
    from darkfleet.data import sample_path

    return sample_path("sanctions/uk_fcdo_sanctions_list_2025-08-11/"
                       "FCDO_SL_2025-08-11.derived.csv").read_bytes()


@pytest.mark.parametrize("name,data,message", [
    ("FCDO_SL_2025-09-01.csv", _uk_bytes()[:60], "UK 2025-09-01 has no entries: refused"),
    ("FCDO_SL_2025-09-02.csv", _uk_bytes()[:20000],
     ":190: expected 8 fields, found 4 (is the file cut short?)"),
    ("FCDO_SL_2025-09-03.csv", b"".join(_uk_bytes().splitlines(keepends=True)[:300]),
     "UK 2025-09-03 has 299 entries against 5300 in the version loaded: 94% fewer, more than "
     "the 20% allowed"),
    ("un_2026-03-01.xml", b'<CONSOLIDATED_LIST dateGenerated="2026-03-01T00:00:00">'
     b"<INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>", "UN 2026-03-01 has no entries: refused"),
    ("uk.csv", _uk_bytes(), "uk.csv: the file says no publication date, nor does its name"),
])
def test_a_broken_list_file_is_refused_and_the_loaded_list_stays(
        workspace, tmp_path, name, data, message):
    result = _run(["lists", "load", _cut(tmp_path, name, data)], workspace)
    assert result.exit_code == 1, result.output
    assert message in result.output
    versions = _run(["lists", "list"], workspace).output
    assert "UK\t2025-08-11\t5300 entries" in versions and "UN\t2026-02-27\t1029" in versions


def test_after_refused_loads_the_loaded_lists_still_screen(workspace, tmp_path):
    assert _run(["lists", "load", _cut(tmp_path, "FCDO_SL_2025-09-01.csv", _uk_bytes()[:60])],
                workspace).exit_code == 1
    records = [json.loads(x) for x in _run(["screen", "--name", "Lady R", "--flag", "RU"],
                                           workspace).stdout.splitlines()]
    assert [(r["entry"]["list"], r["entry"]["id"], r["basis"]) for r in records] == [
        ("OFAC SDN", "37095", "corroborated name"), ("OFAC SDN", "37049", "link")]


def test_a_shrunk_list_loads_when_allowed_and_an_undated_one_with_its_date(tmp_path):
    lines = _uk_bytes().splitlines(keepends=True)
    ws = tmp_path / "ws"
    first = _run(["lists", "load", _cut(tmp_path, "uk.csv", b"".join(lines[:101])),
                  "--date", "2025-08-01"], ws)
    assert first.exit_code == 0, first.output
    assert "UK 2025-08-01: 100 entries, 0 vessels (uk.csv)" in first.output
    smaller = _cut(tmp_path, "FCDO_2025-08-11.csv", b"".join(lines[:51]))
    assert _run(["lists", "load", smaller], ws).exit_code == 1
    allowed = _run(["lists", "load", smaller, "--allow-shrink"], ws)
    assert allowed.exit_code == 0, allowed.output
    assert "50 designation changes since the previous versions" in allowed.output


def test_network_of_a_vessel(workspace):
    result = _run(["network", "--imo", "9187629"], workspace)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "IMO 9187629",
        "  listed on OFAC SDN 15036 as ARTAVIL / ALPHA / ABADAN / SHONA (list of 2024-05-03)",
        "    OFAC Linked To: NATIONAL IRANIAN TANKER COMPANY [OFAC SDN:15117, OFAC SDN:15119]",
        "    1 link(s): linked to listed NATIONAL IRANIAN TANKER COMPANY (OFAC SDN 15117) via "
        "OFAC Linked To",
        "    1 link(s): linked to listed N.I.T.C. REPRESENTATIVE OFFICE (OFAC SDN 15119) via "
        "OFAC Linked To",
        "    2 link(s): linked to listed ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE "
        "(OFAC SDN 10465) via NATIONAL IRANIAN TANKER COMPANY (OFAC Linked To), OFAC Linked To",
        "    2 link(s): linked to listed Islamic Revolutionary Guard Corps (IRGC) Qods Force "
        "(UK INU0082) via NATIONAL IRANIAN TANKER COMPANY (OFAC Linked To), OFAC Linked To"]


def test_network_of_a_vessel_named_by_a_un_entry_and_its_ais_history(workspace):
    result = _run(["network", "--imo", "9179842", "--format", "jsonl"], workspace)
    records = [json.loads(x) for x in result.stdout.splitlines()]
    assert [r["kind"] for r in records] == ["vessel", "relation", "link", "vessel", "history"]
    assert (records[3]["list"], records[3]["id"]) == ("UK", "RUS2183")
    assert records[-1]["spans"] == [{"mmsi": 273000001, "name": "ANGARA", "callsign": "UBAA1",
                                     "flag": "RU", "first_seen": "2023-10-01T00:00:00Z",
                                     "last_seen": "2023-10-01T00:00:00Z"}]
    unknown = _run(["network", "--imo", "9074729"], workspace)
    assert unknown.stdout.splitlines() == [
        "IMO 9074729", "  on no loaded list and not seen in the workspace's AIS"]
