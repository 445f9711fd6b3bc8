"""A small AIS encoder: message payloads, 6-bit armouring, NMEA 0183 sentences and tag blocks.

Enough of ITU-R M.1371 for the simulator: position reports (types 1 and 3) and static and
voyage data (type 5, two sentences). Sentences are `!AIVDM` on channel A, each led by a tag
block (IEC 61162-450) with `c:` (UNIX time, seconds) and `s:` (the source, marking simulated
data), and `g:` (sentence-group) on multi-sentence messages.
"""

from __future__ import annotations

from dataclasses import dataclass

SIX_BIT_TEXT = "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !\"#$%&'()*+,-./0123456789:;<=>?"
SENTENCE_PAYLOAD_CHARS = 60


class Bits:
    """An append-only bit string."""

    def __init__(self) -> None:
        self.value = 0
        self.length = 0

    def add(self, value: int, width: int) -> Bits:
        """Append `value` (two's complement when negative) in `width` bits."""
        self.value = (self.value << width) | (value & ((1 << width) - 1))
        self.length += width
        return self

    def text(self, value: str, chars: int) -> Bits:
        """Append `value` as `chars` six-bit characters, padded with `@`."""
        padded = value.upper()[:chars].ljust(chars, "@")
        for char in padded:
            index = SIX_BIT_TEXT.find(char)
            self.add(index if index >= 0 else 0, 6)
        return self

    def armour(self) -> tuple[str, int]:
        """The armoured payload and its number of fill bits."""
        fill = (-self.length) % 6
        value = self.value << fill
        chars = []
        for shift in range(self.length + fill - 6, -1, -6):
            six = (value >> shift) & 0x3F
            chars.append(chr(six + 48 if six < 40 else six + 56))
        return "".join(chars), fill


@dataclass(frozen=True, slots=True)
class PositionReport:
    """Fields of an AIS type 1 or 3 message (units as named; None: not available)."""

    mmsi: int
    lat: float
    lon: float
    speed_kn: float | None
    course_deg: float | None
    second: int
    nav_status: int = 0
    msg_type: int = 1


@dataclass(frozen=True, slots=True)
class StaticReport:
    """Fields of an AIS type 5 message."""

    mmsi: int
    imo: int
    callsign: str
    shipname: str
    ship_type: int
    draught_m: float
    destination: str
    to_bow_m: int = 100
    to_stern_m: int = 20
    to_port_m: int = 10
    to_starboard_m: int = 10


def position_payload(report: PositionReport) -> tuple[str, int]:
    speed = 1023 if report.speed_kn is None else min(round(report.speed_kn * 10), 1022)
    course = 3600 if report.course_deg is None else round(report.course_deg * 10) % 3600
    bits = Bits().add(report.msg_type, 6).add(0, 2).add(report.mmsi, 30)
    bits.add(report.nav_status, 4).add(-128, 8).add(speed, 10).add(0, 1)
    bits.add(round(report.lon * 600_000), 28).add(round(report.lat * 600_000), 27)
    bits.add(course, 12).add(511, 9).add(report.second, 6).add(0, 2).add(0, 3).add(0, 1)
    return bits.add(0, 19).armour()


def static_payload(report: StaticReport) -> tuple[str, int]:
    bits = Bits().add(5, 6).add(0, 2).add(report.mmsi, 30).add(0, 2).add(report.imo, 30)
    bits.text(report.callsign, 7).text(report.shipname, 20).add(report.ship_type, 8)
    bits.add(report.to_bow_m, 9).add(report.to_stern_m, 9).add(report.to_port_m, 6)
    bits.add(report.to_starboard_m, 6).add(1, 4).add(0, 4).add(0, 5).add(24, 5).add(60, 6)
    bits.add(min(round(report.draught_m * 10), 255), 8).text(report.destination, 20)
    return bits.add(0, 1).add(0, 1).armour()


def checksum(body: str) -> str:
    """The NMEA checksum (XOR of the characters) as two upper-case hex digits."""
    value = 0
    for char in body:
        value ^= ord(char)
    return f"{value:02X}"


def sentences(payload: str, fill: int, epoch_s: int, source: str, group_id: int) -> list[str]:
    """The lines carrying one message: `\\TAG*CS\\!AIVDM,...*CS` per sentence."""
    parts = [payload[i:i + SENTENCE_PAYLOAD_CHARS]
             for i in range(0, len(payload), SENTENCE_PAYLOAD_CHARS)] or [""]
    count = len(parts)
    seq = "" if count == 1 else str(group_id % 10)
    lines = []
    for number, part in enumerate(parts, start=1):
        part_fill = fill if number == count else 0
        body = f"AIVDM,{count},{number},{seq},A,{part},{part_fill}"
        tag = f"s:{source},c:{epoch_s}"
        if count > 1:
            tag = f"g:{number}-{count}-{group_id},{tag}"
        lines.append(f"\\{tag}*{checksum(tag)}\\!{body}*{checksum(body)}")
    return lines
