"""Which extra of darkfleet brings which optional library (see pyproject.toml).

`pip install "darkfleet[all]"` installs every extra. A command that needs a missing one fails
with `MissingExtraError`: one line naming the extra to install, exit code 1.
"""

from __future__ import annotations

from darkfleet.errors import MissingExtraError

#: Top-level module -> extra.
EXTRA_OF: dict[str, str] = {
    "matplotlib": "reports", "jinja2": "reports", "fastapi": "serve", "uvicorn": "serve",
    "starlette": "serve", "geopandas": "geo", "shapely": "geo", "pyogrio": "geo",
    "pyproj": "geo", "pandas": "geo",
}


def missing_extra(error: ImportError) -> MissingExtraError | None:
    """The extra to install for this import error, or None when it is no optional library."""
    module = (error.name or "").split(".")[0]
    extra = EXTRA_OF.get(module)
    return None if extra is None else MissingExtraError(module, extra)
