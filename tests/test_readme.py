"""The README's snippets run as written: the library example and the command-line pipeline."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

README = (Path(__file__).parent.parent / "README.md").read_text()


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def test_library_snippet_runs_and_prints_what_it_says(tmp_path, monkeypatch):
    [snippet] = blocks("python")
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(snippet, "README.md", "exec"), {})
    first, second = out.getvalue().splitlines()
    assert first == "1000 877 0"
    assert int(second) > 0


@pytest.mark.slow
def test_command_line_pipeline_runs(tmp_path):
    [console] = blocks("console")
    commands = [line.removeprefix("$ ").split("  #")[0].strip()
                for line in console.splitlines() if line.startswith("$ ")]
    darkfleet = f"{shlex.quote(sys.executable)} -m darkfleet"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for command in commands:
        assert command.startswith("darkfleet ")
        shell = command.replace("darkfleet", darkfleet, 1)
        result = subprocess.run(shell, shell=True, cwd=tmp_path, capture_output=True, text=True,
                                env=env, timeout=300)
        assert result.returncode == 0, f"{command}\n{result.stderr[-2000:]}"
    assert (tmp_path / "brief.html").stat().st_size > 10_000
