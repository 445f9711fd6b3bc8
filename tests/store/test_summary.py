from darkfleet.config import Config
from darkfleet.ingest import ingest_files
from darkfleet.store import Workspace
from darkfleet.store.summary import summarise


def test_summary_of_an_empty_workspace(tmp_path):
    with Workspace.open(tmp_path, create=True) as ws:
        summary = summarise(ws)
    assert (summary.vessels, summary.positions, summary.quarantined) == (0, 0, 0)
    assert summary.first_ts is None and summary.messages_by_type == {}


def test_summary_of_the_norwegian_sample(tmp_path, package_data):
    sample = package_data / "ais" / "kystverket-aisnet" / "Ais1000Lines.nm4"
    with Workspace.open(tmp_path, create=True) as ws:
        [report] = ingest_files([sample], ws, Config().ingest)
        summary = summarise(ws)
    assert summary.positions == report.positions == 748
    assert summary.static_reports == report.static_reports == 129
    assert sum(summary.messages_by_type.values()) == 748 + 129
    assert summary.first_ts == "2019-08-07T22:59:58Z"
    assert summary.last_ts == "2019-08-07T23:00:27Z"
    assert summary.quarantined == 0
