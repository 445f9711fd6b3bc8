"""Process start-up of an ingest: pyarrow without its pandas probe, freed memory kept.

The first time pyarrow builds an array it imports pandas (if installed) to check whether the
input is a pandas object: 0.2-0.5 s of CPU that an ingest, which never hands pyarrow pandas
objects, spends for nothing. `skip_pandas_probe()` lets that probe find no pandas, so pyarrow
settles on working without it for the rest of the process; pandas itself stays importable.
Called by `darkfleet ingest` and the ingest worker processes only (not by the library), since
it turns off pyarrow's pandas conversions (`to_pandas`) in the process.

An ingest allocates and frees the same large arrays chunk after chunk (lines, columns, Arrow
buffers of a few MB each). By default the C library gives each such block back to the system
when it is freed and the next one comes as fresh pages the kernel must map and clear (on 10
million lines, 0.45 s of 6.8 s of CPU time). `keep_freed_memory()` has glibc serve blocks up
to 32 MiB from its heap and keep what is freed there for the next chunk (`mallopt(3)`:
`M_MMAP_THRESHOLD`, `M_TRIM_THRESHOLD`), and pyarrow allocate from that heap too (its system
pool): the process stays at its peak size until it exits, which it does not exceed. Elsewhere
than glibc it does nothing. Also for `darkfleet ingest` and its workers only.
"""

from __future__ import annotations

import ctypes
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


#: `mallopt(3)` parameters (glibc's malloc.h) and the values `keep_freed_memory` sets.
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
KEPT_FREE_BYTES = 1 << 30  # freed memory at the heap's top kept up to this, not trimmed
HEAP_BLOCK_BYTES = 32 << 20  # blocks up to this from the heap (glibc's largest allowed)


def keep_freed_memory() -> None:
    """Have this process reuse the memory it frees rather than give it back at once."""
    import pyarrow as pa

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc
        return
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    if mallopt(M_MMAP_THRESHOLD, HEAP_BLOCK_BYTES) and mallopt(M_TRIM_THRESHOLD,
                                                                KEPT_FREE_BYTES):
        pa.set_memory_pool(pa.system_memory_pool())
