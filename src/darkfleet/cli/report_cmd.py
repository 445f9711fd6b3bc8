"""Commands of this stage (filled in as the stage is built)."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
