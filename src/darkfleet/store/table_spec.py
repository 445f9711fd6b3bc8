"""A declared workspace table (`TableSpec`) and the check a batch applies to what it writes.

`conform(spec, table)` returns `table` as the declared schema has it: the declared columns in
the declared order, each of the declared type. A column of another type is cast only where no
value changes: from the null type (a column of nulls); between the encodings Arrow has for one
logical type (`string`/`large_string`/`string_view`, `list`/`large_list`); between timestamp
units and names of UTC (`Etc/UTC`); between signed integer widths; and from a narrower to a
wider float. A dictionary-encoded column of the declared type is kept as it is (the same values;
its Parquet part stores them as any column of that type). Casts that would change a value (an
integer out of range, a time with more precision than the declared unit) fail, as does any other
type, and a column the schema does not declare: `SchemaError` names the table and column. A
declared column left out is not available for these rows and is stored as nulls
(`missing_columns` tells which).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from darkfleet.errors import SchemaError

#: Times are UTC with millisecond precision.
TS = pa.timestamp("ms", tz="UTC")

_UTC = {"UTC", "Etc/UTC", "+00:00", "Z"}


@dataclass(frozen=True, slots=True)
class TableSpec:
    """One workspace table: its name, the stage package that writes it, its columns, and
    what a row is."""

    name: str
    owner: str
    schema: pa.Schema
    description: str


def conform(spec: TableSpec, table: pa.Table) -> pa.Table:
    """`table` with the columns, order and types of `spec.schema` (see the module doc).

    Raises:
        SchemaError: a declared column is missing, an undeclared one is present, or a column
            has a type that cannot be cast to the declared one without changing values.
    """
    declared = spec.schema
    if table.schema.equals(declared, check_metadata=False):
        return table
    extra = [name for name in table.column_names if declared.get_field_index(name) < 0]
    if extra:
        raise SchemaError(f"table {spec.name}: column {extra[0]} is not declared",
                          table=spec.name, column=extra[0],
                          actual=str(table.schema.field(extra[0]).type))
    columns = [_column(spec.name, field, table) for field in declared]
    schema = pa.schema([field.with_type(column.type) if column.type != field.type else field
                        for field, column in zip(declared, columns, strict=True)],
                       metadata=declared.metadata)
    return pa.Table.from_arrays(columns, schema=schema)


def _column(name: str, field: pa.Field, table: pa.Table) -> pa.ChunkedArray:
    if table.schema.get_field_index(field.name) < 0:  # not available: nulls
        return pa.chunked_array([pa.nulls(table.num_rows, field.type)])
    column = table.column(field.name)
    if column.type == field.type or (pa.types.is_dictionary(column.type)
                                     and column.type.value_type == field.type):
        return column
    if not castable(column.type, field.type):
        raise SchemaError(f"table {name}: column {field.name} is {column.type}, "
                          f"declared {field.type}", table=name, column=field.name,
                          expected=str(field.type), actual=str(column.type))
    try:
        return column.cast(field.type, safe=True)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as error:
        raise SchemaError(f"table {name}: column {field.name} does not fit {field.type}: "
                          f"{error}", table=name, column=field.name, expected=str(field.type),
                          actual=str(column.type)) from error


def missing_columns(spec: TableSpec, table: pa.Table) -> list[str]:
    """The declared columns of `spec` that `table` leaves out."""
    return [name for name in spec.schema.names if table.schema.get_field_index(name) < 0]


def castable(source: pa.DataType, target: pa.DataType) -> bool:
    """Whether every value of type `source` has the same value in type `target`."""
    if source == target or pa.types.is_null(source):
        return True
    if _is_text(source) and _is_text(target):
        return True
    if _is_list(source) and _is_list(target):
        return castable(source.value_type, target.value_type)
    if pa.types.is_timestamp(source) and pa.types.is_timestamp(target):
        return source.tz == target.tz or {source.tz, target.tz} <= _UTC
    if pa.types.is_signed_integer(source) and pa.types.is_signed_integer(target):
        return True
    if pa.types.is_floating(source) and pa.types.is_floating(target):
        return bool(source.bit_width <= target.bit_width)
    return False


def _is_text(kind: pa.DataType) -> bool:
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind)
                or pa.types.is_string_view(kind))


def _is_list(kind: pa.DataType) -> bool:
    return bool(pa.types.is_list(kind) or pa.types.is_large_list(kind))
