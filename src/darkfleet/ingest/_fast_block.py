"""What the fast path decodes from one block of lines, by either of its two passes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from darkfleet.ingest._fast_frame import I64


@dataclass(frozen=True, slots=True)
class BlockRows:
    """The fast path's rows of one block of lines (line numbers are indices in the block)."""

    handled: np.ndarray  # bool, one per line
    positions: pa.Table  # POSITIONS schema, `line` = index in the block, `file` null
    static_reports: pa.Table  # STATIC_REPORTS schema, same conventions
    line_bytes: I64  # each line's length in bytes
    nulled: dict[str, I64]  # field -> lines whose value a range rule turned null
    pair_seconds: I64  # second lines of the two-sentence messages handled
    pair_keys: I64  # their sequence id and channel (seq byte * 256 + channel byte)
