import subprocess
import sys
from pathlib import Path

import click

from darkfleet.cli import cli

ROOT = Path(__file__).parent.parent


def test_generated_docs_are_current():
    result = subprocess.run(
        [sys.executable, "scripts/gen_docs.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _all_commands(group, prefix="darkfleet"):
    for name, command in group.commands.items():
        yield f"{prefix} {name}", command
        if isinstance(command, click.Group):
            yield from _all_commands(command, f"{prefix} {name}")


def test_every_command_has_help_with_an_example():
    for name, command in _all_commands(cli):
        assert command.help, f"{name} has no help"
        assert "Example:" in command.help, f"{name} help has no Example: block"
