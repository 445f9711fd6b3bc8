"""`darkfleet decode` and `darkfleet ingest` through the real command line."""

import gzip
import json

from click.testing import CliRunner

from darkfleet.cli import cli
from darkfleet.ingest.sentence import checksum

GOOD = "!AIVDM,1,1,,B,13P;DhPP@M0RrVfOmDm=`9BJ00S;,0*{:02X}".format(
    checksum(b"AIVDM,1,1,,B,13P;DhPP@M0RrVfOmDm=`9BJ00S;,0"))


def run(*args, stdin=None):
    return CliRunner().invoke(cli, list(args), input=stdin)


def test_decode_prints_json_lines(package_data):
    path = package_data / "ais" / "dma-aislib" / "stream_example.txt"
    result = run("decode", str(path))
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 4051
    assert records[0] == {"msg_type": 4, "mmsi": 2311200, "ts": "2010-06-11T11:46:11.390Z",
                          "lat": records[0]["lat"], "lon": records[0]["lon"], "line": 2}
    assert round(records[0]["lat"], 6) == 61.423605


def test_decode_reads_stdin():
    result = run("decode", "-", stdin=GOOD + "\n")
    assert result.exit_code == 0
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert (record["msg_type"], record["mmsi"], record["line"]) == (1, 235066562, 1)
    assert record["ts"] is None


def test_ingest_json_report(package_data, tmp_path):
    path = package_data / "ais" / "kystverket-aisnet" / "Ais1000Lines.nm4"
    result = run("ingest", str(path), "-w", str(tmp_path / "ws"), "--format", "json")
    assert result.exit_code == 0, result.output
    (report,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert {k: report[k] for k in ("lines", "messages", "quarantined", "first_ts")} == {
        "lines": 1000, "messages": 877, "quarantined": 0, "first_ts": "2019-08-07T22:59:58Z"}
    again = run("ingest", str(path), "-w", str(tmp_path / "ws"))
    assert again.exit_code == 0
    assert again.stdout.strip() == f"{path}: already ingested, nothing added"


def test_ingest_text_report(tmp_path):
    path = tmp_path / "one.nmea"
    path.write_text(f"{GOOD}\nnot ais at all\n\n")
    result = run("ingest", str(path), "-w", str(tmp_path / "ws"))
    assert result.exit_code == 0
    assert result.stdout == (f"{path}: 3 lines, 1 messages, 1 positions, 0 static reports, "
                             "1 quarantined, 1 ignored, 0 duplicates; no times\n")


def test_strict_exit_code_and_message(tmp_path):
    path = tmp_path / "bad.nmea"
    path.write_text(f"{GOOD}\n{GOOD[:20]}\n")
    result = run("ingest", str(path), "-w", str(tmp_path / "ws"), "--strict")
    assert result.exit_code == 1
    assert f"{path}:2: truncated" in result.output
    assert "Traceback" not in result.output


def test_missing_file_is_an_input_error(tmp_path):
    result = run("ingest", str(tmp_path / "none.nmea"), "-w", str(tmp_path / "ws"))
    assert result.exit_code == 1
    assert "none.nmea: cannot" in result.output
    assert "Traceback" not in result.output


def test_no_paths_is_a_usage_error():
    assert run("ingest").exit_code == 2
    assert run("decode").exit_code == 2


def test_corrupt_gzip_is_an_input_error(package_data, tmp_path):
    data = (package_data / "ais" / "amsa-risky" / "ais.txt.gz").read_bytes()
    broken = tmp_path / "broken.gz"
    broken.write_bytes(data[:5000] + bytes(200) + data[5200:])
    cut = tmp_path / "cut.gz"
    cut.write_bytes(data[: len(data) // 2])
    for path in (broken, cut):
        for command in (["decode", str(path)], ["ingest", str(path), "-w", str(tmp_path / "w")]):
            result = run(*command)
            assert result.exit_code == 1, result.output
            assert f"{path}: cannot read" in result.output
            assert "Traceback" not in result.output
    assert run("ingest", str(broken), "-w", str(tmp_path / "w"), "--format", "json").exit_code == 1


def test_a_directory_is_an_input_error(tmp_path):
    result = run("ingest", str(tmp_path), "-w", str(tmp_path / "w"))
    assert result.exit_code == 1
    assert "cannot read" in result.output


def test_ingest_from_stdin_and_again(package_data, tmp_path):
    plain = (package_data / "ais" / "amsa-risky" / "nmea-timestamped.txt").read_bytes()
    data = gzip.compress(plain)
    workspace = str(tmp_path / "ws")
    first = CliRunner().invoke(cli, ["ingest", "-", "-w", workspace, "--format", "json"],
                               input=data)
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)
    assert (report["path"], report["lines"], report["already_ingested"]) == ("-", 100, False)
    again = CliRunner().invoke(cli, ["ingest", "-", "-w", workspace], input=data)
    assert again.stdout == "-: already ingested, nothing added\n"


def test_decode_strict(tmp_path):
    path = tmp_path / "bad.nmea"
    path.write_text(f"{GOOD}\n{GOOD[:-2]}00\n")
    lenient = run("decode", str(path))
    assert (lenient.exit_code, len(lenient.stdout.splitlines())) == (0, 1)
    strict = run("decode", str(path), "--strict")
    assert strict.exit_code == 1
    assert f"{path}:2: bad_checksum (the NMEA checksum does not match)" in strict.output
