"""Which extra of darkfleet brings which optional library (see pyproject.toml).

`pip install "darkfleet[all]"` installs every extra. A command that needs a missing one fails
with `MissingExtraError`: one line naming the extra to install, exit code 1.
"""

from __future__ import annotations

import importlib

from darkfleet.errors import MissingExtraError

#: Extra -> the top-level modules it brings that darkfleet imports.
MODULES_OF: dict[str, tuple[str, ...]] = {
    "viz": ("matplotlib",), "reports": ("jinja2",), "serve": ("fastapi", "uvicorn"),
    "geo": ("geopandas", "shapely", "pyogrio", "pandas"),
    "scale": ("dask", "distributed", "fsspec", "s3fs"),
}
EXTRA_OF: dict[str, str] = {m: extra for extra, mods in MODULES_OF.items() for m in mods}
EXTRA_OF["starlette"] = EXTRA_OF["pydantic"] = "serve"
EXTRA_OF["pyproj"] = "geo"


def require(extra: str) -> None:
    """Import the modules of `extra` now, so a command fails before its work, not after.

    Raises:
        MissingExtraError: one of them is not installed.
    """
    for module in MODULES_OF[extra]:
        try:
            importlib.import_module(module)
        except ImportError as error:
            raise MissingExtraError(module, extra) from error


def missing_extra(error: BaseException) -> MissingExtraError | None:
    """The extra to install for this import error (or the one it was raised from), or None
    when it is no optional library."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, MissingExtraError):
            return cause
        if isinstance(cause, ImportError) and cause.name:
            module = cause.name.split(".")[0]
            if module in EXTRA_OF:
                return MissingExtraError(module, EXTRA_OF[module])
        cause = cause.__cause__
    return None
