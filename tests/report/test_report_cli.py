"""`darkfleet report` on the command line: paths on stdout, notes on stderr, clean errors."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from darkfleet.cli import cli


def test_report_writes_the_brief_and_prints_its_path(
    flagship_ws: Path, case_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "brief.html"
    result = CliRunner().invoke(cli, ["report", "-w", str(flagship_ws), "--case", str(case_file),
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out}\n"
    assert "DPRK munitions to Russia by sea, 2023" in out.read_text(encoding="utf-8")


def test_report_of_an_empty_workspace_notes_what_is_missing(empty_ws: Path,
                                                            tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    result = CliRunner().invoke(cli, ["report", "-w", str(empty_ws), "--out", str(out)])
    assert result.exit_code == 0
    assert result.stdout == f"{out}\n"
    assert "note: no events (run `darkfleet detect`)" in result.stderr
    assert out.exists()


def test_unknown_case_exits_1_without_traceback(empty_ws: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["report", "-w", str(empty_ws), "--case", "nope",
                                      "--out", str(tmp_path / "b.html")])
    assert result.exit_code == 1
    assert result.stderr == ("Error: unknown case 'nope': neither a file nor a bundled case\n")


def test_missing_workspace_exits_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["report", "-w", str(tmp_path / "none"), "--out",
                                      str(tmp_path / "b.html")])
    assert result.exit_code == 1
    assert "no darkfleet workspace here" in result.stderr
    assert not (tmp_path / "b.html").exists()
