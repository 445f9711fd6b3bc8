"""Lazy public names for the stage packages, so that `import darkfleet` stays cheap.

A stage's `__init__.py` lists where each public name lives and sets
`__getattr__ = lazy_exports(__name__, HOMES)`: the home module (and its heavy imports:
NumPy, Polars, Arrow) is imported on first use of the name.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A module-level `__getattr__` for `package`; `homes` maps names to sibling modules."""

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{home}"), name)

    return __getattr__
