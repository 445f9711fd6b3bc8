"""The plausible time range of messages and rows, fixed once per ingest or decode."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from darkfleet.errors import ConfigError
from darkfleet.ingest.settings import IngestSettings
from darkfleet.timefmt import parse_utc

IMPLAUSIBLE = "implausible_time"


@dataclass(frozen=True, slots=True)
class TimeBounds:
    """Times (ms since the epoch) from `low_ms` to `high_ms` inclusive are plausible."""

    low_ms: int
    high_ms: int

    @classmethod
    def of(cls, settings: IngestSettings, now_ms: int | None = None) -> TimeBounds:
        """From `ingest.earliest_time` to `ingest.max_future_h` after now.

        Raises:
            ConfigError: `ingest.earliest_time` is not an ISO 8601 time.
        """
        try:
            low = parse_utc(settings.earliest_time)
        except ValueError as error:
            raise ConfigError(f"ingest.earliest_time is not an ISO 8601 time: {error}",
                              field="ingest.earliest_time") from error
        now = time.time_ns() // 1_000_000 if now_ms is None else now_ms
        return cls(round(low.timestamp() * 1000), now + round(settings.max_future_h * 3_600_000))

    def plausible(self, ts_ms: int | None) -> bool:
        """Whether a time (None: no time, which is never implausible) is in range."""
        return ts_ms is None or self.low_ms <= ts_ms <= self.high_ms

    def implausible_rows(self, ts: pa.ChunkedArray | pa.Array) -> np.ndarray:
        """Which values of a timestamp column are out of range (nulls are not)."""
        values = ts.cast(pa.int64()).fill_null(self.low_ms).to_numpy(zero_copy_only=False)
        outside: np.ndarray = (values < self.low_ms) | (values > self.high_ms)
        return outside
