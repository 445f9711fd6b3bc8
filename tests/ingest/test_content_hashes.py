"""Content hashes of rows: equal for equal content, whatever the provenance, the chunking, the
slicing or a round trip through Parquet; different for any changed value (compiled and polars)."""

from __future__ import annotations

from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.parquet as pq
from passes import with_and_without

from darkfleet.ingest import identity
from darkfleet.store.schema import STATIC_REPORTS

ROWS = [
    {"mmsi": 273_000_001, "ts": datetime(2024, 3, 1, 12, tzinfo=UTC), "msg_type": 5,
     "part": None, "imo": 9_123_456, "callsign": "UBCD7", "shipname": "SEA STAR",
     "ship_type": 70, "draught_m": 7.5, "destination": "RAJIN", "to_bow_m": 100,
     "to_stern_m": 20, "to_port_m": 10, "to_starboard_m": 12, "file": "a.nmea", "line": 1},
    {"mmsi": 273_000_002, "ts": datetime(2024, 3, 1, 12, 1, tzinfo=UTC), "msg_type": 24,
     "part": "A", "imo": None, "callsign": None, "shipname": "A LONGER NAME OF TWENTY",
     "ship_type": None, "draught_m": None, "destination": None, "to_bow_m": None,
     "to_stern_m": None, "to_port_m": None, "to_starboard_m": None, "file": "a.nmea",
     "line": 2},
    {"mmsi": 273_000_003, "ts": None, "msg_type": 19, "part": None, "imo": None,
     "callsign": "", "shipname": "X", "ship_type": 0, "draught_m": 0.0, "destination": "",
     "to_bow_m": 0, "to_stern_m": 0, "to_port_m": 0, "to_starboard_m": 0, "file": None,
     "line": 3},
]


#: A value of each field that no row above holds.
OTHER = {"mmsi": 1, "ts": datetime(2025, 1, 1, tzinfo=UTC), "msg_type": 18, "part": "B",
         "imo": 1, "callsign": "Z", "shipname": "SEA STAR ", "ship_type": 1, "draught_m": 7.4,
         "destination": "DUNAI", "to_bow_m": 1, "to_stern_m": 1, "to_port_m": 1,
         "to_starboard_m": 1}


hasher = with_and_without(identity, "_crows", None, "polars")


def table(rows: list[dict[str, object]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=STATIC_REPORTS)


def test_provenance_is_left_out_and_every_content_value_counts() -> None:
    base = identity.content_hashes(table(ROWS)).tolist()
    assert len(set(base)) == 3
    moved = [dict(row, file="b.nmea.gz", line=row["line"] + 100) for row in ROWS]
    assert identity.content_hashes(table(moved)).tolist() == base
    for name in STATIC_REPORTS.names:
        if name in identity.PROVENANCE:
            continue
        for index, row in enumerate(ROWS):
            for other in (OTHER[name], None):
                if other == row[name]:
                    continue
                changed = [dict(r) for r in ROWS]
                changed[index][name] = other
                got = identity.content_hashes(table(changed)).tolist()
                assert got[index] != base[index], (name, index, other)
                assert got[:index] + got[index + 1 :] == base[:index] + base[index + 1 :]


def test_empty_text_and_null_differ_and_columns_do_not_trade_values() -> None:
    null_callsign = dict(ROWS[0], callsign=None)
    empty_callsign = dict(ROWS[0], callsign="")
    swapped = dict(ROWS[0], callsign=ROWS[0]["destination"], destination=ROWS[0]["callsign"])
    hashes = identity.content_hashes(table([ROWS[0], null_callsign, empty_callsign, swapped]))
    assert len(set(hashes.tolist())) == 4


def test_chunks_slices_and_parquet_give_the_same_hashes(tmp_path) -> None:
    rows = [dict(ROWS[i % 3], mmsi=273_000_000 + i, line=i) for i in range(50)]
    whole = table(rows)
    expected = identity.content_hashes(whole).tolist()
    chunked = pa.concat_tables([whole.slice(0, 7), whole.slice(7, 30), whole.slice(37)])
    assert identity.content_hashes(chunked).tolist() == expected
    assert identity.content_hashes(whole.slice(11, 20)).tolist() == expected[11:31]
    pq.write_table(whole, tmp_path / "part.parquet", use_dictionary=True)
    back = pq.read_table(tmp_path / "part.parquet").cast(STATIC_REPORTS)
    assert identity.content_hashes(back).tolist() == expected
    if identity._crows is not None:  # the compiled hashes read dictionaries as their values
        encoded = whole.set_column(5, "callsign", whole["callsign"].dictionary_encode())
        assert identity.content_hashes(encoded).tolist() == expected


def test_a_text_repeated_row_after_row_hashes_as_on_its_own(hasher) -> None:
    names = ["SEA STAR", "SEA STAR", "SEA STAR ", "", "", None, None, "SEA STAR", "SEA", "SEA"]
    rows = table([dict(ROWS[0], shipname=name) for name in names])
    alone = [int(identity.content_hashes(rows.slice(at, 1))[0]) for at in range(len(names))]
    assert identity.content_hashes(rows).tolist() == alone
    assert len(set(alone)) == 5  # SEA STAR, SEA STAR + space, empty, null, SEA
