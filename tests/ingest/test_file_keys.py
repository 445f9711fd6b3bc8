"""Files' keys hashed in the background (`darkfleet.ingest.file_keys`): the same SHA-256 as a
plain read, errors raised when asked for, and correct after the hashing is stopped."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest

from darkfleet.errors import InputError
from darkfleet.ingest.file_keys import FileKeys, file_sha256


def _files(tmp_path, count=3):
    paths = []
    for index in range(count):
        path = tmp_path / f"f{index}.nmea"
        path.write_bytes(bytes(range(256)) * (5000 * (index + 1)) + b"!AIVDM\n" * index)
        paths.append(str(path))
    return paths


def test_keys_are_the_files_sha256_in_any_order_asked(tmp_path):
    paths = _files(tmp_path)
    expected = {path: hashlib.sha256(Path(path).read_bytes()).hexdigest() for path in paths}
    with FileKeys([*paths, "-", paths[0]]) as keys:
        assert [keys.sha256(path) for path in reversed(paths)] == [
            expected[path] for path in reversed(paths)]
        other = tmp_path / "other.csv"
        other.write_bytes(b"mmsi,ts\n")
        assert keys.sha256(str(other)) == hashlib.sha256(b"mmsi,ts\n").hexdigest()
    assert file_sha256(paths[1]) == expected[paths[1]]


def test_a_file_that_cannot_be_read_raises_when_its_key_is_asked(tmp_path):
    paths = _files(tmp_path, 1)
    missing = str(tmp_path / "missing.nmea")
    with FileKeys([missing, *paths]) as keys:
        assert len(keys.sha256(paths[0])) == 64  # the files after it are hashed
        for _ in range(2):
            with pytest.raises(InputError, match="cannot read") as raised:
                keys.sha256(missing)
            assert raised.value.path == missing


def test_keys_asked_after_the_hashing_stopped_are_hashed_then(tmp_path):
    paths = _files(tmp_path)
    stop = threading.Event()
    stop.set()
    assert file_sha256(paths[0], stop) == ""  # gives up between blocks
    keys = FileKeys(paths)
    keys.__exit__(None, None, None)
    assert [keys.sha256(path) for path in paths] == [file_sha256(path) for path in paths]


def test_a_file_larger_than_the_block_is_hashed_block_by_block(tmp_path, monkeypatch):
    from darkfleet.ingest import file_keys

    monkeypatch.setattr(file_keys, "HASH_BLOCK", 4096)
    path = tmp_path / "big.nmea"
    path.write_bytes(b"!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*24\n" * 3000)
    assert file_sha256(str(path)) == hashlib.sha256(path.read_bytes()).hexdigest()
    empty = tmp_path / "empty.nmea"
    empty.write_bytes(b"")
    assert file_sha256(str(empty)) == hashlib.sha256(b"").hexdigest()
