"""The scalar AIS payload decoder and the decoded message record.

Every type 1-27 is decoded as far as its header (type, MMSI); types 1, 2, 3, 4, 5, 11, 18, 19,
21, 24 and 27 fully, following the decoded-value rules of docs/ingest.md (not-available -> None).
A payload shorter than its type's essential fields (`MIN_BITS`) or longer than the standard
allows (`MAX_BITS`, beyond which only zero bits, padding, are accepted) gives the reason
`bad_payload_length`; between the two, a field the payload ends before is not available
(None), as for the optional tails of types 19 and 21. Type 0, types above 27 and type 24 parts
other than A/B give `bad_payload`. Values a range rule turns to None are listed in `nulled`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from darkfleet.ingest.bits import Bits
from darkfleet.timefmt import from_epoch_ms, iso_utc

#: Bits a message of each type must have to be decoded (through its last essential number).
MIN_BITS = {1: 137, 2: 137, 3: 137, 4: 134, 11: 134, 5: 302, 18: 133, 19: 133, 21: 219, 27: 94}
#: The most bits the standard gives each fully decoded type (type 21: with its name extension).
MAX_BITS = {1: 168, 2: 168, 3: 168, 4: 168, 11: 168, 5: 424, 18: 168, 19: 312, 21: 360, 24: 168,
            27: 96}
HEADER_BITS = 38
_NULLED = "!"
BAD_LENGTH = "bad_payload_length"

_POSITION = ("lat", "lon", "speed_kn", "course_deg", "heading_deg")
_DIMENSIONS = ("to_bow_m", "to_stern_m", "to_port_m", "to_starboard_m")
#: The `darkfleet decode` keys of each fully decoded type (besides msg_type, mmsi, ts, line).
KEYS: dict[int | str, tuple[str, ...]] = {
    1: (*_POSITION, "nav_status"),
    4: ("lat", "lon"),
    11: ("lat", "lon"),
    5: ("imo", "callsign", "shipname", "ship_type", "draught_m", "destination", *_DIMENSIONS),
    18: _POSITION,
    19: (*_POSITION, "shipname", "ship_type", *_DIMENSIONS),
    21: ("lat", "lon", "shipname", *_DIMENSIONS),
    "24A": ("part", "shipname"),
    "24B": ("part", "ship_type", "callsign", *_DIMENSIONS),
    27: ("lat", "lon", "speed_kn", "course_deg", "nav_status"),
}
KEYS[2] = KEYS[3] = KEYS[1]

#: Which positions `kind` each position type has.
KIND = {1: "vessel", 2: "vessel", 3: "vessel", 18: "vessel", 19: "vessel", 27: "vessel",
        4: "base_station", 11: "base_station", 21: "aid_to_navigation"}
POSITION_TYPES = frozenset({1, 2, 3, 4, 11, 18, 19, 21, 27})
STATIC_TYPES = frozenset({5, 19, 24})


@dataclass(frozen=True, slots=True)
class AisMessage:
    """One decoded AIS message. Fields a type does not carry are None."""

    msg_type: int
    mmsi: int
    ts_ms: int | None = None
    lat: float | None = None
    lon: float | None = None
    speed_kn: float | None = None
    course_deg: float | None = None
    heading_deg: float | None = None
    nav_status: int | None = None
    imo: int | None = None
    callsign: str | None = None
    shipname: str | None = None
    ship_type: int | None = None
    draught_m: float | None = None
    destination: str | None = None
    to_bow_m: int | None = None
    to_stern_m: int | None = None
    to_port_m: int | None = None
    to_starboard_m: int | None = None
    part: str | None = None
    line: int = 0
    source: str | None = None
    nulled: tuple[str, ...] = ()  # fields whose out-of-range value became None (not n/a codes)

    def to_json(self) -> dict[str, Any]:
        """The `darkfleet decode` object: the keys this message type has, ts as ISO 8601."""
        ts = iso_utc(from_epoch_ms(self.ts_ms)) if self.ts_ms is not None else None
        record: dict[str, Any] = {"msg_type": self.msg_type, "mmsi": self.mmsi, "ts": ts}
        key: int | str = self.msg_type if self.msg_type != 24 else f"24{self.part}"
        for name in KEYS.get(key, ()):
            record[name] = getattr(self, name)
        record["line"] = self.line
        return record


def decode_payload(bits: Bits, *, ts_ms: int | None = None, source: str | None = None,
                   line: int = 0) -> AisMessage | str:
    """Decode an unarmoured payload; returns the message, or a reason code when it is bad."""
    if bits.length < HEADER_BITS:
        return BAD_LENGTH
    msg_type = bits.uint(0, 6)
    if not 1 <= msg_type <= 27:
        return "bad_payload"
    if not _length_ok(bits, msg_type):
        return BAD_LENGTH
    base: dict[str, Any] = {"msg_type": msg_type, "mmsi": bits.uint(8, 30), "ts_ms": ts_ms,
                            "source": source, "line": line}
    decoder = _DECODERS.get(msg_type)
    if decoder is None:
        return AisMessage(**base)
    fields = decoder(bits)
    if isinstance(fields, str):
        return fields
    nulled = tuple(sorted(key[1:] for key in fields if key.startswith(_NULLED)))
    values = {key: value for key, value in fields.items() if not key.startswith(_NULLED)}
    return AisMessage(**base, **values, nulled=nulled)


def _length_ok(bits: Bits, msg_type: int) -> bool:
    """At least MIN_BITS, and at most MAX_BITS but for bits that are all zero (padding)."""
    if bits.length < MIN_BITS.get(msg_type, HEADER_BITS):
        return False
    extra = bits.length - MAX_BITS.get(msg_type, bits.length)
    return extra <= 0 or bits.value & ((1 << extra) - 1) == 0


def _ranged(name: str, raw: int, limit: float, not_available: float, scale: float
            ) -> dict[str, Any]:
    """`name`: raw / scale if |raw| <= limit; else None, marked as nulled unless the
    not-available code (a key `!name`, taken out by `decode_payload`)."""
    if abs(raw) <= limit:
        return {name: raw / scale}
    return {name: None} if raw == not_available else {name: None, _NULLED + name: True}


def _lat_lon(bits: Bits, lon_at: int, lon_width: int, lat_at: int, lat_width: int,
             scale: float) -> dict[str, Any]:
    lon_raw, lat_raw = bits.sint(lon_at, lon_width), bits.sint(lat_at, lat_width)
    return {**_ranged("lat", lat_raw, 90 * scale, 91 * scale, scale),
            **_ranged("lon", lon_raw, 180 * scale, 181 * scale, scale)}


def _motion(bits: Bits, speed_at: int, course_at: int, heading_at: int) -> dict[str, Any]:
    speed, course, heading = (bits.uint(speed_at, 10), bits.uint(course_at, 12),
                              bits.uint(heading_at, 9))
    return {
        "speed_kn": None if speed == 1023 else speed / 10,
        **_ranged("course_deg", course, 3599, 3600, 10.0),
        **_ranged("heading_deg", heading, 359, 511, 1.0),
    }


def _dimensions(bits: Bits, at: int) -> dict[str, Any]:
    values = (bits.uint(at, 9), bits.uint(at + 9, 9), bits.uint(at + 18, 6),
              bits.uint(at + 24, 6))
    return {name: value or None for name, value in zip(_DIMENSIONS, values, strict=True)}


def _class_a(bits: Bits) -> dict[str, Any]:
    return {**_lat_lon(bits, 61, 28, 89, 27, 600_000.0), **_motion(bits, 50, 116, 128),
            "nav_status": bits.uint(38, 4)}


def _base_station(bits: Bits) -> dict[str, Any]:
    return _lat_lon(bits, 79, 28, 107, 27, 600_000.0)


def _static_voyage(bits: Bits) -> dict[str, Any]:
    draught = bits.uint(294, 8)
    return {
        "imo": bits.uint(40, 30) or None, "callsign": bits.text(70, 42),
        "shipname": bits.text(112, 120), "ship_type": bits.uint(232, 8) or None,
        **_dimensions(bits, 240), "draught_m": draught / 10 if draught else None,
        "destination": bits.text(302, 120),
    }


def _class_b(bits: Bits) -> dict[str, Any]:
    return {**_lat_lon(bits, 57, 28, 85, 27, 600_000.0), **_motion(bits, 46, 112, 124)}


def _class_b_extended(bits: Bits) -> dict[str, Any]:
    return {**_class_b(bits), "shipname": bits.text(143, 120),
            "ship_type": bits.uint(263, 8) or None, **_dimensions(bits, 271)}


def _aid_to_navigation(bits: Bits) -> dict[str, Any]:
    return {**_lat_lon(bits, 164, 28, 192, 27, 600_000.0), "shipname": bits.text(43, 120),
            **_dimensions(bits, 219)}


def _static_class_b(bits: Bits) -> dict[str, Any] | str:
    part = bits.uint(38, 2) if bits.length >= 40 else 9
    if part == 0:
        return {"part": "A", "shipname": bits.text(40, 120)}
    if part != 1:
        return "bad_payload" if part != 9 else BAD_LENGTH
    if bits.length < 162:
        return BAD_LENGTH
    return {"part": "B", "ship_type": bits.uint(40, 8) or None, "callsign": bits.text(90, 42),
            **_dimensions(bits, 132)}


def _long_range(bits: Bits) -> dict[str, Any]:
    speed, course = bits.uint(79, 6), bits.uint(85, 9)
    return {**_lat_lon(bits, 44, 18, 62, 17, 600.0),
            "speed_kn": None if speed == 63 else float(speed),
            **_ranged("course_deg", course, 359, 511, 1.0),
            "nav_status": bits.uint(40, 4)}


_DECODERS: dict[int, Any] = {
    1: _class_a, 2: _class_a, 3: _class_a, 4: _base_station, 5: _static_voyage,
    11: _base_station, 18: _class_b, 19: _class_b_extended, 21: _aid_to_navigation,
    24: _static_class_b, 27: _long_range,
}
