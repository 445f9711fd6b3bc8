"""Values of workspace rows and parsed files, read once the same way by every stage's reader:
JSON-in-text columns decoded, and required text fields (an error naming the row and field)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from darkfleet.errors import InputError

__all__ = ["decoded", "json_object", "required"]


def decoded(value: Any) -> Any:
    """A JSON string holding an object or a list, parsed; anything else unchanged."""
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def json_object(value: Any) -> dict[str, Any]:
    """An object, or JSON text of one, as a dict (an empty one for anything else)."""
    value = decoded(value)
    return dict(value) if isinstance(value, Mapping) else {}


def required(row: Mapping[str, Any], key: str, where: str,
             error: type[InputError] = InputError) -> str:
    """The text of field `key`; `where` names the row in the error.

    Raises:
        InputError: (or the subclass `error`) the field is missing or empty.
    """
    value = row.get(key)
    if value is None or value == "":
        raise error(f"{where}: {key} is required")
    return str(value)
