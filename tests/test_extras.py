"""Every command whose optional dependency is missing says which extra to install, in one line,
and exits 1. The missing library is simulated in a real `darkfleet` process: a sitecustomize
module puts None in `sys.modules` for it, which makes `import` fail as if it were not installed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from darkfleet.store import Workspace

BLOCKER = """import os, sys
for name in os.environ["DARKFLEET_TEST_BLOCK"].split(","):
    sys.modules[name] = None
"""

# (command, blocked modules, the extra the message must name)
CASES = [
    (["demo", "--out", "{tmp}/demo"], "jinja2", "reports"),
    (["report", "-w", "{ws}", "--out", "{tmp}/brief.html"], "jinja2", "reports"),
    (["serve", "-w", "{ws}", "--port", "1"], "fastapi,uvicorn", "serve"),
    (["export", "-w", "{ws}", "--what", "ports", "--format", "geoparquet", "--out",
      "{tmp}/p.parquet"], "geopandas", "geo"),
    (["case", "chart", "dprk-russia-2023", "--out", "{tmp}/t.svg", "--samples", "100"],
     "matplotlib", "viz"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    (folder / "sitecustomize.py").write_text(BLOCKER)
    Workspace.open(folder / "ws", create=True).close()
    return folder


@pytest.mark.parametrize(("args", "blocked", "extra"), CASES, ids=[c[0][0] for c in CASES])
def test_a_missing_extra_is_one_line_naming_it(site, tmp_path, args, blocked, extra):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.environ.get(
        "PYTHONPATH", "")]), "DARKFLEET_TEST_BLOCK": blocked}
    argv = [a.format(tmp=tmp_path, ws=site / "ws") for a in args]
    result = subprocess.run([sys.executable, "-m", "darkfleet", *argv], env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert f"darkfleet[{extra}]" in lines[0]
    assert result.stdout == ""
