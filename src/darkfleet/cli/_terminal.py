"""Output fitted to where it goes: readable text on a terminal, JSON when piped or asked."""

from __future__ import annotations

import sys

from rich.console import Console


def chosen_format(fmt: str | None, text: str, data: str) -> str:
    """`fmt` when given, else `text` on a terminal and `data` (JSON) when stdout is piped."""
    if fmt is not None:
        return fmt
    return text if sys.stdout.isatty() else data


def stdout_console() -> Console:
    """A console on stdout as wide as the terminal (80 columns, or $COLUMNS, when piped)."""
    return Console(soft_wrap=False)
