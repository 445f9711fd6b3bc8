"""The demo's flagship scenario (simulated AIS): the shuttle ships carry listed IMO numbers."""

import pytest

from darkfleet.screening import screen_workspace, store_lists
from darkfleet.simulate import Size, generate
from darkfleet.store import Workspace

SHUTTLES = {273990101: "37059", 273990102: "46773", 273990103: "37098", 273990104: "37095",
            273990105: "37029", 273990106: "37028"}


@pytest.fixture(scope="module")
def screened(tmp_path_factory, lists):
    scenario = generate("dprk-russia-2023", seed=1, size=Size(days=3, background=3))
    with Workspace.open(tmp_path_factory.mktemp("sim"), create=True) as ws:
        with ws.batch("ingest", "simulated") as batch:
            batch.add("static_reports", scenario.static_reports())
        store_lists(ws, lists, "bundled")
        return screen_workspace(ws)


def test_every_shuttle_ship_is_found_by_its_listed_imo(screened):
    identities, results = screened
    by_imo = {(i.mmsi, m.entry.id) for i, ms in zip(identities, results, strict=True)
              for m in ms if "imo" in {e.field for e in m.evidence}}
    assert by_imo == {(mmsi, f"{entry}") for mmsi, entry in SHUTTLES.items()} | {
        (273990101, "RUS2183"), (273990104, "RUS2185")}


def test_no_background_ship_is_reported(screened):
    identities, results = screened
    reported = {i.mmsi for i, ms in zip(identities, results, strict=True) if ms}
    assert reported - set(SHUTTLES) == set()


def test_the_renamed_ship_matches_under_both_names(screened):
    identities, results = screened
    ursa = next(ms for i, ms in zip(identities, results, strict=True) if i.mmsi == 273990106)
    [match] = [m for m in ursa if m.basis != "link"]
    assert (match.vessel.name, match.vessel.former_names) == ("URSA MAJOR", ("SPARTA III",))
    assert match.evidence_record()["name"]["how"] == "exact alias (aka)"
    assert match.evidence_record()["former_name"]["how"] == "exact name"
    assert match.notes == ("flag agrees: RU",)
