"""The scalar NMEA path: line by line, with stream context and multi-sentence reassembly.

`ScalarDecoder.feed(raw, line)` classifies one line and returns what it settled: decoded
messages, quarantined lines, ignored lines. Fragments of a multi-sentence message wait until the
message is complete; they are keyed by NMEA-4 group id (`g:`), sequence id and channel. A
fragment that cannot join a message (a gap, a restart, a mismatched count, too many open
messages, the end of the file) is quarantined as `orphan_fragment` by `feed` or `finish`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from darkfleet.errors import DecodeError
from darkfleet.ingest.bits import Bits
from darkfleet.ingest.message import AisMessage, decode_payload
from darkfleet.ingest.plausible import IMPLAUSIBLE, TimeBounds
from darkfleet.ingest.sentence import GatehouseTime, Ignored, Rejected, Sentence, frame_line

#: What every reason code means (docs/ingest.md lists the same).
REASONS = {
    "invalid_utf8": "the line is not valid UTF-8",
    "line_too_long": "the line is longer than ingest.max_line_bytes",
    "unknown_format": "neither an NMEA sentence, a tag block, nor a known CSV row",
    "bad_tag_block": "the tag block is unterminated or malformed (or its c: time is invalid)",
    "truncated": "the sentence ends before its checksum",
    "bad_checksum": "the NMEA checksum does not match",
    "bad_fields": "the sentence does not have the 7 fields of VDM/VDO, or they are invalid",
    "bad_fill_bits": "the fill-bits field is not 0-5",
    "bad_payload": "the payload has invalid characters, or an unknown message type or part",
    "bad_payload_length": "the payload is shorter than its message type needs, or longer than "
    "the standard allows",
    "trailing_text": "text after the checksum that is not a known receiver trailer",
    "implausible_time": "the time is before ingest.earliest_time or more than "
    "ingest.max_future_h after the ingest",
    "orphan_fragment": "a fragment of a multi-sentence message whose other parts are missing",
    "bad_timestamp": "a $PGHP timestamp line with an impossible date",
}


@dataclass(frozen=True, slots=True)
class Decoded:
    """A message and the lines (1-based) of its sentences."""

    message: AisMessage
    lines: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Quarantined:
    """A line that could not be used, with its reason code."""

    line: int
    reason: str
    raw: bytes


@dataclass(frozen=True, slots=True)
class Skipped:
    """A line that is not AIS (it is counted as ignored), with what it was."""

    line: int
    reason: str


Event = Decoded | Quarantined | Skipped


Key = tuple[str | None, str, str]
Part = tuple[Sentence, int, bytes]


@dataclass(slots=True)
class _Pending:
    total: int
    context_ts_ms: int | None
    parts: list[Part] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DecoderState:
    """What a decoder carries to the next line: the open messages (oldest first: key, total,
    stream time, fragments with their lines counted back from the next line, -1 the line
    before it) and the time a `$PGHP` line gives the next line."""

    pending: tuple[tuple[Key, int, int | None, tuple[Part, ...]], ...] = ()
    context_ts_ms: int | None = None


def strict_error(event: Quarantined, path: str) -> DecodeError:
    """The error strict mode raises for a quarantined line."""
    explanation = REASONS.get(event.reason, "bad line")
    return DecodeError(f"{event.reason} ({explanation})", reason=event.reason, path=path,
                       line=event.line)


class ScalarDecoder:
    """Decodes a stream of lines one at a time; keep one per file."""

    def __init__(self, max_open_messages: int = 1000, max_line_bytes: int = 4096,
                 bounds: TimeBounds | None = None) -> None:
        """`bounds`: messages timed outside are quarantined as implausible_time (None: any)."""
        self._bounds = bounds
        self._context: tuple[int, int] | None = None  # (line, time) of the last `$PGHP` line
        self._max_open = max_open_messages
        self._max_line_bytes = max_line_bytes
        self._pending: dict[Key, _Pending] = {}

    def feed(self, raw: bytes, line: int) -> list[Event]:
        """Classify line number `line` (1-based) holding `raw` (without its line end)."""
        context = self.context_for(line)
        if len(raw) > self._max_line_bytes:
            return [Quarantined(line, "line_too_long", raw)]
        framed = frame_line(raw)
        if isinstance(framed, Sentence):
            return self._sentence(framed, line, raw, context)
        if isinstance(framed, GatehouseTime):
            self._context = (line, framed.ts_ms)
            return [Skipped(line, "gatehouse_time")]
        if isinstance(framed, Ignored):
            return [Skipped(line, framed.reason)]
        assert isinstance(framed, Rejected)
        return [Quarantined(line, framed.reason, raw)]

    def context_for(self, line: int) -> int | None:
        """The time a `$PGHP` line gives line `line`: only the line right after it."""
        if self._context is not None and self._context[0] == line - 1:
            return self._context[1]
        return None

    def pending_keys(self) -> list[tuple[str | None, str, str]]:
        """The keys (group, sequence id, channel) of the messages waiting for fragments."""
        return list(self._pending)

    def state(self, next_line: int) -> DecoderState:
        """The state before line `next_line`, its lines counted back from it."""
        pending = tuple(
            (key, p.total, p.context_ts_ms,
             tuple((sentence, line - next_line, raw) for sentence, line, raw in p.parts))
            for key, p in self._pending.items())
        return DecoderState(pending, self.context_for(next_line))

    def restore(self, state: DecoderState, next_line: int) -> None:
        """Continue from `state` (see `state`) at line `next_line`."""
        self._pending = {
            key: _Pending(total, context, [(s, line + next_line, raw) for s, line, raw in parts])
            for key, total, context, parts in state.pending}
        self._context = (None if state.context_ts_ms is None
                         else (next_line - 1, state.context_ts_ms))

    def finish(self) -> list[Event]:
        """Quarantine every fragment still waiting at the end of the stream."""
        events: list[Event] = []
        for pending in self._pending.values():
            events += _orphans(pending)
        self._pending.clear()
        return events

    def _sentence(self, sentence: Sentence, line: int, raw: bytes, context: int | None
                  ) -> list[Event]:
        if sentence.total == 1:
            return self._decode([(sentence, line, raw)], context)
        key = (sentence.group, sentence.seq_id, sentence.channel)
        pending = self._pending.pop(key, None)
        events: list[Event] = []
        if sentence.number == 1:
            if pending is not None:
                events += _orphans(pending)
            self._pending[key] = _Pending(sentence.total, context, [(sentence, line, raw)])
            return events + self._evict()
        if pending is None or pending.total != sentence.total or (
            len(pending.parts) + 1 != sentence.number
        ):
            if pending is not None:
                events += _orphans(pending)
            return [*events, Quarantined(line, "orphan_fragment", raw)]
        pending.parts.append((sentence, line, raw))
        if sentence.number == sentence.total:
            return self._decode(pending.parts, pending.context_ts_ms)
        self._pending[key] = pending
        return []

    def _evict(self) -> list[Event]:
        events: list[Event] = []
        while len(self._pending) > self._max_open:
            oldest = next(iter(self._pending))
            events += _orphans(self._pending.pop(oldest))
        return events

    def _decode(self, parts: list[tuple[Sentence, int, bytes]], context_ts_ms: int | None
                ) -> list[Event]:
        sentences = [part[0] for part in parts]
        payload = sentences[0].payload if len(parts) == 1 else b"".join(
            [s.payload for s in sentences])
        own_ts = next((s.ts_ms for s in sentences if s.ts_ms is not None), None)
        source = next((s.source for s in sentences if s.source is not None), None)
        first_line = parts[0][1]
        result = decode_payload(
            Bits(payload, sentences[-1].fill_bits),
            ts_ms=own_ts if own_ts is not None else context_ts_ms,
            source=source, line=first_line,
        )
        if not isinstance(result, str) and not (
            self._bounds is None or self._bounds.plausible(result.ts_ms)
        ):
            result = IMPLAUSIBLE
        if isinstance(result, str):
            return [Quarantined(line, result, raw) for _, line, raw in parts]
        return [Decoded(result, tuple(part[1] for part in parts))]


def _orphans(pending: _Pending) -> list[Event]:
    return [Quarantined(line, "orphan_fragment", raw) for _, line, raw in pending.parts]
