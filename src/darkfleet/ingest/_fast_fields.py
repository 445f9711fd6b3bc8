"""Bit fields of AIS payloads, decoded column-wise for many messages at once.

A group of payloads of one length becomes a (chars, messages) array of 6-bit values; a field is
then a few shifts and ORs over the rows it spans, for all messages together. Columns are NumPy
arrays with in-band nulls: NaN for floats, -1 for `nav_status`/`part`, 0 for the static integers
whose 0 means "not available", and text as (messages, 20) ASCII arrays padded with `@`.
Not-available rules: docs/ingest.md (lat 91 / lon 181 or out of range, speed 102.3, course
360.0 or more, heading 360 or more; type 27: speed 63, course 360 or more).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

U8 = npt.NDArray[np.uint8]
I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Bool = npt.NDArray[np.bool_]
Columns = dict[str, np.ndarray]

TEXT_CHARS = 20
#: Prefix of the boolean columns that mark values turned null by a range rule.
NULLED = "nulled:"
NOT_AVAILABLE_TEXT = ord("@")


_SIXBIT = np.full(256, 255, dtype=np.uint8)
_SIXBIT[48:88] = np.arange(40)
_SIXBIT[96:120] = np.arange(40, 64)


def sixbit(chars: U8) -> tuple[U8, Bool]:
    """De-armour an (n, length) array of payload characters: (length, n) 6-bit values, validity.

    Arithmetic rather than a table look-up (a gather): `0`-`W` are 0-39 and `` ` ``-`w` 40-63;
    an invalid character ends up at 64 or more.
    """
    values = np.subtract(chars.T, np.uint8(48), order="C")  # transposed, wrapping below `0`
    gap = (values - np.uint8(40)) < 8  # `X`-`_`, between the two ranges
    values -= (values >= 48).view(np.uint8) << np.uint8(3)
    values |= gap.view(np.uint8) << np.uint8(6)
    valid: Bool = values.max(axis=0) < 64
    return values, valid


def bits(rows: U8, start: int, width: int, signed: bool = False) -> I64:
    """The unsigned (or two's complement) integer of `width` bits from bit `start`.

    Accumulates in 32 bits when the characters spanned hold at most 30 bits, else in 64.
    """
    first, last = start // 6, (start + width - 1) // 6
    wide = last - first >= 5
    value: np.ndarray = rows[first].astype(np.int64 if wide else np.int32)
    for k in range(first + 1, last + 1):
        value = (value << 6) | rows[k]
    value = (value >> ((last + 1) * 6 - start - width)) & ((1 << width) - 1)
    if signed:
        value -= (value >> (width - 1)) << width
    return value


def text(rows: U8, start: int, count: int) -> U8:
    """`count` 6-bit ASCII characters from bit `start`, as an (n, 20) array padded with `@`."""
    out = np.full((rows.shape[1], TEXT_CHARS), NOT_AVAILABLE_TEXT, dtype=np.uint8)
    for k in range(count):
        code = bits(rows, start + 6 * k, 6).astype(np.uint8)
        out[:, k] = np.where(code < 32, code + 64, code)
    return out


def _ranged(columns: Columns, name: str, raw: I64, limit: float, not_available: float,
            scale: float) -> None:
    """`name`: raw / scale where |raw| <= limit, else NaN; `nulled:name` marks the NaNs that
    are not the not-available code (counted in the report's nulled_by_field)."""
    inside = np.abs(raw) <= limit
    columns[name] = np.where(inside, raw / scale, np.nan)
    columns[NULLED + name] = ~inside & (raw != not_available)


def _scaled(raw: I64, scale: float, unavailable: int) -> F64:
    return np.where(raw >= unavailable, np.nan, raw / scale)


def _position(rows: U8, lon: int, lat: int, lon_bits: int = 28, scale: float = 6e5) -> Columns:
    count = rows.shape[1]
    columns = {
        "mmsi": bits(rows, 8, 30),
        "speed_kn": np.full(count, np.nan),
        "course_deg": np.full(count, np.nan),
        "heading_deg": np.full(count, np.nan),
        "nav_status": np.full(count, -1, dtype=np.int64),
    }
    _ranged(columns, "lon", bits(rows, lon, lon_bits, signed=True), 180 * scale, 181 * scale,
            scale)
    _ranged(columns, "lat", bits(rows, lat, lon_bits - 1, signed=True), 90 * scale, 91 * scale,
            scale)
    return columns


def positions_class_a(rows: U8) -> Columns:
    """Types 1, 2, 3."""
    columns = _position(rows, 61, 89)
    _motion(columns, rows, 50, 116, 128)
    columns["nav_status"] = bits(rows, 38, 4)
    return columns


def _motion(columns: Columns, rows: U8, speed: int, course: int, heading: int) -> None:
    columns["speed_kn"] = _scaled(bits(rows, speed, 10), 10.0, 1023)
    _ranged(columns, "course_deg", bits(rows, course, 12), 3599, 3600, 10.0)
    _ranged(columns, "heading_deg", bits(rows, heading, 9), 359, 511, 1.0)


def positions_class_b(rows: U8) -> Columns:
    """Types 18 and 19."""
    columns = _position(rows, 57, 85)
    _motion(columns, rows, 46, 112, 124)
    return columns


def positions_long_range(rows: U8) -> Columns:
    """Type 27: 1/10 minute positions, integer knots and degrees."""
    columns = _position(rows, 44, 62, lon_bits=18, scale=600.0)
    speed = bits(rows, 79, 6)
    columns["speed_kn"] = np.where(speed == 63, np.nan, speed.astype(np.float64))
    _ranged(columns, "course_deg", bits(rows, 85, 9), 359, 511, 1.0)
    columns["nav_status"] = bits(rows, 40, 4)
    return columns


def positions_base_station(rows: U8) -> Columns:
    """Type 4 (base station report): position only."""
    return _position(rows, 79, 107)


def positions_aid(rows: U8) -> Columns:
    """Type 21 (aid to navigation), fixed part: position only."""
    return _position(rows, 164, 192)


def _static(rows: U8) -> Columns:
    count = rows.shape[1]
    zeros = np.zeros(count, dtype=np.int64)
    blank = np.full((count, TEXT_CHARS), NOT_AVAILABLE_TEXT, dtype=np.uint8)
    return {
        "mmsi": bits(rows, 8, 30), "part": zeros - 1, "imo": zeros, "callsign": blank,
        "shipname": blank, "ship_type": zeros, "draught_m": np.full(count, np.nan),
        "destination": blank, "to_bow_m": zeros, "to_stern_m": zeros, "to_port_m": zeros,
        "to_starboard_m": zeros,
    }


def _dimensions(columns: Columns, rows: U8, start: int) -> Columns:
    for name, offset, width in (("to_bow_m", 0, 9), ("to_stern_m", 9, 9), ("to_port_m", 18, 6),
                                ("to_starboard_m", 24, 6)):
        columns[name] = bits(rows, start + offset, width)
    return columns


def static_class_b_extended(rows: U8) -> Columns:
    """Type 19: name, ship type and dimensions."""
    columns = _static(rows)
    columns["shipname"] = text(rows, 143, 20)
    columns["ship_type"] = bits(rows, 263, 8)
    return _dimensions(columns, rows, 271)


def static_report(rows: U8) -> Columns:
    """Type 24: part A (name) or part B (ship type, call sign, dimensions)."""
    columns = _static(rows)
    part = bits(rows, 38, 2)
    is_b = part == 1
    columns["part"] = part
    columns["shipname"] = np.where(is_b[:, None], NOT_AVAILABLE_TEXT, text(rows, 40, 20))
    columns["ship_type"] = np.where(is_b, bits(rows, 40, 8), 0)
    columns["callsign"] = np.where(is_b[:, None], text(rows, 90, 7), NOT_AVAILABLE_TEXT)
    dims = _dimensions({}, rows, 132)
    for name, values in dims.items():
        columns[name] = np.where(is_b, values, 0)
    return columns


def static_voyage(rows: U8) -> Columns:
    """Type 5 (two sentences joined): IMO, call sign, name, ship type, dimensions, draught,
    destination."""
    columns = _static(rows)
    columns["imo"] = bits(rows, 40, 30)
    columns["callsign"] = text(rows, 70, 7)
    columns["shipname"] = text(rows, 112, 20)
    columns["ship_type"] = bits(rows, 232, 8)
    _dimensions(columns, rows, 240)
    draught = bits(rows, 294, 8)
    columns["draught_m"] = np.where(draught == 0, np.nan, draught / 10.0)
    columns["destination"] = text(rows, 302, 20)
    return columns


def _static_report_ok(rows: U8, payload_bits: I64) -> Bool:
    """Part A (160 or 168 bits) or part B (168 bits) of a non-auxiliary craft."""
    part, mmsi = bits(rows, 38, 2), bits(rows, 8, 30)
    part_a = (part == 0) & ((payload_bits == 160) | (payload_bits == 168))
    part_b = (part == 1) & (payload_bits == 168) & (mmsi // 10_000_000 != 98)
    accepted: Bool = part_a | part_b
    return accepted


def _exactly(count: int) -> Callable[[U8, I64], Bool]:
    return lambda rows, payload_bits: payload_bits == count


@dataclass(frozen=True, slots=True)
class Layout:
    """How the fast path decodes some message types."""

    types: tuple[int, ...]
    kind: int  # index into KINDS, for positions
    accepts: Callable[[U8, I64], Bool]  # (rows, payload bits) -> which messages to decode
    positions: Callable[[U8], Columns] | None
    static: Callable[[U8], Columns] | None


KINDS = ("vessel", "base_station", "aid_to_navigation")

LAYOUTS = (
    Layout((1, 2, 3), 0, _exactly(168), positions_class_a, None),
    Layout((18,), 0, _exactly(168), positions_class_b, None),
    Layout((19,), 0, _exactly(312), positions_class_b, static_class_b_extended),
    Layout((27,), 0, _exactly(96), positions_long_range, None),
    Layout((4,), 1, _exactly(168), positions_base_station, None),
    Layout((21,), 2, lambda rows, n: (n >= 272) & (n <= 360), positions_aid, None),
    Layout((24,), 0, _static_report_ok, None, static_report),
)

#: Index into LAYOUTS by the payload's first (armoured) character, -1: not decoded here.
LAYOUT_OF_CHAR = np.full(256, -1, dtype=np.int8)
for _index, _layout in enumerate(LAYOUTS):
    for _type in _layout.types:
        LAYOUT_OF_CHAR[np.flatnonzero(_type == _SIXBIT)] = _index

#: Payload lengths (characters) that can hold a decoded type; others go to the scalar path.
PAYLOAD_LENGTHS = frozenset({16, 27, 28, 52, *range(46, 61)})
