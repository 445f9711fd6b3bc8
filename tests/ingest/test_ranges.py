"""A large file decoded in byte ranges gives exactly what one pass gives.

A range edge is put at every byte inside a `$PGHP` line and the sentence it times, and inside a
two-sentence message; a message whose first fragment lies far before the edge completes after
it. Each range is decoded with a lead-in that rebuilds the decoder's state, or with none (then
the ingesting process decodes the range again from the state the range before ended with).
"""

import gzip
import logging
import random
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from test_fuzz_files import corpus

from darkfleet.ingest import IngestSettings, ingest_files
from darkfleet.ingest.ingest import Options
from darkfleet.ingest.parallel import ingest_parallel
from darkfleet.ingest.pipeline import NmeaPipeline
from darkfleet.ingest.plausible import TimeBounds
from darkfleet.ingest.ranges import Ranging, decode_span, settled, shifted, spans_of
from darkfleet.ingest.reader import LineSource
from darkfleet.ingest.sentence import checksum
from darkfleet.store import Workspace

STREAM = Path(__file__).parents[2] / "src/darkfleet/data/ais/dma-aislib/stream_example.txt"
SETTINGS = IngestSettings(chunk_lines=1000)
BOUNDS = TimeBounds.of(SETTINGS)


def _fragment(body: bytes) -> bytes:
    return b"!" + body + b"*%02X" % checksum(body)


def _file(tmp_path: Path) -> tuple[Path, int, int]:
    """The test file, and where its `$PGHP` line and its two-sentence message begin and end."""
    lines = STREAM.read_bytes().splitlines()
    first, second = lines[15].split(b",")[5], lines[16].split(b",")[5]
    head = [_fragment(b"AIVDM,2,1,7,B," + first + b",0"), lines[12], lines[13], b"garbage"]
    middle = [lines[14], lines[15], lines[16]]
    tail = [lines[80], lines[81], _fragment(b"AIVDM,2,2,7,B," + second + b",2"), lines[1]]
    data = b"\r\n".join(head) + b"\r\n" + b"\n".join(middle) + b"\r" + b"\n".join(tail) + b"\n"
    path = tmp_path / "ranges.nmea"
    path.write_bytes(data)
    start = data.index(lines[14])
    return path, start, start + len(b"\n".join(middle)) + 1


def _one_pass(path: Path, block_bytes: int) -> tuple[list[list[dict[str, object]]],
                                                     dict[str, object]]:
    pipeline = NmeaPipeline(str(path), SETTINGS, bounds=BOUNDS, raw=True)
    with LineSource(str(path), SETTINGS.max_line_bytes, block_bytes=block_bytes) as source:
        chunks = [pipeline.process(chunk) for chunk in source.chunks(SETTINGS.chunk_lines)]
    chunks.append(pipeline.finish())
    return [_rows(rows) for rows in chunks], pipeline.counts.report(str(path)).to_json()


def _ranged(path: Path, ranging: Ranging) -> tuple[list[list[dict[str, object]]],
                                                   dict[str, object], int]:
    spans = spans_of(str(path), path.stat().st_size, ranging, 2)
    assert spans is not None and len(spans) >= 2
    outputs: list[list[object]] = []
    redone = []

    def decode(span):
        outputs.append([])
        return decode_span(str(path), SETTINGS, BOUNDS, span, outputs[-1].append)

    def redo(span):
        redone.append(span)
        outputs.pop()
        return decode(span)

    chunks, counts = [], None
    for result, before in settled([(span, lambda span=span: decode(span)) for span in spans],
                                  redo):
        chunks += [_rows(shifted(rows, before)) for rows in outputs[-1]]
        if counts is None:
            counts = result.counts
        else:
            counts.add(result.counts)
    return chunks, counts.report(str(path)).to_json(), len(redone)


def _rows(rows) -> list[dict[str, object]]:
    return [row for table in (rows.positions, rows.static_reports, rows.quarantine)
            for row in table.to_pylist()]


@pytest.mark.parametrize(("lead_bytes", "block_bytes", "step"),
                         [(0, 1 << 20, 1), (1 << 20, 1 << 20, 3), (0, 1, 11), (60, 1, 7)])
def test_an_edge_at_every_byte_of_a_message_and_a_pghp_pair(tmp_path, lead_bytes, block_bytes,
                                                            step):
    """With blocks of 1 byte every line is a chunk, in one pass as in ranges: the chunks are
    the same. With large blocks (edges then inside a block) the rows are the same."""
    path, start, end = _file(tmp_path)
    chunks, report = _one_pass(path, block_bytes)
    assert report["messages"] == 5 and report["quarantined_by_reason"] == {"unknown_format": 1}
    assert report["ignored_by_reason"] == {"gatehouse_time": 2}
    redone = []
    for edge in range(start, end + 1, step):
        ranging = Ranging(block_bytes=block_bytes, edges=(edge,), lead_bytes=lead_bytes)
        got_chunks, got_report, redo = _ranged(path, ranging)
        if block_bytes == 1:
            assert got_chunks == chunks, edge
        else:
            assert _sorted(got_chunks) == _sorted(chunks), edge
        assert got_report == report, edge
        redone.append(redo)
    # the open first fragment of line 1 crosses every edge: only a lead-in from the file's
    # start rebuilds it, else its range is decoded again from the state before it
    assert redone == [0 if lead_bytes > end else 1] * len(redone)


def test_every_fuzz_corpus_file_in_ranges_gives_what_one_pass_gives(tmp_path):
    """The mutated files of the fuzz suite (bit flips, truncation, line-end mixes, odd bytes, a
    1 MB line, huge numbers, swapped fragments), cut at four random bytes, no lead-in."""
    rng = random.Random(11)
    checked = 0
    for path in corpus(tmp_path):
        size = path.stat().st_size
        if size < 5 or spans_of(str(path), size, Ranging(edges=(1,), block_bytes=1), 2) is None:
            continue
        chunks, report = _one_pass(path, 1 << 20)
        edges = tuple(sorted(rng.sample(range(1, size), 4)))
        got_chunks, got_report, _ = _ranged(path, Ranging(edges=edges, lead_bytes=0))
        assert _sorted(got_chunks) == _sorted(chunks), path.name
        assert got_report == report, path.name
        checked += 1
    assert checked == 21


def _sorted(chunks: list[list[dict[str, object]]]) -> list[dict[str, object]]:
    return sorted((row for chunk in chunks for row in chunk),
                  key=lambda row: (str(sorted(row)), row["line"]))


def test_ingest_in_ranges_stores_what_one_pass_stores(tmp_path):
    """Three copies of a recording (duplicates across ranges), a bad line, CRLF line ends."""
    data = b"".join(STREAM.read_bytes().splitlines(keepends=True)[:1500])
    path = tmp_path / "stream.nmea"
    path.write_bytes(data + b"not ais\r\n" + data.replace(b"\n", b"\r\n") + data)
    block = 16384
    settings = IngestSettings(chunk_lines=300, workers=2)
    with Workspace.open(tmp_path / "one", create=True) as ws:
        one = [r.to_json() for r in ingest_files([path], ws, IngestSettings(chunk_lines=300))]
        expected = _tables(ws)
    ranging = Ranging(block_bytes=block, range_bytes=3 * block, lead_bytes=5000, min_bytes=0)
    with Workspace.open(tmp_path / "ranges", create=True) as ws, \
            ThreadPoolExecutor(2) as executor:
        progress: list[tuple[str, int, int | None]] = []
        options = Options(False, lambda *done: progress.append(done), None,
                          TimeBounds.of(settings), ws)
        reports = ingest_parallel([str(path)], ws, settings, options, 2, executor, ranging)
        assert [r.to_json() for r in reports] == one
        assert _tables(ws) == expected
    size = path.stat().st_size
    ends = [s.end for s in spans_of(str(path), size, ranging, 2) or []]
    assert len(ends) == 5 and progress == [(str(path), end, size) for end in [*ends, size]]
    assert one[0]["duplicates"] > 0 and one[0]["quarantined"] == 1


def _tables(ws: Workspace) -> dict[str, list[dict[str, object]]]:
    return {name: ws.query(f"SELECT * FROM {{{name}}} ORDER BY line").to_pylist()
            for name in ("positions", "static_reports", "quarantine")}


def test_small_gzip_and_csv_files_are_read_whole(tmp_path):
    csv = Path(__file__).parent / "data" / "marinecadastre_sample.csv"
    assert spans_of(str(csv), csv.stat().st_size, Ranging(edges=(10,)), 2) is None
    assert spans_of(str(STREAM), STREAM.stat().st_size, Ranging(), 2) is None
    gzipped = tmp_path / "stream.nmea.gz"
    gzipped.write_bytes(gzip.compress(STREAM.read_bytes()))
    assert spans_of(str(gzipped), gzipped.stat().st_size, Ranging(edges=(10,)), 2) is None
    size = STREAM.stat().st_size  # 427,451 bytes
    spans = spans_of(str(STREAM), size, Ranging(block_bytes=50_000, min_bytes=0), 1)
    assert spans is not None and len(spans) == 5  # 9 blocks, at most 2 a range
    assert spans[0].start == 0 and spans[-1].end == size
    assert [s.start for s in spans[1:]] == [s.end for s in spans[:-1]]
    assert [s.start // 100_000 for s in spans] == [0, 1, 2, 3, 4]  # 2 blocks a range
    assert all(s.start % 100_000 < 100 and s.lead == 0 for s in spans)  # lead-in: 1 MiB
    assert [s.last for s in spans] == [False] * 4 + [True]


def test_the_ingesting_process_decodes_ranges_while_it_waits(tmp_path, caplog):
    """A pool of one worker process: the ingesting process takes ranges from the end of the
    queue while the worker starts and decodes, and writes parts the worker has not begun; the
    same rows, quarantine and report."""
    data = b"".join(STREAM.read_bytes().splitlines(keepends=True)[:3000])
    path = tmp_path / "stream.nmea"
    path.write_bytes(data + b"not ais\n" + data)
    with Workspace.open(tmp_path / "one", create=True) as ws:
        one = [r.to_json() for r in ingest_files([path], ws, IngestSettings(chunk_lines=300))]
        expected = _tables(ws)
    settings = IngestSettings(chunk_lines=300, workers=2)
    ranging = Ranging(block_bytes=16384, range_bytes=16384, lead_bytes=5000, min_bytes=0)
    assert len(spans_of(str(path), path.stat().st_size, ranging, 1) or []) >= 8
    with Workspace.open(tmp_path / "ranges", create=True) as ws, \
            caplog.at_level(logging.DEBUG, "darkfleet.ingest.jobs"):
        options = Options(False, None, None, TimeBounds.of(settings), ws)
        reports = ingest_parallel([str(path)], ws, settings, options, 1, None, ranging)
        assert [r.to_json() for r in reports] == one
        assert _tables(ws) == expected
    here = [r.getMessage() for r in caplog.records if "in the ingesting process" in r.message]
    decoding = [m for m in here if m.startswith(f"decoding {path} bytes ")]
    writing = [m for m in here if m.startswith(f"writing {path} part ")]
    assert decoding and writing and len(decoding) + len(writing) == len(here)
    assert one[0]["duplicates"] > 0 and one[0]["quarantined"] == 1


def _written(root, name):
    part = root / "tables" / "positions" / "day=2023-08-01" / name
    part.parent.mkdir(parents=True, exist_ok=True)
    part.write_bytes(b"PAR1")
    return [("positions", "2023-08-01", str(part.relative_to(root)), "b", 1)]


def test_a_failed_store_removes_the_parts_its_writes_finished(tmp_path):
    """Parts written by a finished write are removed, a write not begun is cancelled, and
    one still being written is left to the workspace's clean-up of unlisted parts."""
    from threading import Event

    from darkfleet.ingest.part_writes import PartWrites

    started, release = Event(), Event()

    def slow(root, name):
        started.set()
        release.wait(10)
        return _written(root, name)

    with ThreadPoolExecutor(1) as pool:
        writes = PartWrites(pool)
        writes.submit("done", str(tmp_path / "a"), _written, tmp_path, "a.parquet")
        writes._jobs[0].future.result()
        writes.submit("running", str(tmp_path / "b"), slow, tmp_path, "b.parquet")
        started.wait(10)
        writes.submit("queued", str(tmp_path / "c"), _written, tmp_path, "c.parquet")
        writes.discard(tmp_path)
        release.set()
    folder = tmp_path / "tables" / "positions" / "day=2023-08-01"
    assert sorted(p.name for p in folder.iterdir()) == ["b.parquet"]
    assert writes._jobs[2].future.cancelled()
