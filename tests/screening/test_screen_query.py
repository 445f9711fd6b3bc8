"""The screening stage's readers: stored matches come back as the `Match` records screening
made (their JSON columns decoded once), and AIS identities per MMSI and per IMO."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from darkfleet.errors import StoreError
from darkfleet.screening import Screener
from darkfleet.screening.fleet import store_matches
from darkfleet.screening.identity_input import make_identity
from darkfleet.screening.query import (
    hull_rows,
    identity_rows,
    listed_vessels,
    match_from_row,
    read_matches,
    seen_name_rows,
    vessel_identity_rows,
)
from darkfleet.store import Workspace


def test_stored_matches_read_back_as_the_matches_screening_made(
        screener: Screener, tmp_path: Path) -> None:
    made = screener.screen(make_identity(imo="9179842", mmsi="273382620", name="ANGARA"))
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        store_matches(ws, made)
        read = read_matches(ws)
        angara = read_matches(ws, 273382620)
        nobody = read_matches(ws, 1)
        listed = listed_vessels(ws)
    strongest = sorted(made, key=lambda m: (-m.score, m.vessel.mmsi, m.entry.list, m.entry.id))
    # Everything but a link's path (`via`), which the matches table does not keep.
    assert [m.to_record() for m in read] == [
        {k: v for k, v in m.to_record().items() if k != "via"} for m in strongest]
    assert [m.via for m in strongest if m.via] == [("ANGARA", "OFAC Linked To")]
    assert read[0].entry.id == "37059" and read[0].evidence_record()["imo"]["how"] == (
        strongest[0].evidence_record()["imo"]["how"])
    assert (len(angara), nobody, listed) == (len(made), [], 1)


def test_an_unscreened_workspace_has_no_matches(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        assert read_matches(ws, required=False) == []
        with pytest.raises(StoreError, match=r"no screening yet"):
            read_matches(ws)


def test_a_flat_row_reads_as_a_match() -> None:
    match = match_from_row({
        "mmsi": 273213710, "imo": 9179842, "name": "ANGARA", "list": "OFAC SDN",
        "entry_id": "37059", "entry_name": "ANGARA", "entry_imo": 9179842,
        "programs": ["RUSSIA-EO14024"], "listed_on": None, "list_date": "2024-05-03",
        "score": 1.0, "evidence": '[{"field": "imo", "how": "exact IMO", "query": "9179842", '
                                  '"listed": "9179842", "score": 1.0}]'}, 0)
    assert (match.vessel.mmsi, match.vessel.name, match.entry.list, match.entry.names,
            match.entry.programs, match.basis) == (
        273213710, "ANGARA", "OFAC SDN", ("ANGARA",), ("RUSSIA-EO14024",), "")
    assert match.evidence_record() == {"imo": {
        "how": "exact IMO", "query": "9179842", "listed": "9179842", "score": 1.0,
        "list": "OFAC SDN", "list_date": "2024-05-03"}}
    with pytest.raises(StoreError, match=r"^matches row 2 entry: id is required$"):
        match_from_row({"entry": '{"list": "UK"}', "score": 1.0}, 1)


def test_identities_are_read_from_static_reports(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    def report(mmsi: int, day: int, name: str, imo: int | None) -> dict[str, object]:
        return {"mmsi": mmsi, "ts": datetime(2023, 8, day, tzinfo=UTC), "imo": imo,
                "shipname": name, "callsign": "UBCT8 ", "ship_type": 70, "to_bow_m": 80,
                "to_stern_m": 20}

    with Workspace.open(tmp_path / "ws", create=True) as ws:
        ws.replace_table("static_reports", pa.Table.from_pylist([
            report(273990101, 1, "SPARTA III ", 9179842), report(273990101, 3, "ANGARA", 9179842),
            report(273990102, 2, "MARIA", None)]))
        identities, names = identity_rows(ws), sorted(seen_name_rows(ws))
        hulls, own = hull_rows(ws), vessel_identity_rows(ws, 273990102)
    assert [(r["mmsi"], r["last_imo"], r["callsign"], r["length_m"], r["seen_at"], r["names"])
            for r in identities] == [
        (273990101, 9179842, "UBCT8", 100, "2023-08-03T00:00:00Z", ["ANGARA", "SPARTA III"]),
        (273990102, None, "UBCT8", 100, "2023-08-02T00:00:00Z", ["MARIA"])]
    assert names == ["ANGARA", "MARIA"]
    assert [(r["imo"], r["name"], r["first_seen"]) for r in hulls] == [
        (9179842, "SPARTA III", "2023-08-01T00:00:00Z"), (9179842, "ANGARA",
                                                          "2023-08-03T00:00:00Z")]
    assert [(r["name"], r["imo"], r["reports"]) for r in own] == [("MARIA", None, 1)]
