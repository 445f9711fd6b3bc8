"""A subcommand's own checks print its own usage (exit 2), not the top-level one, at any depth."""

from __future__ import annotations

from click.testing import CliRunner

from darkfleet.cli import cli


def test_own_checks_print_the_subcommands_usage(tmp_path):
    runner = CliRunner()
    nested = runner.invoke(cli, ["lists", "load", "-w", str(tmp_path / "ws")])
    assert nested.exit_code == 2
    assert nested.output.startswith("Usage: cli lists load [OPTIONS] [PATHS]...")
    assert "Error: give list files to load, or --bundled" in nested.output
    single = runner.invoke(cli, ["estimate", "--containers", "5"])
    assert single.exit_code == 2
    assert single.output.startswith("Usage: cli estimate [OPTIONS]")
    assert "Error: give exactly one of --munition and --mix" in single.output
