"""Detection on the real public AIS samples bundled with darkfleet (see data/SOURCES.md).

The Danish (2010) and Norwegian (2019) recordings last under a minute each. MMSI 258526000, a
Norwegian fishing vessel (ship type 30, call sign LAVO), reported the name NESEJENTA in 2010 and
BJOERNHAUG (IMO 9568330) in 2019: the vessels table keeps both names, but the nine years between
the recordings are a coverage hole, so that is neither an identity change (reports more than 30
days apart, across a hole) nor an AIS gap of every vessel heard in 2010.
"""

from darkfleet.config import Config
from darkfleet.data import sample_path
from darkfleet.events import DetectSettings, detect, load_registry
from darkfleet.events.query import Filters, read_table
from darkfleet.ingest import ingest_files
from darkfleet.store import Workspace

SAMPLES = ["ais/dma-aislib/stream_example.txt", "ais/kystverket-aisnet/Ais1000Lines.nm4"]


def test_detection_on_the_real_samples(tmp_path):
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        ingest_files([sample_path(s) for s in SAMPLES], ws, Config().ingest)
        summary = detect(ws, DetectSettings(), load_registry())
        events = read_table(ws, "events", Filters())
        vessel = read_table(ws, "vessels", Filters(mmsi=258526000))[0]
        danish = read_table(ws, "vessels", Filters(mmsi=219443000))[0]
    assert (summary.days, summary.positions, summary.vessels) == (2, 3703, 2522)
    assert summary.events == {}
    assert events == []
    assert (vessel["flag"], vessel["names"], vessel["ship_type"]) == (
        "NO", ["NESEJENTA", "BJOERNHAUG"], 30)
    assert (danish["flag"], danish["positions"]) == ("DK", 4)
