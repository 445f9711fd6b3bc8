"""Lines cut with NumPy behave as the lists of `bytes` they stand for."""

import random
import re

import numpy as np
import pytest

from darkfleet.ingest.lines import Lines, Segment, split_lines
from darkfleet.ingest.reader import LineSource


def _random_text(rng: random.Random, size: int) -> bytes:
    pieces = [b"\n", b"\r", b"\r\n", b"!AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0*30", b"x" * 70,
              b"", b"\x00\xff"]
    return b"".join(rng.choice(pieces) for _ in range(size))


@pytest.mark.parametrize("seed", range(40))
def test_split_lines_is_bytes_split_with_long_lines_cut(seed):
    rng = random.Random(seed)
    data = _random_text(rng, rng.randint(0, 300)).replace(b"\r", b"\n")
    limit = rng.choice([1, 5, 50, 1000])
    lines, rest = split_lines(data, limit)
    parts = data.split(b"\n")
    assert list(lines) == [part[:limit] for part in parts[:-1]]
    assert rest == parts[-1]
    assert lines.joined() == b"\n".join(part[:limit] for part in parts[:-1])


@pytest.mark.parametrize("seed", range(40))
def test_lines_index_slice_iterate_and_join_like_a_list(seed):
    rng = random.Random(seed)
    segments, expected = [], []
    for _ in range(rng.randint(0, 5)):
        words = [bytes(rng.choice(b"abc!,*") for _ in range(rng.randint(0, 6)))
                 for _ in range(rng.randint(0, 6))]
        if rng.random() < 0.3:  # a segment whose lines do not follow one another in its text
            text = b"|".join(w + b"####" for w in words)
            starts = np.array([sum(len(w) + 5 for w in words[:i]) for i in range(len(words))],
                              dtype=np.int64)
            segments.append(Segment(text, starts, starts + [len(w) for w in words], False))
        else:
            segments.append(Lines.of(words)._segments[0] if words else
                            Segment(b"", np.empty(0, np.int64), np.empty(0, np.int64), True))
        expected += words
    lines = Lines(segments)
    assert len(lines) == len(expected) and list(lines) == expected and lines == expected
    assert lines.joined() == b"\n".join(expected)
    for index in range(-len(expected), len(expected)):
        assert lines[index] == expected[index]
    for _ in range(30):
        a, b = rng.randint(-3, len(expected) + 3), rng.randint(-3, len(expected) + 3)
        step = rng.choice([None, None, 1, 2])
        assert list(lines[a:b:step]) == expected[a:b:step]
        assert lines[a:b].joined() == b"\n".join(expected[a:b])
    with pytest.raises(IndexError):
        lines[len(expected)]
    assert list(lines + Lines.of([b"z"])) == [*expected, b"z"]


@pytest.mark.parametrize("seed", range(30))
def test_joined_bounds_locate_each_line_in_the_joined_regions(seed):
    rng = random.Random(seed)
    segments = []
    for _ in range(rng.randint(1, 4)):
        data = b"".join(bytes(rng.choice(b"ab\r,") for _ in range(rng.randint(0, 9))) + b"\n"
                        for _ in range(rng.randint(1, 8)))
        lines, _ = split_lines(b"x" * rng.randint(0, 3) + b"\n" + data, 100)
        segments.append(lines[rng.randint(0, 1):])
    lines = Lines([segment._segments[0] for segment in segments if len(segment)])
    offset = rng.randint(0, 50)
    buf = b"-" * (offset - 1) + b"\n" + b"\n".join(lines.regions() or []) if offset else (
        b"\n".join(lines.regions() or []))
    starts, ends = lines.joined_bounds(offset)
    assert [buf[a:b] for a, b in zip(starts.tolist(), ends.tolist(), strict=True)] == list(lines)


@pytest.mark.parametrize("seed", range(30))
def test_the_reader_cuts_lines_as_a_plain_split_would(tmp_path, seed):
    """Any of LF, CRLF and a lone CR ends a line, long lines are cut to the limit + 1 bytes,
    across reads and block edges of every size."""
    rng = random.Random(seed)
    data = _random_text(rng, rng.randint(0, 400))
    path = tmp_path / "lines.nmea"
    path.write_bytes(data)
    max_line_bytes = rng.choice([100, 150, 4096])
    expected = re.split(rb"\r\n|\r|\n", data)
    if expected[-1] == b"":
        expected.pop()
    expected = [line[:max_line_bytes + 1] for line in expected]
    with LineSource(str(path), max_line_bytes, block_bytes=rng.randint(1, 200)) as source:
        got = [line for chunk in source.chunks(rng.randint(1, 50)) for line in chunk.lines]
    assert got == expected


def test_joined_takes_lines_or_any_sequence_of_bytes():
    from darkfleet.ingest.lines import joined

    words = [b"$PGHP,1", b"", b"!AIVDM"]
    assert joined(words) == joined(Lines.of(words)) == b"$PGHP,1\n\n!AIVDM"
    cut, _ = split_lines(b"abcdef\nxy\n", 3)  # a line cut short: joined line by line
    assert joined(cut) == b"abc\nxy"
