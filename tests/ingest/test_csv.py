"""CSV exports: DMA, NOAA MarineCadastre and a generic CSV with a column mapping.

The samples in tests/ingest/data are hand-written with the exact headers (see the README there).
"""

from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from darkfleet.cli import cli
from darkfleet.errors import DecodeError, InputError
from darkfleet.ingest import IngestSettings, ingest_files
from darkfleet.ingest.csv_formats import parse_csv_map
from darkfleet.store import Workspace

GENERIC_MAP = "ts=time,mmsi=id,lat=y,lon=x,speed_kn=sog,shipname=vessel"


@pytest.fixture
def csv_dir(test_data):
    return test_data.parent / "ingest" / "data"


def ingest(path, tmp_path, **options):
    ws = Workspace.open(tmp_path / "ws", create=True)
    (report,) = ingest_files([path], ws, IngestSettings(), **options)
    return ws, report


def test_dma_export(csv_dir, tmp_path):
    ws, report = ingest(csv_dir / "dma_sample.csv", tmp_path)
    with ws:
        assert (report.lines, report.messages, report.positions, report.static_reports) == (
            10, 5, 5, 3)
        assert report.format == "dma"
        assert report.quarantined_by_reason == {"bad_columns": 1, "bad_mmsi": 1,
                                                "bad_number": 1, "bad_time": 1}
        assert ws.query("SELECT line, reason FROM {quarantine} ORDER BY line").to_pylist() == [
            {"line": 7, "reason": "bad_mmsi"}, {"line": 8, "reason": "bad_time"},
            {"line": 9, "reason": "bad_columns"}, {"line": 10, "reason": "bad_number"}]
        first = ws.query("SELECT * FROM {positions} ORDER BY line LIMIT 1").to_pylist()[0]
        assert first["ts"] == datetime(2023, 11, 1, tzinfo=UTC)
        assert (first["mmsi"], first["msg_type"], first["kind"], first["nav_status"]) == (
            219000873, 1, "vessel", 0)
        assert (first["lat"], first["lon"], first["heading_deg"]) == (56.99091, 10.304543, 31)
        assert first["speed_kn"] == pytest.approx(10.2)
        kinds = ws.query("SELECT line, msg_type, kind FROM {positions} WHERE line IN (4, 5) "
                         "ORDER BY line").to_pylist()
        assert kinds == [{"line": 4, "msg_type": 18, "kind": "vessel"},
                         {"line": 5, "msg_type": 4, "kind": "base_station"}]
        na = ws.query("SELECT lat, lon, course_deg, heading_deg, nav_status FROM {positions} "
                      "WHERE line = 6").to_pylist()
        assert na == [{"lat": None, "lon": None, "course_deg": None, "heading_deg": None,
                       "nav_status": 5}]
        static = ws.query("SELECT line, imo, callsign, shipname, ship_type, draught_m, "
                          "destination, to_bow_m, to_starboard_m FROM {static_reports} "
                          "ORDER BY line").to_pylist()
    assert [row["line"] for row in static] == [2, 4, 6]  # line 3 repeats line 2's values
    assert static[0] | {"draught_m": round(static[0]["draught_m"], 3)} == {
        "line": 2, "imo": 9236353, "callsign": "OXAB2", "shipname": "NORDIC STAR",
        "ship_type": 70, "draught_m": 5.6, "destination": "AARHUS", "to_bow_m": 80,
        "to_starboard_m": 8}
    assert (static[1]["shipname"], static[1]["ship_type"], static[1]["imo"]) == (
        "SEASPRAY", 37, None)


def test_marinecadastre_export(csv_dir, tmp_path):
    ws, report = ingest(csv_dir / "marinecadastre_sample.csv", tmp_path)
    with ws:
        assert (report.messages, report.positions, report.static_reports) == (3, 3, 2)
        assert report.format == "marinecadastre"
        assert report.quarantined_by_reason == {"bad_time": 1}
        rows = ws.query("SELECT p.line, p.msg_type, p.heading_deg, p.nav_status, s.imo, "
                        "s.ship_type FROM {positions} p LEFT JOIN {static_reports} s "
                        "USING (line) ORDER BY line").to_pylist()
    assert rows == [
        {"line": 2, "msg_type": 1, "heading_deg": None, "nav_status": 5, "imo": 9179842,
         "ship_type": 70},
        {"line": 3, "msg_type": 1, "heading_deg": None, "nav_status": 5, "imo": None,
         "ship_type": None},
        {"line": 4, "msg_type": 18, "heading_deg": 90.0, "nav_status": 15, "imo": None,
         "ship_type": 37},
    ]


def test_generic_csv_with_a_mapping(csv_dir, tmp_path):
    ws, report = ingest(csv_dir / "generic_sample.csv", tmp_path,
                        csv_map=parse_csv_map(GENERIC_MAP))
    with ws:
        times = ws.query("SELECT ts, msg_type FROM {positions} ORDER BY line").to_pylist()
    assert [t["ts"].isoformat() for t in times] == [
        "2023-08-01T04:00:00+00:00", "2023-08-01T04:01:00+00:00", "2023-08-01T04:02:00+00:00"]
    assert {t["msg_type"] for t in times} == {None}
    assert report.format == "generic"
    assert report.quarantined_by_reason == {"bad_time": 1}


def test_a_mapping_naming_a_missing_column(csv_dir, tmp_path):
    with pytest.raises(InputError, match=r"generic_sample\.csv:1: the header has no column 'lat'"):
        ingest(csv_dir / "generic_sample.csv", tmp_path, csv_map={"ts": "time", "mmsi": "id",
                                                                  "lat": "lat"})


def test_strict_csv(csv_dir, tmp_path):
    with pytest.raises(DecodeError, match=r"dma_sample.csv:7: bad_mmsi"):
        ingest(csv_dir / "dma_sample.csv", tmp_path, strict=True)


@pytest.mark.parametrize(
    ("text", "message"),
    [("ts=time", "at least ts and mmsi"), ("ts=time,mmsi", "FIELD=COLUMN"),
     ("ts=time,mmsi=id,colour=c", "unknown field 'colour'")],
)
def test_bad_mappings(text, message):
    with pytest.raises(ValueError, match=message):
        parse_csv_map(text)


def test_cli_csv_map(csv_dir, tmp_path):
    runner = CliRunner()
    path = str(csv_dir / "generic_sample.csv")
    good = runner.invoke(cli, ["ingest", path, "-w", str(tmp_path / "ws"), "--csv-map",
                               GENERIC_MAP])
    assert good.exit_code == 0, good.output
    assert "5 lines, 3 messages, 3 positions, 1 static reports, 1 quarantined" in good.output
    bad = runner.invoke(cli, ["ingest", path, "-w", str(tmp_path / "ws"), "--csv-map", "colour=y"])
    assert bad.exit_code == 2
    assert "unknown field 'colour'" in bad.output
