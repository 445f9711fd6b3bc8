"""Receipt times for live lines: a sentence without its own time gets the time it arrived.

A receiver's raw output (`!AIVDM...`) carries no time; an aggregator's often has a tag block
with `c:`. So that the ingest code dates every message the same way as in files, a line without
a `c:` time is given one, in milliseconds, in its tag block (a new one, or added to the one it
has, with the tag checksum recomputed). Lines with a time, `$PGHP` time lines and anything else
pass unchanged (the decoder quarantines or ignores them as usual).
"""

from __future__ import annotations


def _checksum(body: bytes) -> bytes:
    value = 0
    for byte in body:
        value ^= byte
    return b"%02X" % value


def stamp(line: bytes, epoch_ms: int) -> bytes:
    """`line` with a tag-block `c:` time of `epoch_ms` when it has no time of its own."""
    if line[:1] in (b"!", b"$"):
        if line[1:5] == b"PGHP":
            return line
        tag = b"c:%d" % epoch_ms
        return b"\\" + tag + b"*" + _checksum(tag) + b"\\" + line
    if line[:1] != b"\\":
        return line
    end = line.find(b"\\", 1)
    if end < 0:
        return line
    block = line[1:end]
    body = block.split(b"*", 1)[0]
    if body.startswith(b"c:") or b",c:" in body:
        return line
    tag = b"c:%d" % epoch_ms + (b"," + body if body else b"")
    return b"\\" + tag + b"*" + _checksum(tag) + line[end:]
