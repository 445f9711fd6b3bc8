"""darkfleet serve stage: the local web app and JSON API over one workspace.

`create_app(config)` builds a FastAPI app reading `config.workspace`'s snapshot (so other
commands may write to the workspace while it answers); `darkfleet serve` runs it with
uvicorn. Importing this package is cheap: FastAPI, uvicorn and Jinja2 (the `serve` extra) are
imported on first use, with an install hint when they are missing.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING, Any

from darkfleet._lazy import lazy_exports

if TYPE_CHECKING:
    from darkfleet.serve.app import create_app, make_server
    from darkfleet.serve.errors import STATUS, NotFoundError
    from darkfleet.serve.store import WorkspaceStore

__all__ = ["STATUS", "NotFoundError", "WorkspaceStore", "create_app", "import_uvicorn",
           "make_server"]

_LAZY = {"create_app": "app", "make_server": "app", "STATUS": "errors", "NotFoundError": "errors",
         "WorkspaceStore": "store"}

HINT = "the web app needs FastAPI, uvicorn and Jinja2: pip install 'darkfleet[serve]'"


def _import(module: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError as error:
        if error.name in ("fastapi", "pydantic", "starlette", "uvicorn", "jinja2", "markupsafe"):
            raise ImportError(HINT) from error
        raise


def import_uvicorn() -> Any:
    """The uvicorn module.

    Raises:
        ImportError: uvicorn is not installed (the message names `darkfleet[serve]`).
    """
    return _import("uvicorn")


if not TYPE_CHECKING:
    __getattr__ = lazy_exports(__name__, _LAZY, _import)
