"""Hull history: one IMO across MMSIs, names, call signs and flags, and flag changes as risk."""

from datetime import UTC, datetime

import pyarrow as pa
import pytest

from darkfleet.screening import hull_histories, workspace_screening_reasons
from darkfleet.screening.hull import assemble_history, hull_risk_reasons
from darkfleet.store import STATIC_REPORTS, Workspace

#: One hull (IMO 9538892, SPARTA III a.k.a. URSA MAJOR) under three MMSIs and two names; the
#: MMSIs' MIDs give Russia (273), Panama (351) and Cameroon (613). Made-up reports.
REPORTS = [  # mmsi, day, name, callsign
    (273000010, 1, "SPARTA III", "UBAA1"), (273000010, 3, "SPARTA III", "UBAA1"),
    (351000020, 10, "URSA MAJOR", "3EAA2"), (613000030, 20, "URSA MAJOR", "TJAA3"),
    (273000040, 5, "NORDIC", None),
]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    path = tmp_path_factory.mktemp("hull")
    table = pa.Table.from_pylist([
        {"mmsi": m, "ts": datetime(2024, 3, day, tzinfo=UTC), "msg_type": 5,
         "imo": 9538892 if name != "NORDIC" else 1234567, "callsign": cs, "shipname": name,
         "file": "made-up.nmea", "line": i + 1}
        for i, (m, day, name, cs) in enumerate(REPORTS)], schema=STATIC_REPORTS)
    with Workspace.open(path, create=True) as ws, ws.batch("ingest", "test") as batch:
        batch.add("static_reports", table)
    return path


def test_one_hull_across_mmsis_names_and_flags(workspace, lists):
    entries = [e for lst in lists for e in lst.entries if e.imo == 9538892]
    with Workspace.open(workspace) as ws:
        [history] = hull_histories(ws, entries, 9538892)
        assert [h.imo for h in hull_histories(ws)] == [1234567, 9538892]
    record = history.to_record()
    assert (record["imo"], record["mmsis"], record["names"], record["callsigns"],
            record["flags"]) == (9538892, [273000010, 351000020, 613000030],
                                 ["SPARTA III", "URSA MAJOR"], ["UBAA1", "3EAA2", "TJAA3"],
                                 ["RU", "PA", "CM"])
    assert record["flag_changes"] == [
        {"from": "RU", "to": "PA", "on": "2024-03-10T00:00:00Z", "mmsi": 351000020},
        {"from": "PA", "to": "CM", "on": "2024-03-20T00:00:00Z", "mmsi": 613000030}]
    assert record["spans"][0] == {"mmsi": 273000010, "name": "SPARTA III", "callsign": "UBAA1",
                                  "flag": "RU", "first_seen": "2024-03-01T00:00:00Z",
                                  "last_seen": "2024-03-03T00:00:00Z"}
    assert record["listed_names"] == ["SPARTA III", "URSA MAJOR"]
    assert record["listed_former_flags"] == []


def test_the_lists_former_flags_join_the_history(lists):
    entries = [e for lst in lists for e in lst.entries if e.imo == 9187629]
    history = assemble_history(9187629, [], entries)
    assert (history.listed_names, history.listed_former_flags) == (
        ("ARTAVIL", "ALPHA", "ABADAN", "SHONA"),
        ("Malta", "Tuvalu", "Tanzania"))


def test_flag_changes_are_risk_reasons_of_every_mmsi_of_the_hull(workspace):
    with Workspace.open(workspace) as ws:
        reasons = workspace_screening_reasons(ws)
    expected = [("IMO 9538892 changed flag 2 times: RU to PA on 2024-03-10, PA to CM on "
                 "2024-03-20", 0.6)]
    assert reasons == {273000010: expected, 351000020: expected, 613000030: expected}


def test_one_change_weighs_the_setting_and_no_change_is_no_reason():
    rows = [{"mmsi": 273000010, "name": "A", "callsign": None,
             "first_seen": "2024-01-01T00:00:00Z", "last_seen": "2024-01-02T00:00:00Z"},
            {"mmsi": 273000011, "name": "B", "callsign": None,
             "first_seen": "2024-02-01T00:00:00Z", "last_seen": "2024-02-02T00:00:00Z"},
            {"mmsi": 351000020, "name": "B", "callsign": None,
             "first_seen": "2024-03-01T00:00:00Z", "last_seen": "2024-03-02T00:00:00Z"}]
    once = assemble_history(9538892, rows)
    assert hull_risk_reasons([once], 0.3) == {
        m: [("IMO 9538892 changed flag once: RU to PA on 2024-03-01", 0.3)]
        for m in (273000010, 273000011, 351000020)}
    assert hull_risk_reasons([assemble_history(9538892, rows[:2])], 0.3) == {}


def test_reports_without_a_time_are_left_out(tmp_path):
    table = pa.Table.from_pylist([
        {"mmsi": 273000010, "ts": None, "msg_type": 5, "imo": 9538892, "shipname": "X",
         "file": "f", "line": 1},
        {"mmsi": 351000010, "ts": datetime(2024, 1, 1, tzinfo=UTC), "msg_type": 5,
         "imo": 9538892, "shipname": "X", "file": "f", "line": 2}], schema=STATIC_REPORTS)
    with Workspace.open(tmp_path, create=True) as ws:
        with ws.batch("ingest", "test") as batch:
            batch.add("static_reports", table)
        assert [(h.mmsis, h.flag_changes) for h in hull_histories(ws)] == [((351000010,), ())]
