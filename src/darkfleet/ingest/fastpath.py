"""Vectorised decoding of the common AIS lines (the fast path of ingest).

Contract with the ingest pipeline: `decode_lines(lines, context_ts_ms)` takes a chunk of raw
lines (bytes, without line ends) and returns a `FastBatch`. A line is *handled* when it is one
complete single-sentence AIS message (optionally behind a tag block, optionally followed by
trailing receiver fields) with a valid checksum, of a type the fast path decodes; its row is then
in `positions` or `static_reports` (type 19 in both) with `line` set to the 0-based index of the
line in `lines` and `file` null. Every other line is left for the scalar path, which classifies it.
Decoded values follow the same rules as the scalar decoder (docs/ingest.md).

This first version handles no line, so everything goes through the scalar path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from darkfleet.store.schema import POSITIONS, STATIC_REPORTS


@dataclass(frozen=True, slots=True)
class FastBatch:
    """What the fast path decoded from a chunk of lines."""

    handled: np.ndarray  # bool, one per input line
    positions: pa.Table  # POSITIONS schema, `line` = index in the chunk, `file` null
    static_reports: pa.Table  # STATIC_REPORTS schema, same conventions


def decode_lines(lines: Sequence[bytes], context_ts_ms: np.ndarray | None = None) -> FastBatch:
    """Decode what the fast path can of `lines`.

    `context_ts_ms[i]`, when given and >= 0, is the time (ms since the epoch) the stream's context
    gives line i (a preceding `$PGHP` line, say); a line's own tag block or trailing epoch wins.
    """
    return FastBatch(
        handled=np.zeros(len(lines), dtype=bool),
        positions=POSITIONS.empty_table(),
        static_reports=STATIC_REPORTS.empty_table(),
    )
