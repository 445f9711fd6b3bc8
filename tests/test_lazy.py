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


def test_public_names_come_from_their_home_modules():
    assert detect.__module__ == "darkfleet.events.detection"
    with pytest.raises(AttributeError, match=r"module 'darkfleet\.tracks' has no attribute 'nope'"):
        _ = darkfleet.tracks.nope
