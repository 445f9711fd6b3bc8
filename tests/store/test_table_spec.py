"""The table registry and the check every batch applies to a declared table."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from darkfleet.errors import SchemaError
from darkfleet.store import SCHEMAS, Workspace
from darkfleet.store.schema import POSITIONS, TABLES
from darkfleet.store.table_spec import TableSpec, castable, conform, missing_columns

SPEC = TableSpec("notes", "store", pa.schema([
    ("id", pa.string()), ("n", pa.int64()), ("ts", pa.timestamp("ms", tz="UTC")),
    ("tags", pa.list_(pa.string())), ("x", pa.float64()),
]), "test table")
WHEN = datetime(2024, 5, 1, 12, tzinfo=UTC)


def test_registry_names_every_table_once_with_its_owner_stage():
    assert set(TABLES) == {
        "positions", "static_reports", "quarantine", "track_points", "events", "voyages",
        "vessels", "list_entries", "list_versions", "designations", "matches",
        "screening_reasons", "detection_rows", "detections", "alerts", "evidence_claims",
        "evidence_observations", "evidence_links"}
    assert all(name == spec.name and spec.description for name, spec in TABLES.items())
    assert {spec.owner for spec in TABLES.values()} == {
        "ingest", "tracks", "events", "screening", "imagery", "watch", "evidence"}
    assert SCHEMAS["positions"] is POSITIONS is TABLES["positions"].schema


def test_conform_keeps_a_matching_table_as_it_is():
    table = pa.Table.from_pylist([{"id": "a", "n": 1, "ts": WHEN, "tags": ["t"], "x": 0.5}],
                                 schema=SPEC.schema)
    assert conform(SPEC, table) is table


def test_conform_orders_casts_and_fills_what_is_safe():
    table = pa.table({
        "x": pa.array([1.5], pa.float32()), "tags": pa.array([["t"]], pa.large_list(
            pa.large_string())), "ts": pa.array([WHEN], pa.timestamp("us", tz="Etc/UTC")),
        "id": pa.array(["a"], pa.large_string()), "n": pa.array([7], pa.int16())})
    assert missing_columns(SPEC, table) == []
    fixed = conform(SPEC, table)
    assert fixed.schema == SPEC.schema
    assert fixed.to_pylist() == [{"id": "a", "n": 7, "ts": WHEN, "tags": ["t"], "x": 1.5}]
    partial = conform(SPEC, pa.table({"id": ["b"], "n": pa.nulls(1)}))
    assert missing_columns(SPEC, pa.table({"id": ["b"]})) == ["n", "ts", "tags", "x"]
    assert partial.to_pylist() == [{"id": "b", "n": None, "ts": None, "tags": None, "x": None}]


def test_conform_keeps_a_dictionary_encoded_column_of_the_declared_type():
    ids = pa.DictionaryArray.from_arrays(pa.array([0, 0], pa.int32()), pa.array(["a"]))
    table = pa.table({"id": ids, "n": [1, 2]})
    fixed = conform(SPEC, table)
    assert fixed.column("id").type == ids.type
    assert fixed.column("id").to_pylist() == ["a", "a"]
    numbers = pa.DictionaryArray.from_arrays(pa.array([0], pa.int32()), pa.array(["1"]))
    with pytest.raises(SchemaError, match="column n is dictionary"):
        conform(SPEC, pa.table({"id": ["a"], "n": numbers}))


@pytest.mark.parametrize(("column", "values", "message"), [
    ("n", pa.array(["1"]), "column n is string, declared int64"),
    ("ts", pa.array([WHEN], pa.timestamp("ms", tz="Asia/Seoul")),
     "column ts is timestamp[ms, tz=Asia/Seoul], declared timestamp[ms, tz=UTC]"),
    ("ts", pa.array([datetime(2024, 5, 1, 12, 0, 0, 1500, tzinfo=UTC)],
                    pa.timestamp("us", tz="UTC")), "column ts does not fit timestamp"),
    ("x", pa.array([1], pa.int64()), "column x is int64, declared double"),
    ("extra", pa.array([1]), "column extra is not declared"),
])
def test_conform_names_the_table_and_column_it_cannot_store(column, values, message):
    with pytest.raises(SchemaError, match=re.escape(message)) as caught:
        conform(SPEC, pa.table({"id": ["a"], column: values}))
    assert (caught.value.table, caught.value.column) == ("notes", column)


def test_castable_only_where_no_value_changes():
    assert castable(pa.null(), pa.int64())
    assert castable(pa.string_view(), pa.large_string())
    assert castable(pa.int64(), pa.int8())  # checked value by value when cast
    assert not castable(pa.float64(), pa.float32())
    assert not castable(pa.list_(pa.int64()), pa.list_(pa.string()))
    assert not castable(pa.timestamp("ms"), pa.timestamp("ms", tz="UTC"))


def test_a_batch_stores_declared_tables_as_declared_and_rejects_the_rest(tmp_path):
    row = {"id": "a", "type": "ais_gap", "mmsi": 1, "start": WHEN, "end": WHEN}
    with Workspace.open(tmp_path, create=True) as ws:
        ws.replace_table("events", pa.Table.from_pylist([row]))
        [(_, where)] = ws.part_locations("events")
        assert pq.read_schema(where).remove_metadata() == TABLES["events"].schema
        with pytest.raises(SchemaError, match="table events: column speed is not declared"):
            ws.replace_table("events", pa.Table.from_pylist([{**row, "speed": 1.0}]))
        assert ws.read("events", ["id", "port"]).to_pylist() == [{"id": "a", "port": None}]
        assert ws.batches("derived")[-1]["key"].startswith("events:")
        assert len(ws.batches()) == 1
