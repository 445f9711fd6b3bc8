"""Lazy public names for the stage packages, so that `import darkfleet` stays cheap.

A stage's `__init__.py` lists where each public name lives, imports every one of them from its
home under `if TYPE_CHECKING:` (so mypy sees the real types), and otherwise sets
`__getattr__ = lazy_exports(__name__, HOMES)`: the home module (and its heavy imports: NumPy,
Polars, Arrow) is imported on first use of the name. `tests/test_typed_exports.py` checks that
the typed names and the lazy ones are the same.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any


class LazyExports:
    """A module-level `__getattr__` for `package`; `homes` maps names to sibling modules."""

    __slots__ = ("_importer", "homes", "package")

    def __init__(self, package: str, homes: Mapping[str, str],
                 importer: Callable[[str], ModuleType] = importlib.import_module) -> None:
        self.package = package
        self.homes = dict(homes)
        self._importer = importer

    def __call__(self, name: str) -> Any:
        home = self.homes.get(name)
        if home is None:
            raise AttributeError(f"module {self.package!r} has no attribute {name!r}")
        return getattr(self._importer(f"{self.package}.{home}"), name)


def lazy_exports(package: str, homes: Mapping[str, str],
                 importer: Callable[[str], ModuleType] = importlib.import_module) -> LazyExports:
    """A module-level `__getattr__` for `package`; `homes` maps names to sibling modules, which
    `importer` (by default `importlib.import_module`) imports by their full name. Call it from
    the package's `__init__.py` while it runs. A name must not also be the name of a sibling
    module: importing that module would bind it on the package in the name's place."""
    return LazyExports(package, homes, importer)
