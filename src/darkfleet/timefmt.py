"""UTC time helpers: every time darkfleet shows is ISO 8601 with a `Z`."""

from __future__ import annotations

from datetime import UTC, datetime


def iso_utc(value: datetime | None) -> str | None:
    """Format an aware or naive-UTC datetime as `YYYY-MM-DDTHH:MM:SSZ` (milliseconds if any)."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    if value.microsecond:
        return value.isoformat(timespec="milliseconds") + "Z"
    return value.isoformat(timespec="seconds") + "Z"


def parse_utc(text: str) -> datetime:
    """Parse an ISO 8601 time (with `Z`, an offset or none, taken as UTC) into an aware datetime.

    Raises:
        ValueError: the text is not an ISO 8601 time.
    """
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def from_epoch_ms(epoch_ms: int) -> datetime:
    """An aware UTC datetime from milliseconds since the Unix epoch."""
    return datetime.fromtimestamp(epoch_ms / 1000, tz=UTC)
