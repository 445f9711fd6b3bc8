import subprocess
import sys

import pytest

import darkfleet.tracks
from darkfleet.events import detect


def test_importing_darkfleet_and_its_cli_loads_no_heavy_library():
    code = ("import sys, darkfleet, darkfleet.cli; "
            "print(sorted(m for m in ('polars', 'numpy', 'pyarrow', 'duckdb', 'matplotlib', "
            "'jinja2', 'fastapi', 'rapidfuzz') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def test_an_ingest_worker_loads_no_other_stage():
    code = ("import sys, darkfleet.ingest.parallel; "
            "print(sorted(m for m in sys.modules if m.startswith('darkfleet.') and m.split('.')[1] "
            "in ('config', 'screening', 'events', 'tracks', 'estimation', 'report', 'watch')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
    import darkfleet

    assert darkfleet.Config.__module__ == "darkfleet.config"


def test_public_names_come_from_their_home_modules():
    assert detect.__module__ == "darkfleet.events.detection"
    with pytest.raises(AttributeError, match=r"module 'darkfleet\.tracks' has no attribute 'nope'"):
        _ = darkfleet.tracks.nope
