import pytest

from darkfleet.config import Config
from darkfleet.data import sample_path
from darkfleet.simulate import Size, run_flagship
from darkfleet.store import Workspace


@pytest.mark.slow
def test_flagship_run_beside_real_data(tmp_path):
    real = [sample_path("ais/kystverket-aisnet/Ais1000Lines.nm4")]
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        run = run_flagship(ws, tmp_path / "sim", Config(), seed=3, real_files=real,
                           size=Size(days=5, background=3))
    assert run.nmea.name == "dprk-russia-2023.nmea" and run.truth.name == "truth.json"
    scored = {s.kind: s for s in run.scores}
    for kind in ("port_call", "ais_gap", "encounter", "mmsi_collision", "voyage"):
        assert scored[kind].precision == 1.0 and scored[kind].recall == 1.0, kind
    top = run.watched_voyages[0]
    assert top["origin"] == "KPNJN" and top["risk"] >= run.watched_voyages[-1]["risk"]
    assert top["reasons"][0] == "on a watched route: DPRK -> Russian Far East"
    assert {e["type"] for e in top["events"]} >= {"ais_gap"}
