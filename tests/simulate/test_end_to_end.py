"""simulate -> ingest -> detect -> evaluate through the command line, on real NMEA files."""

import json

from click.testing import CliRunner

from darkfleet.cli import cli


def test_simulated_nmea_through_the_whole_pipeline(tmp_path):
    runner = CliRunner()
    sim, ws = tmp_path / "sim", tmp_path / "ws"
    steps = [
        ["simulate", "--out", str(sim), "--seed", "11", "--days", "6", "--background", "3"],
        ["ingest", str(sim / "dprk-russia-2023.nmea"), "-w", str(ws)],
        ["detect", "-w", str(ws)],
    ]
    for args in steps:
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, (args, result.output)
    result = runner.invoke(cli, ["evaluate", "--truth", str(sim / "truth.json"), "-w", str(ws),
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    scores = {s["kind"]: s for s in json.loads(result.output)["scores"]}
    assert all(s["precision"] == 1.0 and s["recall"] == 1.0 for s in scores.values()), scores
    assert scores["voyage"]["truth"] > 0 and scores["ais_gap"]["truth"] > 0
    result = runner.invoke(cli, ["voyages", "-w", str(ws), "--watched", "--mmsi", "273990101"])
    first = json.loads(result.output.splitlines()[0])
    assert (first["name"], first["imo"], first["origin"]) == ("ANGARA", 9179842, "KPNJN")
    assert first["reasons"][0] == "on a watched route: DPRK -> Russian Far East"
