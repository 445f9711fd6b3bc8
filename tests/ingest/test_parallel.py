"""Several files decoded in worker processes give exactly what one process gives."""

import gzip
import json
import sys
from pathlib import Path

import pytest

from darkfleet.errors import InputError
from darkfleet.ingest import IngestSettings, ingest_files
from darkfleet.store import Workspace

PACKAGE_DATA = Path(__file__).parents[2] / "src" / "darkfleet" / "data" / "ais"
CSV = Path(__file__).parent / "data" / "marinecadastre_sample.csv"
FILES = [PACKAGE_DATA / "kystverket-aisnet/Ais1000Lines.nm4",
         PACKAGE_DATA / "dma-aislib/stream_example.txt", CSV,
         PACKAGE_DATA / "kystverket-aisnet/Ais1000Lines.nm4",
         PACKAGE_DATA / "amsa-risky/nmea-timestamped.txt"]


def ingest_with(workers, files, folder):
    settings = IngestSettings(chunk_lines=1000, workers=workers)
    with Workspace.open(folder, create=True) as ws:
        reports = [r.to_json() for r in ingest_files(files, ws, settings)]
        tables = {name: ws.query(f"SELECT * FROM {{{name}}} ORDER BY file, line").to_pylist()
                  for name in ("positions", "static_reports", "quarantine")}
        batches = [(b["key"], b["report"]) for b in ws.batches()]
    return reports, tables, batches


def test_workers_give_what_one_process_gives(tmp_path):
    gzipped = tmp_path / "again.nm4.gz"
    gzipped.write_bytes(gzip.compress(FILES[0].read_bytes()))
    files = [*FILES, gzipped]
    one = ingest_with(1, files, tmp_path / "one")
    two = ingest_with(2, files, tmp_path / "two")
    assert two == one
    assert [r["already_ingested"] for r in one[0]] == [False] * 3 + [True, False, False]
    assert one[0][5]["positions"] + one[0][5]["static_reports"] == 0  # same content, gzipped


def test_the_first_failing_file_stops_the_ingest_after_the_files_before_it(tmp_path):
    prose = tmp_path / "prose.txt"
    prose.write_text("Not AIS.\n")
    settings = IngestSettings(workers=2)
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        with pytest.raises(InputError, match=r"prose\.txt:1: neither NMEA nor a CSV"):
            ingest_files([FILES[0], prose, FILES[1]], ws, settings)
        assert len(ws.batches()) == 1


def test_an_ingest_process_does_not_load_pandas_for_pyarrow():
    import subprocess
    import sys

    script = ("import sys; from darkfleet.ingest.startup import skip_pandas_probe; "
              "skip_pandas_probe(); import pyarrow as pa; pa.table({'a': [1]}); "
              "print('pandas' in sys.modules); import pandas; print(pandas.__name__)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["False", "pandas"]


_FREED = """
import sys
import numpy as np
from darkfleet.ingest.startup import keep_freed_memory
if sys.argv[1] == "kept":
    keep_freed_memory()
def resident():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096
before = resident()
blocks = [np.ones(16 << 20, dtype=np.uint8) for _ in range(8)]
del blocks
import pyarrow as pa
print(resident() - before >= 120 << 20, pa.default_memory_pool().backend_name == "system")
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc")
@pytest.mark.parametrize(("mode", "expected"), [("kept", ["True", "True"]),
                                                ("default", ["False", "False"])])
def test_an_ingest_process_keeps_the_memory_it_frees(mode, expected):
    import subprocess

    done = subprocess.run([sys.executable, "-c", _FREED, mode], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == expected


def test_pool_workers_keep_the_memory_they_free():
    from darkfleet.ingest.pool import started_pool

    with started_pool(1) as pool:
        assert pool is not None
        assert pool.submit(_memory_pool).result() == "system"


def _memory_pool():
    import pyarrow as pa

    return pa.default_memory_pool().backend_name


def test_automatic_workers_only_for_inputs_their_start_pays_for(tmp_path):
    from darkfleet.ingest.pool import RANGE_MIN_BYTES, auto_min_bytes, workers_for
    from darkfleet.ingest.ranges import Ranging

    assert Ranging().min_bytes == RANGE_MIN_BYTES

    def sized(name, mib):
        path = tmp_path / name
        with open(path, "wb") as handle:
            handle.truncate(mib << 20)  # sparse: no disk used
        return str(path)

    auto = IngestSettings()
    assert auto_min_bytes(2) == 192 << 20 and auto_min_bytes(8) == (96 << 20) * 8 // 7
    assert workers_for(auto, [sized("a", 100)], cores=2) == 0
    assert workers_for(auto, [sized("b", 100), sized("c", 100)], cores=2) == 1
    assert workers_for(auto, [sized("d", 1024)], cores=1) == 0
    assert workers_for(auto, [sized("e", 100)], cores=8) == 0
    assert workers_for(auto, [sized("f", 120)], cores=8) == 3  # one per 32 MiB range
    assert workers_for(auto, [sized("g", 1024)], cores=8) == 7
    assert workers_for(IngestSettings(workers=3), [sized("h", 1)], cores=8) == 1
    assert workers_for(IngestSettings(workers=1), [sized("i", 1024)], cores=8) == 0


def test_the_command_starts_its_workers_first_and_stores_what_one_process_stores(tmp_path):
    from click.testing import CliRunner

    from darkfleet.cli import cli
    from darkfleet.ingest.pool import started_pool

    with started_pool(0) as none:
        assert none is None
    with started_pool(1) as pool:
        assert pool is not None
        assert pool.submit(_loaded, "darkfleet.ingest.parallel").result()
    files = [str(path) for path in FILES[:2]]
    config = tmp_path / "darkfleet.toml"
    config.write_text("[ingest]\nworkers = 2\nchunk_lines = 1000\n")
    result = CliRunner().invoke(cli, ["--config", str(config), "ingest", *files, "-w",
                                      str(tmp_path / "two"), "--format", "json"])
    assert result.exit_code == 0, result.output
    with Workspace.open(tmp_path / "one", create=True) as ws:
        one = [r.to_json() for r in ingest_files(files, ws, IngestSettings(chunk_lines=1000))]
    reports = [json.loads(line) for line in result.output.splitlines()]
    assert reports == one and one[1]["positions"] > 1000


def _loaded(module):
    import sys

    return module in sys.modules
