"""Process start-up of an ingest: pyarrow without its pandas probe.

The first time pyarrow builds an array it imports pandas (if installed) to check whether the
input is a pandas object: 0.2-0.5 s of CPU that an ingest, which never hands pyarrow pandas
objects, spends for nothing. `skip_pandas_probe()` lets that probe find no pandas, so pyarrow
settles on working without it for the rest of the process; pandas itself stays importable.
Called by `darkfleet ingest` and the ingest worker processes only (not by the library), since
it turns off pyarrow's pandas conversions (`to_pandas`) in the process.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType


class _NoPandas:
    """A meta path finder that makes `import pandas` fail while it is installed."""

    @staticmethod
    def find_spec(name: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("pandas is not loaded by darkfleet ingest")
        return None


def skip_pandas_probe() -> None:
    """Make pyarrow probe for pandas now, finding none (a no-op once pandas is loaded)."""
    if "pandas" in sys.modules:
        return
    import pyarrow as pa

    sys.meta_path.insert(0, _NoPandas)
    try:
        pa.array([0])
    finally:
        sys.meta_path.remove(_NoPandas)
