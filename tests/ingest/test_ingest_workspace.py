"""Ingest into a real workspace: counts, re-ingest, strict mode, interrupted ingests."""

import dataclasses
import gzip
import os
import signal
import subprocess
import sys
import time

import pytest

from darkfleet.errors import DecodeError
from darkfleet.ingest import IngestSettings, ingest_files
from darkfleet.ingest.sentence import checksum
from darkfleet.store import Workspace

SMALL = IngestSettings(chunk_lines=1000)


def sentence(body):
    return f"!{body}*{checksum(body.encode()):02X}"


def ais_files(package_data):
    folder = package_data / "ais"
    return sorted(p for p in folder.rglob("*") if p.is_file() and "LICENSE" not in p.name)


def counts_add_up(report):
    assert report.lines == report.sentences + report.ignored + report.quarantined
    assert report.messages == (report.positions + report.static_reports + report.duplicates
                               + report.header_only - report.in_both_tables)
    assert sum(report.quarantined_by_reason.values()) == report.quarantined
    assert sum(report.ignored_by_reason.values()) == report.ignored


def test_every_bundled_file_adds_up(package_data, tmp_path):
    files = ais_files(package_data)
    assert len(files) == 6
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        reports = ingest_files(files, ws, SMALL)
        for report in reports:
            counts_add_up(report)
        assert ws.query("SELECT count(*) AS n FROM {positions}")["n"][0].as_py() == sum(
            r.positions for r in reports)
        assert ws.query("SELECT count(*) AS n FROM {static_reports}")["n"][0].as_py() == sum(
            r.static_reports for r in reports)
        assert ws.query("SELECT count(*) AS n FROM {quarantine}")["n"][0].as_py() == sum(
            r.quarantined for r in reports)


def test_gatehouse_stream(package_data, tmp_path):
    path = package_data / "ais" / "dma-aislib" / "stream_example.txt"
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        (report,) = ingest_files([path], ws, SMALL)
        assert (report.lines, report.messages, report.ignored) == (8551, 4051, 4051)
        assert report.ignored_by_reason == {"gatehouse_time": 4051}
        assert report.sentences == 8551 - 4051
        first = ws.query("SELECT ts, line FROM {positions} ORDER BY line LIMIT 1").to_pylist()
        assert first[0]["line"] == 2
        assert first[0]["ts"].isoformat() == "2010-06-11T11:46:11.390000+00:00"
        untimed = ws.query("SELECT count(*) AS n FROM {positions} WHERE ts IS NULL")
        assert untimed["n"][0].as_py() == 0


def test_nmea4_groups_and_tag_block_times(package_data, tmp_path):
    path = package_data / "ais" / "kystverket-aisnet" / "Ais1000Lines.nm4"
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        (report,) = ingest_files([path], ws, SMALL)
        assert (report.lines, report.messages, report.quarantined) == (1000, 877, 0)
        assert ws.days("positions") == ["2019-08-07"]
        groups = path.read_text().count("\\g:1-2-")
        type5 = ws.query("SELECT count(*) AS n FROM {static_reports} WHERE msg_type = 5")
        assert groups > 100
        assert type5["n"][0].as_py() == groups


def test_reingest_adds_nothing(package_data, tmp_path):
    path = package_data / "ais" / "amsa-risky" / "nmea-timestamped.txt"
    copy = tmp_path / "same-bytes.txt"
    copy.write_bytes(path.read_bytes())
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        (first,) = ingest_files([path], ws, SMALL)
        parts = ws.part_paths("positions")
        (again,) = ingest_files([copy], ws, SMALL)
        assert again.already_ingested and not first.already_ingested
        assert dataclasses.replace(again, path=first.path, already_ingested=False) == first
        assert ws.part_paths("positions") == parts
        assert ws.query("SELECT count(*) AS n FROM {positions}")["n"][0].as_py() == 92


def test_gzip_is_read_whatever_its_name(package_data, tmp_path):
    plain = package_data / "ais" / "amsa-risky" / "nmea-timestamped.txt"
    packed = tmp_path / "recording.nmea"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        (report,) = ingest_files([packed], ws, SMALL)
    assert (report.lines, report.messages, report.positions) == (100, 100, 92)


def test_strict_stops_at_the_first_bad_line(tmp_path):
    good = sentence("AIVDM,1,1,,B,13P;DhPP@M0RrVfOmDm=`9BJ00S;,0")
    path = tmp_path / "bad.nmea"
    path.write_text(f"{good}\n$GPGGA,1,2*00\n{good[:-1]}0\n{good}\n")
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        with pytest.raises(DecodeError) as caught:
            ingest_files([path], ws, SMALL, strict=True)
        assert str(caught.value).startswith(f"{path}:3: bad_checksum")
        assert caught.value.line == 3
        assert ws.tables() == []
        (report,) = ingest_files([path], ws, SMALL)
        assert (report.messages, report.quarantined, report.ignored) == (2, 1, 1)


def test_orphan_fragments_are_quarantined(tmp_path):
    first = sentence("AIVDM,2,1,3,A,53nPnh800000ha@J2218UH60U@4hT6000000000t2PD33t?P00800,0")
    second = sentence("AIVDM,2,2,3,A,00000000000,2")
    path = tmp_path / "frag.nmea"
    path.write_text(f"{second}\n{first}\n{first}\n{second}\n{first}\n")
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        (report,) = ingest_files([path], ws, SMALL)
        rows = ws.query("SELECT line, reason FROM {quarantine} ORDER BY line").to_pylist()
    assert report.messages == 1
    assert rows == [{"line": 1, "reason": "orphan_fragment"},
                    {"line": 2, "reason": "orphan_fragment"},
                    {"line": 5, "reason": "orphan_fragment"}]


def test_an_interrupted_ingest_leaves_nothing(package_data, tmp_path):
    path = package_data / "ais" / "amsa-risky" / "ais.txt.gz"
    chunks = []

    def interrupt(_path, done, _total):
        chunks.append(done)
        if len(chunks) == 3:
            raise KeyboardInterrupt

    with Workspace.open(tmp_path / "ws", create=True) as ws:
        with pytest.raises(KeyboardInterrupt):
            ingest_files([path], ws, SMALL, progress=interrupt)
        assert ws.tables() == []
        assert not ws.has_batch("anything")
    assert list((tmp_path / "ws").rglob("*.parquet")) == []


@pytest.mark.slow
def test_a_killed_ingest_leaves_nothing_visible(package_data, tmp_path):
    lines = gzip.decompress((package_data / "ais" / "amsa-risky" / "ais.txt.gz").read_bytes())
    big = tmp_path / "big.nmea"
    big.write_bytes(lines * 8)
    config = tmp_path / "small.toml"
    config.write_text("[ingest]\nchunk_lines = 1000\n")
    workspace = tmp_path / "ws"
    command = [sys.executable, "-m", "darkfleet", "--config", str(config), "ingest", str(big),
               "-w", str(workspace)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(workspace.rglob("*.parquet")) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.poll() is None, "the ingest ended before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert list(workspace.rglob("*.parquet"))
    with Workspace.open(workspace) as ws:
        assert ws.tables() == []
    assert list(workspace.rglob("*.parquet")) == []


def test_an_unwritable_workspace_is_a_store_error(package_data, tmp_path):
    from darkfleet.errors import StoreError

    path = package_data / "ais" / "amsa-risky" / "nmea-timestamped.txt"
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        (tmp_path / "ws" / "tables").write_text("not a folder")
        with pytest.raises(StoreError, match="cannot write the workspace"):
            ingest_files([path], ws, SMALL)
        assert ws.tables() == []
