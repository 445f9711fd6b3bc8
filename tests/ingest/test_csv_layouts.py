"""CSV layouts recognised by synonyms and delimiters; implausible times; values turned null."""

import pytest
from click.testing import CliRunner
from nmea_build import sentence, type1

from darkfleet.cli import cli
from darkfleet.ingest import IngestSettings, decode_file, ingest_files
from darkfleet.ingest.csv_formats import parse_csv_map
from darkfleet.store import Workspace


def ingest_text(tmp_path, text, name="in.csv", settings=None, **options):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        (report,) = ingest_files([path], ws, settings or IngestSettings(), **options)
        rows = ws.query("SELECT * FROM {positions} ORDER BY line").to_pylist() if (
            ws.has_table("positions")) else []
    return report, rows


@pytest.mark.parametrize(("header", "row"), [
    ("mmsi,base_date_time,longitude,latitude,sog,cog,heading,vessel_name,imo,call_sign,"
     "vessel_type,status,length,width,draft,cargo,transceiver",
     "367596940,2024-01-01 00:00:06,-94.79168,29.31263,0.0,207.3,511,GULF TRADER,IMO9179842,"
     "WDH4897,70,5,120,20,7.5,70,A"),
    ("MMSI;Timestamp;Latitude;Longitude;Speed;Course", "367596940;20240101_000006;29.31263;"
     "-94.79168;0.0;207.3"),
    ("mmsi\tdatetime\tlat\tlong\tsog", "367596940\t1704067206000\t29.31263\t-94.79168\t0.0"),
    ("MMSI,time,lat,lon", "367596940,1704067206,29.31263,-94.79168"),
    ("MMSI,Time,LAT,LON", "367596940,2024-01-01T00:00:06Z,29.31263,-94.79168"),
    ("MMSI,Time,LAT,LON", "367596940,01/01/2024 00:00:06,29.31263,-94.79168"),
    ("MMSI,Time,LAT,LON", "367596940,2024-1-1 0:00:06,29.31263,-94.79168"),
])
def test_layouts_are_recognised_by_synonyms(tmp_path, header, row):
    report, rows = ingest_text(tmp_path, f"{header}\n{row}\n")
    assert (report.messages, report.quarantined) == (1, 0)
    (stored,) = rows
    assert (stored["mmsi"], stored["lat"], stored["lon"]) == (367596940, 29.31263, -94.79168)
    assert stored["ts"].isoformat() == "2024-01-01T00:00:06+00:00"
    assert report.format == ("marinecadastre" if "base_date_time" in header else "generic")


def test_a_csv_map_accepts_synonyms(tmp_path):
    mapping = {"ts": "when", "mmsi": "who", "lat": "north", "lon": "east"}
    report, rows = ingest_text(tmp_path, "when,who,north,east\n1704067206,367596940,29.5,-94.5\n",
                               csv_map=mapping)
    assert (report.messages, rows[0]["lat"]) == (1, 29.5)
    assert parse_csv_map("timestamp=when,MMSI=who,latitude=north,long=east") == mapping


@pytest.mark.parametrize("text", ["ship,when,where\nA,today,here\n", "Just words.\nMore.\n"])
def test_an_unknown_layout_is_exit_1_listing_the_layouts(tmp_path, text):
    path = tmp_path / "odd.csv"
    path.write_text(text)
    result = CliRunner().invoke(cli, ["ingest", str(path), "-w", str(tmp_path / "ws")])
    assert result.exit_code == 1
    assert "odd.csv:1: neither NMEA nor a CSV of a known layout" in result.output
    assert "MarineCadastre" in result.output and "--csv-map ts=time,mmsi=id" in result.output


def test_implausible_times_are_quarantined_in_nmea_and_csv(tmp_path):
    settings = IngestSettings(chunk_lines=1000, earliest_time="2000-01-01T00:00:00Z",
                              max_future_h=24)
    lines = [sentence(type1(mmsi=257000000 + n), tag=b"\\c:%d*00\\" % c)
             for n, c in enumerate([1700000000, 946684799, 4102444800, 253402300799,
                                    1700000000123])]
    report, rows = ingest_text(tmp_path, b"\n".join(lines) + b"\n", "in.nmea", settings)
    assert report.quarantined_by_reason == {"implausible_time": 3}
    assert [r["mmsi"] for r in rows] == [257000000, 257000004]
    decoded = list(decode_file(tmp_path / "in.nmea", settings))
    assert [m.mmsi for m in decoded] == [257000000, 257000004]
    csv_text = ("MMSI,BaseDateTime,LAT,LON\n257000000,2023-11-14T22:13:20,1,2\n"
                "257000001,1999-12-31T23:59:59,1,2\n257000002,2099-01-01T00:00:00,1,2\n")
    (tmp_path / "c").mkdir()
    report, rows = ingest_text(tmp_path / "c", csv_text, settings=settings)
    assert report.quarantined_by_reason == {"implausible_time": 2}
    assert [r["mmsi"] for r in rows] == [257000000]


def test_csv_values_turned_null_are_counted(tmp_path):
    text = ("MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,Draft,Status,VesselType\n"
            "257000000,2023-11-14T22:13:20,95,181,102.3,360,511,30,7,70\n"
            "257000001,2023-11-14T22:13:21,91,-200,150,400,400,0,22,300\n")
    report, rows = ingest_text(tmp_path, text)
    assert report.nulled_by_field == {"course_deg": 1, "draught_m": 1, "heading_deg": 1,
                                      "lat": 1, "lon": 1, "nav_status": 1, "ship_type": 1,
                                      "speed_kn": 1}
    assert [(r["lat"], r["lon"], r["speed_kn"], r["heading_deg"]) for r in rows] == [
        (None, None, None, None), (None, None, None, None)]


def test_nmea_values_turned_null_are_counted_alike_by_both_paths(tmp_path):
    from nmea_build import bit_string

    def type1_with(heading, lat_raw):
        bits = type1(heading=heading)
        return bits[:89] + bit_string([(lat_raw, 27)]) + bits[116:]

    lines = [sentence(type1_with(400, 60 * 600_000), tag=b"\\c:1700000001*00\\"),
             sentence(type1_with(511, 91 * 600_000), tag=b"\\c:1700000002*00\\"),
             sentence(type1_with(88, 95 * 600_000), tag=b"\\c:1700000003*00\\")]
    tagged_differently = [line.replace(b"\\c:", b"\\s:x,n:1,c:") for line in lines]
    report, rows = ingest_text(tmp_path, b"\n".join(lines + tagged_differently) + b"\n",
                               "in.nmea")
    assert report.nulled_by_field == {"heading_deg": 2, "lat": 2}
    assert [(r["heading_deg"], r["lat"]) for r in rows][:3] == [(None, 60.0), (None, None),
                                                                (88.0, None)]
