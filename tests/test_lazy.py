import subprocess
import sys

import pytest

import darkfleet.tracks
from darkfleet.events import detect


def loaded_after(imports: str, names: str) -> str:
    """What a fresh interpreter has loaded of `names` (an expression over a module name `m`)
    after `import sys, <imports>`."""
    code = f"import sys, {imports}; print(sorted(m for m in sys.modules if {names}))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    return result.stdout.strip()


def test_importing_darkfleet_and_its_cli_loads_no_heavy_library():
    heavy = ("m in ('polars', 'numpy', 'pyarrow', 'duckdb', 'matplotlib', 'jinja2', 'fastapi', "
             "'rapidfuzz')")
    assert loaded_after("darkfleet, darkfleet.cli", heavy) == "[]"


def test_an_ingest_worker_loads_no_other_stage():
    stages = ("m.startswith('darkfleet.') and m.split('.')[1] in ('config', 'screening', "
              "'events', 'tracks', 'estimation', 'report', 'watch')")
    assert loaded_after("darkfleet.ingest.parallel", stages) == "[]"
    import darkfleet

    assert darkfleet.Config.__module__ == "darkfleet.config"


def test_public_names_come_from_their_home_modules():
    assert detect.__module__ == "darkfleet.events.detection"
    with pytest.raises(AttributeError, match=r"module 'darkfleet\.tracks' has no attribute 'nope'"):
        _ = darkfleet.tracks.nope
