"""A module fixture that runs every test of a module with darkfleet's compiled part and without."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import pytest


def with_and_without(module: ModuleType, attribute: str, off: Any,
                     other: str) -> Callable[..., Any]:
    """An autouse fixture: each test once as built (`compiled`) and once with
    `module.attribute` set to `off` (named `other`); the compiled run is skipped where the
    compiled part is not built (`module.attribute` already `off`)."""

    @pytest.fixture(autouse=True, scope="module", params=["compiled", other])
    def fixture(request: pytest.FixtureRequest) -> Iterator[str]:
        saved = getattr(module, attribute)
        if request.param == "compiled" and saved == off:
            pytest.skip("darkfleet's compiled part is not built")
        if request.param == other:
            setattr(module, attribute, off)
        yield request.param
        setattr(module, attribute, saved)

    return fixture
