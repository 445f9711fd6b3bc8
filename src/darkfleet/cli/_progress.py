"""Progress on stderr for long commands: a bar when the steps are known, else a spinner.

Both are quiet when stderr is not a terminal (a pipe, a log file, a test), so scripted output
stays clean; the transient bar disappears when the work is done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def steps(description: str, total: int | None) -> Iterator[Callable[[str], None]]:
    """A progress bar of `total` steps; call the yielded function once per step with its label."""
    from rich.console import Console
    from rich.progress import Progress

    console = Console(stderr=True)
    bar = Progress(*Progress.get_default_columns(), console=console, transient=True,
                   disable=not console.is_terminal)
    task = bar.add_task(description, total=total)

    def advance(label: str) -> None:
        bar.update(task, advance=1, description=f"{description} {label}".strip())

    with bar:
        yield advance


@contextmanager
def busy(description: str) -> Iterator[None]:
    """A spinner with `description` while the block runs (work whose length is not known)."""
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal:
        yield
        return
    with console.status(description):
        yield
