"""The AIS 6-bit payload armour: characters to bits, bits to numbers and text."""

from __future__ import annotations

#: Armoured character -> its 6 bits as a string of '0'/'1' (only valid characters).
_BITS = {
    c: format(c - 48 if c < 88 else c - 56, "06b")
    for c in list(range(48, 88)) + list(range(96, 120))
}
#: 6-bit value -> its character in the AIS 6-bit ASCII table.
_TEXT = "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !\"#$%&'()*+,-./0123456789:;<=>?"


class Bits:
    """A payload as one integer, read by bit offset from the start of the message."""

    __slots__ = ("length", "value")

    def __init__(self, payload: bytes, fill_bits: int) -> None:
        """Unarmour `payload` (already checked to hold only valid characters)."""
        text = "".join([_BITS[c] for c in payload])
        self.length = len(text) - fill_bits
        self.value = int(text[: self.length], 2) if self.length > 0 else 0

    def uint(self, start: int, width: int) -> int:
        """Unsigned field of `width` bits at bit `start`; 0 (not available) when the payload
        ends before the field does."""
        shift = self.length - start - width
        if shift < 0 or start < 0:
            return 0
        return (self.value >> shift) & ((1 << width) - 1)

    def sint(self, start: int, width: int) -> int:
        """Two's-complement signed field."""
        raw = self.uint(start, width)
        return raw - (1 << width) if raw >> (width - 1) else raw

    def text(self, start: int, width: int) -> str | None:
        """6-bit ASCII of up to `width` bits (whole characters present), ended at the first `@`
        (the terminator), leading and trailing spaces stripped; None when empty."""
        available = min(width, self.length - start) // 6 * 6
        if available <= 0:
            return None
        raw = self.uint(start, available)
        chars = [_TEXT[(raw >> shift) & 63] for shift in range(available - 6, -1, -6)]
        return "".join(chars).partition("@")[0].strip(" ") or None
