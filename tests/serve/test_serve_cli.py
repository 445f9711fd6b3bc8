"""`darkfleet serve` as a user runs it: a real process on loopback, and its early failures."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from click.testing import CliRunner

from darkfleet.cli import cli


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get_json(url: str) -> object:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def _wait_for_health(url: str, process: subprocess.Popen[str]) -> dict[str, object]:
    deadline = time.monotonic() + 30
    while True:
        assert process.poll() is None, process.communicate()[1]
        try:
            body = _get_json(url + "/health")
            assert isinstance(body, dict)
            return body
        except (urllib.error.URLError, ConnectionError):
            assert time.monotonic() < deadline, "darkfleet serve did not answer /health"
            time.sleep(0.1)


def test_the_serve_command_serves_the_workspace(pipeline_config):
    port = _free_port()
    command = [sys.executable, "-m", "darkfleet", "serve", "-w", str(pipeline_config.workspace),
               "--host", "127.0.0.1", "--port", str(port)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        health = _wait_for_health(base, process)
        assert health["workspace"] == pipeline_config.workspace.name
        vessels = _get_json(base + "/api/vessels")
        assert isinstance(vessels, dict) and vessels["total"] == 8
        assert vessels["items"][0]["name"] == "ANGARA"
    finally:
        process.terminate()
        _, err = process.communicate(timeout=15)
    assert f"serving {pipeline_config.workspace} at {base}/" in err


def test_serve_on_a_missing_workspace_exits_1_without_starting(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "-w", str(tmp_path / "none"), "--port", "1"])
    assert result.exit_code == 1
    assert "no darkfleet workspace here (run `darkfleet ingest` first)" in result.output
    assert "Traceback" not in result.output


def test_serve_rejects_a_bad_port_as_usage(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "-w", str(tmp_path), "--port", "70000"])
    assert result.exit_code == 2 and "70000" in result.output


def test_concurrent_requests_each_get_their_own_connection(server):
    """Requests in parallel threads open and close the workspace side by side (DuckDB races
    there unless opening and closing take turns: "Unique file handle conflict")."""
    paths = ["/api/vessels", "/api/events", "/api/voyages?watched=true", "/api/matches",
             "/api/vessels/273990101", "/api/screen?name=ANGARA"] * 8
    expected = {path: server.get(path).body for path in set(paths)}
    for _ in range(3):
        with ThreadPoolExecutor(max_workers=12) as pool:
            answers = list(pool.map(server.get, paths))
        failed = [a.body[:300] for a in answers if a.status != 200]
        assert failed == []
        assert [a.body for a in answers] == [expected[p] for p in paths]


def _run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)


def test_importing_the_cli_and_the_package_leaves_fastapi_unloaded():
    result = _run_python("import sys, darkfleet.cli, darkfleet.serve; "
                         "print(sorted({'fastapi', 'uvicorn', 'pydantic'} & set(sys.modules)))")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("missing", [("fastapi", "uvicorn"), ("jinja2",)])
def test_without_the_serve_extra_the_command_says_what_to_install(pipeline_config, missing):
    hide = "; ".join(f"sys.modules[{name!r}] = None" for name in missing)
    code = (f"import sys; {hide}; from darkfleet.cli import main; "
            f"sys.argv = ['darkfleet', 'serve', '-w', {str(pipeline_config.workspace)!r}]; "
            "main()")
    result = _run_python(code)
    assert result.returncode == 1
    assert result.stderr.strip() == ("Error: the web app needs FastAPI, uvicorn and Jinja2: "
                                     "pip install 'darkfleet[serve]'")


def test_other_commands_use_the_workspace_between_requests(server):
    assert server.get("/api/vessels").status == 200
    result = subprocess.run(
        [sys.executable, "-m", "darkfleet", "lists", "list", "-w", str(server.config.workspace),
         "--format", "jsonl"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert sorted(json.loads(line)["list"] for line in result.stdout.splitlines()) == [
        "OFAC SDN", "UK", "UN"]
    assert server.get("/api/vessels").status == 200
