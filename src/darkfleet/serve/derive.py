"""Response models derived from the stages' records, so that each record is defined once.

`derived(record, base, fields)` makes a pydantic model of the fields of a record (a
dataclass) that the API serves, in the order of `fields`, each typed as it is in JSON: times
as UTC ISO 8601 text, tuples as lists, mappings as objects. `fields` gives each served field
its `pydantic.Field` (examples, description, default); `types` overrides a JSON type where the
API promises more than the record (a voyage served always has its departure).
"""

from __future__ import annotations

import dataclasses
import functools
import operator
import types as builtin_types
import typing
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pydantic import BaseModel, create_model

__all__ = ["derived", "json_type"]


def json_type(hint: Any) -> Any:
    """The type of a record's field as the API writes it in JSON."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is datetime:
        return str
    if origin in (typing.Union, builtin_types.UnionType):
        return functools.reduce(operator.or_, [json_type(arg) for arg in args])
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return list[json_type(args[0])]  # type: ignore[misc]
    if origin is Mapping or origin is dict:
        return dict[args[0], args[1]] if args else dict[str, Any]  # type: ignore[valid-type]
    return hint


def derived(record: type, base: type[BaseModel], fields: Mapping[str, Any],
            types: Mapping[str, Any] | None = None) -> type[BaseModel]:
    """A model (on `base`) of the fields of `record` named in `fields`, in that order.

    Raises:
        TypeError: `fields` or `types` names a field the record does not have.
    """
    hints = typing.get_type_hints(record)
    names = [f.name for f in dataclasses.fields(record)]
    unknown = (set(fields) | set(types or {})) - set(names)
    if unknown:
        raise TypeError(f"{record.__name__} has no field {sorted(unknown)[0]!r}")
    spec: dict[str, Any] = {
        name: ((types or {}).get(name, json_type(hints[name])), field)
        for name, field in fields.items()}
    model: type[BaseModel] = create_model(f"{record.__name__}Fields", __base__=base, **spec)
    return model
