"""The building blocks of darkfleet's settings: a documented field and a validating loader.

Each stage declares one frozen dataclass of settings in its own `settings.py`; every field is made
with `setting(default, help)` so that its documentation lives beside it (a test checks this). A
field may itself be settings (`detect.gap`: one dataclass per detector), a table in TOML.
`darkfleet.config.Config` gathers the stage settings into one frozen object.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

from darkfleet.errors import ConfigError

T = TypeVar("T")


def setting(default: Any, help: str, *, minimum: float | None = None) -> Any:
    """A dataclass field with a default, a help text and an optional lower bound.

    Mutable defaults (lists, dicts) are copied per instance.
    """
    meta = {"help": help, "minimum": minimum}
    if isinstance(default, list | dict | set):
        return dataclasses.field(default_factory=lambda: type(default)(default), metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


def validate_bounds(obj: object, prefix: str = "") -> None:
    """Check every numeric field of a settings dataclass (and of the settings nested in it)
    against its `minimum`.

    Raises:
        ConfigError: a value is below its minimum (the error names the field).
    """
    for field in dataclasses.fields(obj):  # type: ignore[arg-type]
        minimum = field.metadata.get("minimum")
        value = getattr(obj, field.name)
        if dataclasses.is_dataclass(value):
            validate_bounds(value, f"{prefix}{field.name}.")
        elif minimum is not None and isinstance(value, int | float) and value < minimum:
            raise ConfigError(
                f"setting {prefix}{field.name} must be >= {minimum}, got {value}",
                field=f"{prefix}{field.name}",
            )


def build(cls: type[T], data: Mapping[str, Any], prefix: str = "") -> T:
    """Build the settings dataclass `cls` from a plain mapping, checking names and types.

    Nested dataclass fields are built recursively. Unknown keys are rejected.

    Raises:
        ConfigError: an unknown key, or a value of the wrong type (names the field).
    """
    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(data) - known)
    if unknown:
        raise _unknown(cls, unknown[0], prefix)
    values: dict[str, Any] = {}
    for name, raw in data.items():
        values[name] = _coerce(hints[name], raw, f"{prefix}{name}")
    return cls(**values)


def _unknown(cls: type[Any], key: str, prefix: str) -> ConfigError:
    """The error for an unknown key; names the new place of a setting that moved (a settings
    class lists those in its `MOVED` mapping, old name to new dotted names)."""
    moved: Mapping[str, tuple[str, ...]] = getattr(cls, "MOVED", {})
    if key in moved:
        now = " and ".join(f"{prefix}{name}" for name in moved[key])
        return ConfigError(f"setting {prefix}{key} has moved: set {now} instead",
                           field=f"{prefix}{key}")
    return ConfigError(f"unknown setting {prefix}{key}", field=f"{prefix}{key}")


def flat_settings(obj: object, prefix: str = "") -> list[tuple[str, Any, str]]:
    """(dotted name, value, help) of every setting of a settings dataclass, nested ones
    included, in declaration order (`gap.min_duration_h`...)."""
    rows: list[tuple[str, Any, str]] = []
    for field in dataclasses.fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, field.name)
        if dataclasses.is_dataclass(value):
            rows += flat_settings(value, f"{prefix}{field.name}.")
        else:
            rows.append((f"{prefix}{field.name}", value, str(field.metadata.get("help", ""))))
    return rows


def setting_value(obj: object, dotted: str) -> Any:
    """The value of a (nested) setting by its dotted name: `gap.min_duration_h`."""
    for name in dotted.split("."):
        obj = getattr(obj, name)
    return obj


def _coerce(hint: Any, raw: Any, name: str) -> Any:
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        if not isinstance(raw, Mapping):
            raise ConfigError(f"setting {name} must be a table", field=name)
        return build(hint, raw, prefix=f"{name}.")
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        for option in typing.get_args(hint):
            if option is type(None) and raw is None:
                return None
            try:
                return _coerce(option, raw, name)
            except ConfigError:
                continue
        raise ConfigError(f"setting {name} has an invalid value {raw!r}", field=name)
    if origin in (tuple, list):
        if not isinstance(raw, list | tuple):
            raise ConfigError(f"setting {name} must be a list", field=name)
        item = typing.get_args(hint)[0] if typing.get_args(hint) else Any
        items = [_coerce(item, x, name) for x in raw]
        return tuple(items) if origin is tuple else items
    if hint is float and isinstance(raw, int | float) and not isinstance(raw, bool):
        return float(raw)
    if hint in (int, str, bool) and type(raw) is not hint:
        raise ConfigError(f"setting {name} must be {hint.__name__}, got {raw!r}", field=name)
    return raw
