"""Builds AIS sentences from bit fields, for tests that need payloads of any length."""

from darkfleet.ingest.sentence import checksum


def text_bits(text, chars):
    """`text` in 6-bit ASCII, padded with `@` to `chars` characters."""
    codes = [ord(c) - 64 if ord(c) >= 64 else ord(c) for c in text.ljust(chars, "@")]
    return "".join(format(code, "06b") for code in codes)


def bit_string(fields):
    """(value, width) pairs, or strings of 0/1 bits, joined."""
    return "".join(f if isinstance(f, str) else format(f[0] & ((1 << f[1]) - 1), f"0{f[1]}b")
                   for f in fields)


def armour(bits):
    """The payload characters and fill bits of a bit string."""
    fill = (-len(bits)) % 6
    bits += "0" * fill
    codes = [int(bits[i : i + 6], 2) for i in range(0, len(bits), 6)]
    return bytes(c + 48 if c < 40 else c + 56 for c in codes), fill


def sentence(bits, *, tag=b"", trailer=b"", total=1, number=1, seq=b""):
    """One `!AIVDM` sentence of the bit string, checksum computed."""
    payload, fill = armour(bits)
    body = b"AIVDM,%d,%d,%s,A,%s,%d" % (total, number, seq, payload, fill)
    return tag + b"!" + body + b"*%02X" % checksum(body) + trailer


def type19(mmsi=211234560):
    """A 312-bit type 19: 54.5 N 10.25 E, 5.2 kn, 87.3 deg, heading 88, TEST SHIP, type 37."""
    return bit_string([(19, 6), (0, 2), (mmsi, 30), (0, 8), (52, 10), (0, 1),
                       (int(10.25 * 600_000), 28), (int(54.5 * 600_000), 27), (873, 12),
                       (88, 9), (10, 6), (0, 4), text_bits("TEST SHIP", 20), (37, 8),
                       (10, 9), (5, 9), (2, 6), (3, 6), (1, 4), (0, 1), (0, 1), (0, 1),
                       (0, 4)])


def type21(mmsi=992110001):
    """A 272-bit type 21: a buoy at 54.5 N 10.25 E named BUOY NORTH, dimensions 1/2/1/1."""
    return bit_string([(21, 6), (0, 2), (mmsi, 30), (1, 5), text_bits("BUOY NORTH", 20),
                       (0, 1), (int(10.25 * 600_000), 28), (int(54.5 * 600_000), 27),
                       (1, 9), (2, 9), (1, 6), (1, 6), (1, 4), (10, 6), (0, 1), (0, 8),
                       (0, 1), (0, 1), (0, 1), (0, 1)])


def type1(mmsi=257000001, speed=102, heading=88):
    """A 168-bit type 1 at 60 N 5 E."""
    return bit_string([(1, 6), (0, 2), (mmsi, 30), (0, 4), (0, 8), (speed, 10), (0, 1),
                       (5 * 600_000, 28), (60 * 600_000, 27), (900, 12), (heading, 9),
                       (20, 6), (0, 2), (0, 3), (0, 1), (0, 19)])
