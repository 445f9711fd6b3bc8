"""The workspace screen on real AIS: the Danish sample of 2010 holds ten hulls listed since."""

import pytest

from darkfleet.config import Config
from darkfleet.data import sample_path
from darkfleet.ingest import ingest_files
from darkfleet.screening import fleet_identities, store_matches, vessel_screening_reasons
from darkfleet.store import Workspace


@pytest.fixture(scope="module")
def matches(tmp_path_factory, screener):
    path = tmp_path_factory.mktemp("dma")
    with Workspace.open(path, create=True) as ws:
        ingest_files([sample_path("ais/dma-aislib/stream_example.txt")], ws, Config().ingest)
        identities = fleet_identities(ws)
        found = [m for ms in screener.screen_many(identities) for m in ms]
        store_matches(ws, found)
        return ws.read("matches"), len(identities)


def test_listed_hulls_are_found_by_imo_under_their_2010_names(matches):
    table, identities = matches
    assert identities == 486
    by_imo = sorted((r["mmsi"], r["name"], r["entry_name"]) for r in table.to_pylist()
                    if "imo" in r["fields"])
    assert by_imo == [
        (220567000, "TORM GARONNE", "PACIFICOS"), (240158000, "ALONISSOS", "PYTHON"),
        (240305000, "DELTA CAPTAIN", "KUDOS STARS"),
        (244483000, "FLINTERBRIGHT", "KAPITAN KOKOVIN"),
        (246270000, "METSABORG", "ARCTICA 2"),
        (277320000, "ALKA", "ANDREY OSIPOV"),
        (304851000, "SLOMAN PROVIDER", "SPARTA II"),
        (311416000, "ALFA ITALIA", "ZEPHYR I"),
        (636013003, "SCF AMUR", "SCF AMUR"), (636013275, "NS LOTUS", "NS LOTUS"),
    ]


def test_reasons_for_the_risk_of_a_listed_hull(matches):
    table, _ = matches
    reasons = vessel_screening_reasons(table)
    assert reasons[304851000] == [
        ("IMO 9160994 on OFAC SDN (list of 2024-05-03) under RUSSIA-EO14024", 1.0),
        ("linked to listed OBORONLOGISTIKA OOO (OFAC SDN 22407) via OFAC Linked To under "
         "UKRAINE-EO13685, RUSSIA-EO14024", 0.6)]
    assert len(reasons) == 10
    assert set(table.column("basis").to_pylist()) == {"identifier", "link"}
