"""Framing of one raw line: tag block, NMEA sentence, checksum and receiver trailer.

`frame_line(raw)` turns the bytes of one line into exactly one of:

* `Sentence` - an AIS `VDM`/`VDO` sentence (any talker) with a valid checksum,
* `GatehouseTime` - a Gatehouse `$PGHP,1,...` line carrying the time of what follows,
* `Ignored` - a line that is not AIS (GPS, alarms, proprietary sentences, blank lines),
* `Rejected` - a line that looks like AIS or is unreadable, with a reason code.

Pure functions of bytes: no I/O, no state. Stream context (times, fragments) is handled by the
caller. Tag block checksums are not checked, because common recorders write a dummy `*00`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

#: Accepted epoch range in milliseconds (1970 up to, not including, the year 10000).
MAX_EPOCH_MS = 253_402_300_800_000
#: A `c:` value above this is in milliseconds, else in seconds.
MS_THRESHOLD = 10**11

_PAYLOAD_OK = re.compile(rb"[0-9:;<=>?@A-W`a-w]*")
_DIGITS = re.compile(rb"[0-9]+")
_STATION = re.compile(r"[rb][0-9A-Za-z_-]+")
_MS_TRAILER = re.compile(rb"[ ,;\t]?([0-9]{13})")
_PRINTABLE = re.compile(rb"[ -~]*")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One AIS sentence: its fields, and what its tag block or trailer said."""

    total: int
    number: int
    seq_id: str
    channel: str
    payload: bytes
    fill_bits: int
    ts_ms: int | None  # own time: tag block `c:`, else a trailing epoch
    source: str | None  # tag block `s:`, else the receiver station of a USCG trailer
    group: str | None  # NMEA-4 `g:` group id


@dataclass(frozen=True, slots=True)
class GatehouseTime:
    """A `$PGHP,1` line: the time (ms since the epoch) of the sentence that follows it."""

    ts_ms: int


@dataclass(frozen=True, slots=True)
class Ignored:
    """A line that is not AIS; `reason` says what it is."""

    reason: str


@dataclass(frozen=True, slots=True)
class Rejected:
    """A line that cannot be used; `reason` is a reason code (see docs/ingest.md)."""

    reason: str


Framed = Sentence | GatehouseTime | Ignored | Rejected


@dataclass(frozen=True, slots=True)
class _Tags:
    ts_ms: int | None
    source: str | None
    group: str | None


def checksum(body: bytes) -> int:
    """The NMEA checksum: XOR of every byte between the start delimiter and the `*`.

    Folds the bytes as one integer, halving its width each step (a few big-int operations
    instead of a Python loop over every byte).
    """
    value = int.from_bytes(body, "little")
    width = 1 << max(len(body) - 1, 0).bit_length()
    while width > 1:
        width //= 2
        shift = width * 8
        value = (value >> shift) ^ (value & ((1 << shift) - 1))
    return value


def frame_line(raw: bytes) -> Framed:
    """Classify one line (without its line end). Never raises."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return Rejected("invalid_utf8")
    line = raw.strip()
    if not line:
        return Ignored("blank")
    if line.startswith(b"#"):
        return Ignored("comment")
    tags = _Tags(None, None, None)
    if line.startswith(b"\\"):
        end = line.find(b"\\", 1)
        if end < 0:
            return Rejected("bad_tag_block")
        parsed = parse_tag_block(line[1:end])
        if parsed is None:
            return Rejected("bad_tag_block")
        tags, line = parsed, line[end + 1 :]
        if not line:
            return Rejected("truncated")
    return _frame_sentence(line, tags)


def parse_tag_block(block: bytes) -> _Tags | None:
    """The `c:`, `s:` and `g:` values of a tag block (without its backslashes); None if bad."""
    star = block.rfind(b"*")
    if star >= 0:
        block = block[:star]
    ts_ms: int | None = None
    source: str | None = None
    group: str | None = None
    for field in block.decode("utf-8").split(","):
        key, sep, value = field.partition(":")
        if not sep or len(key) != 1:
            return None
        if key == "c":
            ts_ms = _epoch_ms(value)
            if ts_ms is None:
                return None
        elif key == "s":
            source = value or None
        elif key == "g":
            parts = value.split("-")
            if len(parts) != 3 or not all(p.isdigit() for p in parts):
                return None
            group = parts[2]
    return _Tags(ts_ms, source, group)


def _epoch_ms(value: str) -> int | None:
    value = value.strip()
    if not value.isdigit() or not value.isascii() or len(value) > 16:
        return None
    number = int(value)
    ms = number if number > MS_THRESHOLD else number * 1000
    return ms if ms < MAX_EPOCH_MS else None


def _frame_sentence(line: bytes, tags: _Tags) -> Framed:
    start = line[:1]
    if start not in (b"!", b"$"):
        return Rejected("unknown_format")
    comma = line.find(b",")
    address = line[1:comma] if comma > 0 else line[1:].split(b"*")[0]
    if start == b"$" and address.startswith(b"PGHP"):
        return _gatehouse(line)
    if start == b"$" and address[:1] == b"P" and address[1:].isalnum():
        return Ignored("proprietary")
    if len(address) != 5 or not address[2:].isalpha() or not address[2:].isupper():
        return Rejected("unknown_format")
    if address[2:] not in (b"VDM", b"VDO"):
        return Ignored("not_ais")
    return _frame_ais(line, tags)


def _split_checksum(line: bytes) -> tuple[bytes, bytes] | Rejected:
    """The sentence body (between `!` and `*`) and what follows the `*`."""
    star = line.find(b"*")
    if star < 0 or len(line) < star + 3:
        return Rejected("truncated")
    body, rest = line[1:star], line[star + 1 :]
    try:
        expected = int(rest[:2], 16)
    except ValueError:
        return Rejected("bad_checksum")
    if not rest[:2].isalnum() or checksum(body) != expected:
        return Rejected("bad_checksum")
    return body, rest[2:]


def _frame_ais(line: bytes, tags: _Tags) -> Framed:
    split = _split_checksum(line)
    if isinstance(split, Rejected):
        return split
    body, trailer = split
    fields = body.split(b",")
    if len(fields) != 7:
        return Rejected("bad_fields")
    _, total_f, number_f, seq_f, channel_f, payload, fill_f = fields
    if not (_is_digit(total_f) and _is_digit(number_f)) or (not seq_f.isdigit() and seq_f):
        return Rejected("bad_fields")
    total, number = int(total_f), int(number_f)
    if not 1 <= number <= total or len(channel_f) > 1:
        return Rejected("bad_fields")
    if not _is_digit(fill_f) or int(fill_f) > 5 or (not payload and fill_f != b"0"):
        return Rejected("bad_fill_bits")
    if not payload or _PAYLOAD_OK.fullmatch(payload) is None:
        return Rejected("bad_payload")
    parsed = parse_trailer(trailer)
    if parsed is None:
        return Rejected("trailing_text")
    trailer_ts, station = parsed
    return Sentence(
        total=total, number=number, seq_id=seq_f.decode(), channel=channel_f.decode(),
        payload=payload, fill_bits=int(fill_f),
        ts_ms=tags.ts_ms if tags.ts_ms is not None else trailer_ts,
        source=tags.source if tags.source is not None else station,
        group=tags.group,
    )


def _is_digit(field: bytes) -> bool:
    return len(field) == 1 and field.isdigit()


def parse_trailer(trailer: bytes) -> tuple[int | None, str | None] | None:
    """Time (ms) and station of what follows the checksum; None when it is no known trailer.

    Known trailers: a 13-digit millisecond epoch, optionally after a space, comma, semicolon
    or tab; or comma-separated printable fields (USCG:
    `,d-109,S2105,...,r003669946,1325394060`), whose last field, when it is an epoch (9-10
    digits: seconds, 13: milliseconds), is the time, and whose first `r`/`b` field is the
    station. Nothing after the checksum gives (None, None).
    """
    if not trailer:
        return None, None
    match = _MS_TRAILER.fullmatch(trailer)
    if match is not None:
        return int(match.group(1)), None
    if not trailer.startswith(b",") or _PRINTABLE.fullmatch(trailer) is None:
        return None
    fields = trailer.decode("ascii").split(",")[1:]
    station = next((f for f in fields if _STATION.fullmatch(f)), None)
    last = fields[-1].strip() if fields else ""
    ts_ms = None
    if last.isdigit() and last.isascii() and len(last) in (9, 10, 13):
        ts_ms = int(last) * (1 if len(last) == 13 else 1000)
    return ts_ms, station


def _gatehouse(line: bytes) -> Framed:
    split = _split_checksum(line)
    if isinstance(split, Rejected):
        return split
    fields = split[0].split(b",")
    if len(fields) < 9 or fields[1] != b"1":
        return Ignored("proprietary")
    try:
        year, month, day, hour, minute, second, ms = (int(f) for f in fields[2:9])
        when = datetime(year, month, day, hour, minute, second, ms * 1000, tzinfo=UTC)
    except (ValueError, OverflowError):
        return Rejected("bad_timestamp")
    return GatehouseTime(int(when.timestamp()) * 1000 + ms)
