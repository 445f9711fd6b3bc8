"""`darkfleet report` on the command line: paths on stdout, notes on stderr, clean errors."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from darkfleet.cli import cli


def test_report_writes_the_brief_and_prints_its_path(flagship_ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "brief.html"
    result = CliRunner().invoke(cli, ["report", "-w", str(flagship_ws), "--case",
                                      "dprk-russia-2023", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out}\n"
    html = out.read_text(encoding="utf-8")
    assert "<title>DPRK to Russia munitions shipments, 2023-2025</title>" in html
    assert '<tr id="rec-check-capacity-shin-2024-02-26-152mm">' in html


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
    assert result.stderr.startswith("Error: case: no bundled case or file named 'nope'")
    assert "Traceback" not in result.output


def test_missing_workspace_exits_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["report", "-w", str(tmp_path / "none"), "--out",
                                      str(tmp_path / "b.html")])
    assert result.exit_code == 1
    assert "no darkfleet workspace here" in result.stderr
    assert not (tmp_path / "b.html").exists()


def test_pdf_without_chromium_is_a_clear_error(flagship_ws: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[report]\nchromium = "no-such-chromium"\n', encoding="utf-8")
    out = tmp_path / "brief.html"
    result = CliRunner().invoke(cli, ["--config", str(config), "report", "-w", str(flagship_ws),
                                      "--out", str(out), "--pdf", str(tmp_path / "b.pdf")])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: cannot print a PDF: Chromium ('no-such-chromium') is not installed; install "
        "Debian's chromium (scripts/system_deps.sh) or write HTML only\n")
    assert out.exists() and not (tmp_path / "b.pdf").exists()
