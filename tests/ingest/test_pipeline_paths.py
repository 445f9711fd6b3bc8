"""The pipeline gives the same rows and counts whichever path decodes a line.

`reference_fast_path` fulfils the fast-path contract (`darkfleet.ingest.fastpath`) with the
scalar decoder's own pieces, for every or every other eligible line; ingesting with it must
give exactly what the scalar path alone gives. This checks the pipeline's side of the contract
(0-based chunk indices, stream context, merging, duplicates, counts) with chunks small enough
that messages and `$PGHP` contexts straddle them.
"""

from pathlib import Path

import numpy as np
import pytest

from darkfleet.ingest import IngestSettings, fastpath, ingest_files
from darkfleet.ingest.bits import Bits
from darkfleet.ingest.message import POSITION_TYPES, STATIC_TYPES, decode_payload
from darkfleet.ingest.sentence import Sentence, frame_line
from darkfleet.ingest.tables import positions_table, static_table
from darkfleet.store import POSITIONS, STATIC_REPORTS, Workspace

SETTINGS = IngestSettings(chunk_lines=1000, workers=1)  # the fast path is patched here
PACKAGE_DATA = Path(__file__).parents[2] / "src" / "darkfleet" / "data"


def reference_fast_path(step, handled_lines):
    def decode_lines(lines, context_ts_ms=None):
        handled = np.zeros(len(lines), dtype=bool)
        messages = []
        for index, raw in enumerate(lines):
            framed = frame_line(raw) if index % step == 0 else None
            if not isinstance(framed, Sentence) or framed.total != 1:
                continue
            ts_ms = framed.ts_ms
            if ts_ms is None and context_ts_ms is not None and context_ts_ms[index] >= 0:
                ts_ms = int(context_ts_ms[index])
            message = decode_payload(Bits(framed.payload, framed.fill_bits), ts_ms=ts_ms,
                                     source=framed.source, line=index)
            if isinstance(message, str) or message.msg_type not in POSITION_TYPES | STATIC_TYPES:
                continue
            handled[index] = True
            messages.append(message)
        handled_lines.append(int(handled.sum()))
        nulled = {}
        for message in messages:
            for name in message.nulled:
                nulled.setdefault(name, []).append(message.line)
        return fastpath.FastBatch(handled, positions_table(messages, None),
                                  static_table(messages, None),
                                  np.array([len(raw) for raw in lines]),
                                  {name: np.array(lines) for name, lines in nulled.items()})

    return decode_lines


def ingest_all(files, workspace):
    with Workspace.open(workspace, create=True) as ws:
        reports = [r.to_json() for r in ingest_files(files, ws, SETTINGS)]
        tables = {name: ws.query(f"SELECT * FROM {{{name}}} ORDER BY file, line").to_pylist()
                  for name in ("positions", "static_reports", "quarantine")}
    return reports, tables


FILES = sorted(p for p in (PACKAGE_DATA / "ais").rglob("*")
               if p.is_file() and "LICENSE" not in p.name)


REAL_FAST_PATH = fastpath.decode_lines


def no_fast_path(lines, context_ts_ms=None):
    """The fast-path contract at its least: no line handled."""
    return fastpath.FastBatch(np.zeros(len(lines), dtype=bool), POSITIONS.empty_table(),
                              STATIC_REPORTS.empty_table(), np.array([len(x) for x in lines]))


@pytest.fixture(scope="module")
def scalar_only(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fastpath, "decode_lines", no_fast_path)
        return ingest_all(FILES, tmp_path_factory.mktemp("scalar"))


@pytest.mark.slow
def test_the_fast_path_gives_what_the_scalar_path_gives(scalar_only, tmp_path, monkeypatch):
    handled = []

    def counted(lines, context_ts_ms=None):
        batch = REAL_FAST_PATH(lines, context_ts_ms)
        handled.append(int(batch.handled.sum()))
        return batch

    monkeypatch.setattr(fastpath, "decode_lines", counted)
    mixed = ingest_all(FILES, tmp_path / "fast")
    assert sum(handled) > 30_000
    assert mixed[0] == scalar_only[0]
    for name in ("positions", "static_reports", "quarantine"):
        assert mixed[1][name] == scalar_only[1][name], name


@pytest.mark.slow
@pytest.mark.parametrize("step", [1, 2])
def test_fast_and_scalar_paths_agree(scalar_only, tmp_path, monkeypatch, step):
    handled = []
    monkeypatch.setattr(fastpath, "decode_lines", reference_fast_path(step, handled))
    files = FILES
    mixed = ingest_all(files, tmp_path / "mixed")
    assert sum(r["messages"] for r in mixed[0]) == 39_871
    assert sum(handled) > 30_000 // step
    assert mixed[0] == scalar_only[0]
    for name in ("positions", "static_reports", "quarantine"):
        assert mixed[1][name] == scalar_only[1][name], name
