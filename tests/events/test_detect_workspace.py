import json

from click.testing import CliRunner
from event_factories import RAJIN, heartbeat, make_positions, make_statics, sail, stay

from darkfleet.cli import cli
from darkfleet.events import DetectSettings, detect, load_registry
from darkfleet.store import Workspace

DUNAI = (42.893, 132.358)


def _voyage_pings():
    out = stay(*RAJIN, 0, 3)  # 00:00-03:00 at Rajin
    out += sail(RAJIN, (42.5, 131.3), 180, 12)  # to 05:00
    out += sail((42.52, 131.8), DUNAI, 23 * 60, 12)  # dark 18 h, then on to Dunai by 01:00
    out += stay(*DUNAI, 25 * 60 + 10, 3)
    return out + heartbeat(0, 28)


def _workspace(tmp_path, pings, statics=None):
    with Workspace.open(tmp_path / "ws", create=True) as ws, ws.batch("test", "k") as batch:
        batch.add("positions", make_positions(pings))
        if statics is not None:
            batch.add("static_reports", statics)
    return tmp_path / "ws"


def test_detect_writes_events_voyages_and_vessels_across_partitions(tmp_path):
    statics = make_statics([
        {"mmsi": 273999001, "minute": 0, "imo": 9179842, "shipname": "ANGARA", "draught_m": 5.0},
        {"mmsi": 273999001, "minute": 170, "imo": 9179842, "shipname": "ANGARA",
         "draught_m": 7.0},
        {"mmsi": 273999001, "minute": 26 * 60, "imo": 9179842, "shipname": "ANGARA",
         "draught_m": 7.0},
        {"mmsi": 273999001, "minute": 27 * 60, "imo": 9179842, "shipname": "ANGARA",
         "draught_m": 5.2},  # unloaded at Dunai
    ])
    path = _workspace(tmp_path, _voyage_pings(), statics)
    with Workspace.open(path) as ws:
        summary = detect(ws, DetectSettings(), load_registry())
        assert ws.days("track_points") == ["2023-08-01", "2023-08-02"]
        voyages = ws.read("voyages").to_pylist()
    assert (summary.days, summary.events) == (2, {
        "ais_gap": 1, "draught_change": 2, "port_call": 3,  # 1 of the heartbeat
        "possible_port_call": 1})
    assert len(voyages) == 1
    voyage = voyages[0]
    assert (voyage["origin"], voyage["destination"], voyage["name"], voyage["imo"]) == (
        "KPNJN", "RUDUN", "ANGARA", 9179842)
    assert (voyage["dark_h"], voyage["draught_depart_m"], voyage["watched"]) == (18.167, 7.0, True)
    assert voyage["reasons"] == [
        "on a watched route: DPRK -> Russian Far East", "dark 18.2 h in transit (suspected)",
        "could have called at RUSLA while dark", "draught rose 2.0 m at origin",
        "draught fell 1.8 m at destination"]
    assert (voyage["draught_depart_m"], voyage["draught_arrive_m"]) == (7.0, 7.0)
    components = json.loads(voyage["details"])["risk_components"]
    assert components == {"route": 1.0, "dark": 0.78, "possible_port_call": 1.0,
                          "draught": 1.0, "encounter": 0.0, "collision": 0.0, "sanctions": 0.0}
    # weighted mean: weights 0.4 route, 0.3 dark, 0.3 possible call, 0.2 draught, 0.3
    # encounter, 0.2 collision, 0.6 sanctions (2.3 in all)
    assert voyage["risk"] == round((0.4 + 0.3 * 0.78 + 0.3 + 0.2) / 2.3, 3)


def test_extra_reasons_from_other_stages_raise_the_risk(tmp_path):
    path = _workspace(tmp_path, _voyage_pings())
    with Workspace.open(path) as ws:
        detect(ws, DetectSettings(), load_registry(),
               extra_reasons={273999001: [("listed by OFAC", 0.5)]})
        voyage = ws.read("voyages").to_pylist()[0]
    assert voyage["reasons"][-1] == "listed by OFAC"
    assert voyage["risk"] == round((0.4 + 0.3 * 0.78 + 0.3 + 0.6 * 0.5) / 2.3, 3)


def test_voyages_follow_the_current_screening_without_detecting_again(tmp_path):
    from darkfleet.events.query import Filters, read_table
    from darkfleet.screening.fleet import store_matches

    path = _workspace(tmp_path, _voyage_pings())
    with Workspace.open(path) as ws:
        detect(ws, DetectSettings(), load_registry(),
               extra_reasons={273999001: [("listed by OFAC", 0.5)]})
        [listed] = read_table(ws, "voyages", Filters())
        store_matches(ws, [])  # screened again: no match any more
        [cleared] = read_table(ws, "voyages", Filters())
    assert listed["reasons"][-1] == "listed by OFAC"
    assert listed["details"]["risk_components"]["sanctions"] == 0.5
    assert "listed by OFAC" not in cleared["reasons"]
    assert cleared["details"]["risk_components"]["sanctions"] == 0.0
    assert cleared["risk"] == round((0.4 + 0.3 * 0.78 + 0.3) / 2.3, 3) < listed["risk"]


def test_cli_detect_then_events_voyages_vessels(tmp_path):
    path = _workspace(tmp_path, _voyage_pings())
    runner = CliRunner()
    result = runner.invoke(cli, ["detect", "-w", str(path)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["events", "-w", str(path), "--type", "ais_gap"])
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["type"], r["start"], r["end"]) for r in rows] == [
        ("ais_gap", "2023-08-01T05:00:00Z", "2023-08-01T23:10:00Z")]
    result = runner.invoke(cli, ["voyages", "-w", str(path), "--watched", "--format", "csv"])
    assert result.output.splitlines()[0].startswith("id,mmsi,imo,name,origin,destination")
    result = runner.invoke(cli, ["vessels", "-w", str(path), "--mmsi", "273999001"])
    assert json.loads(result.output)["flag"] == "RU"


def test_nothing_ingested_is_a_one_line_error(tmp_path):
    Workspace.open(tmp_path / "ws", create=True).close()
    result = CliRunner().invoke(cli, ["detect", "-w", str(tmp_path / "ws")])
    assert result.exit_code == 1
    assert result.output.strip().endswith("the workspace has no positions "
                                          "(run `darkfleet ingest` first)")
    assert len(result.output.strip().splitlines()) == 1


def test_events_before_detect_is_a_one_line_error(tmp_path):
    path = _workspace(tmp_path, _voyage_pings())
    result = CliRunner().invoke(cli, ["events", "-w", str(path)])
    assert result.exit_code == 1
    assert "no events yet (run `darkfleet detect` first)" in result.output


def test_corrupt_partition_is_a_one_line_error(tmp_path):
    path = _workspace(tmp_path, _voyage_pings())
    part = sorted((path / "tables" / "positions").glob("day=2023-08-02/*.parquet"))[0]
    part.write_bytes(b"not parquet at all")
    result = CliRunner().invoke(cli, ["detect", "-w", str(path)])
    assert result.exit_code == 1
    assert "cannot read positions of 2023-08-02" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_bad_port_geometry_is_a_one_line_error(tmp_path):
    path = _workspace(tmp_path, _voyage_pings())
    bad = tmp_path / "ports.geojson"
    bad.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"locode": "XXAAA"},
         "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}}]}))
    result = CliRunner().invoke(cli, ["detect", "-w", str(path), "--ports", str(bad)])
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {bad}: feature 0: bad geometry: expected Point, Polygon or MultiPolygon, "
        "got 'LineString'")


def test_user_polygon_overrides_a_port(tmp_path):
    # a polygon around the Dunai terminal that also covers the last transit fixes
    ring = [[132.0, 42.7], [132.5, 42.7], [132.5, 43.0], [132.0, 43.0], [132.0, 42.7]]
    ports = tmp_path / "ports.geojson"
    ports.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"locode": "RUDUN", "name": "Dunai (wide)"},
         "geometry": {"type": "Polygon", "coordinates": [ring]}}]}))
    path = _workspace(tmp_path, _voyage_pings())
    with Workspace.open(path) as ws:
        detect(ws, DetectSettings(), load_registry(ports))
        calls = [e for e in ws.read("events").to_pylist()
                 if e["type"] == "port_call" and e["mmsi"] == 273999001]
    assert [c["port"] for c in calls] == ["KPNJN", "RUDUN"]
    assert load_registry(ports).get("RUDUN").groups == ("russia-far-east",)


def test_events_filters_and_geojson(tmp_path):
    path = _workspace(tmp_path, _voyage_pings())
    runner = CliRunner()
    assert runner.invoke(cli, ["detect", "-w", str(path)]).exit_code == 0

    def ids(*args):
        result = runner.invoke(cli, ["events", "-w", str(path), *args])
        assert result.exit_code == 0, result.output
        return [json.loads(line)["type"] for line in result.output.splitlines()]

    assert ids("--mmsi", "273999001") == [
        "port_call", "ais_gap", "possible_port_call", "port_call"]
    assert ids("--mmsi", "273999001", "--since", "2023-08-02T00:30:00Z") == ["port_call"]
    assert ids("--mmsi", "273999001", "--until", "2023-08-01T04:00:00Z") == ["port_call"]
    assert ids("--port", "RUDUN") == ["port_call"]
    assert ids("--area", "42.8,132.2,43.0,132.5") == ["port_call"]
    result = runner.invoke(cli, ["events", "-w", str(path), "--type", "ais_gap",
                                 "--format", "geojson"])
    feature = json.loads(result.output)["features"][0]
    # the gap is drawn as the jump it is: from the last fix before to the first fix after
    assert feature["geometry"] == {"type": "LineString",
                                   "coordinates": [[131.3, 42.5], [131.8465, 42.551083]]}
    assert feature["properties"]["details"]["open"] is False
    result = runner.invoke(cli, ["events", "-w", str(path), "--area", "1,2"])
    assert result.exit_code == 2


def test_voyage_filters(tmp_path):
    path = _workspace(tmp_path, _voyage_pings())
    runner = CliRunner()
    assert runner.invoke(cli, ["detect", "-w", str(path)]).exit_code == 0

    def count(*args):
        result = runner.invoke(cli, ["voyages", "-w", str(path), *args])
        assert result.exit_code == 0, result.output
        return len(result.output.splitlines())

    assert count() == 1
    assert (count("--port", "RUDUN"), count("--port", "RUVYP")) == (1, 0)
    assert (count("--since", "2023-08-02T02:00:00Z"), count("--until", "2023-08-01T02:00:00Z")) \
        == (0, 0)
    assert count("--mmsi", "273999009") == 0  # the heartbeat vessel made no voyage
    result = runner.invoke(cli, ["voyages", "-w", str(path), "--since", "yesterday"])
    assert result.exit_code == 2 and "--since: not an ISO 8601 time: yesterday" in result.output


def test_cli_detect_with_the_gfw_gap_model(tmp_path):
    path = _workspace(tmp_path, _voyage_pings())
    runner = CliRunner()
    assert runner.invoke(cli, ["detect", "-w", str(path), "--gap-model", "gfw"]).exit_code == 0
    result = runner.invoke(cli, ["events", "-w", str(path), "--type", "ais_gap"])
    details = json.loads(result.output)["details"]
    # 18 h dark, but 4 nm from the Russian shore when it went silent: not a GFW disabling
    assert (details["suspected"], details["unsuspected_reason"], details["quality"]["model"]) == (
        False, "an end within 50.0 nm of shore", "gfw")
    bad = runner.invoke(cli, ["detect", "-w", str(path), "--gap-model", "other"])
    assert bad.exit_code == 2
