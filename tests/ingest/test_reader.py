"""The reader's chunks: which may hold a Gatehouse `$PGHP` line (the pipeline looks for the
time such a line gives the next only in those)."""

import pytest

from darkfleet.ingest.reader import LineSource

SENTENCE = b"!AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0*30\n"
GATEHOUSE = b"$PGHP,1,2010,6,11,11,46,11,929,244,0,,1,72*21\n"


def _flags(path, block_bytes):
    with LineSource(str(path), 4096, block_bytes=block_bytes) as source:
        return [(len(chunk.lines), chunk.gatehouse) for chunk in source.chunks(4)]


def test_no_chunk_of_a_file_without_gatehouse_lines_may_hold_one(tmp_path):
    path = tmp_path / "plain.nmea"
    path.write_bytes(SENTENCE * 10)
    assert _flags(path, 1 << 20) == [(4, False), (4, False), (2, False)]


@pytest.mark.parametrize("block_bytes", range(16, 80))
def test_the_chunk_holding_a_gatehouse_line_and_every_later_one_may_hold_one(tmp_path,
                                                                             block_bytes):
    # blocks cut every few bytes: the line's `PGHP` falls across a cut for some of them
    path = tmp_path / "gatehouse.nmea"
    path.write_bytes(SENTENCE * 20 + GATEHOUSE + SENTENCE * 6)
    flags = _flags(path, block_bytes)
    ends = [sum(size for size, _ in flags[:i + 1]) for i in range(len(flags))]
    holding = next(i for i, end in enumerate(ends) if end >= 21)  # the chunk of line 21
    assert ends[-1] == 27
    assert [flag for _, flag in flags] == sorted(flag for _, flag in flags)  # once met, kept
    assert flags[holding][1] and not flags[0][1]


@pytest.mark.parametrize("cut", range(958, 968))
def test_a_gatehouse_line_is_met_wherever_a_block_ends_near_it(tmp_path, cut):
    """The line's `$` is byte 960: the first block ends before it, right after it, inside and
    after `PGHP`."""
    path = tmp_path / "gatehouse.nmea"
    path.write_bytes(SENTENCE * 20 + GATEHOUSE + SENTENCE * 6)
    assert len(SENTENCE * 20) == 960
    flags = [flag for _, flag in _flags(path, cut)]
    assert any(flags) and flags == sorted(flags)
