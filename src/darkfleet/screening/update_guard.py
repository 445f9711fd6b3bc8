"""Safe list updates: a new version that looks broken never replaces the one in use.

A list file cut short may still parse (a CSV cut at a line end, a header alone), and loading it
would silently drop most designations. So a new version is refused, and the previous one stays
current, when it has no entries, or when it drops more than `max_shrink` of the entries of the
version loaded before it; `allow_shrink` (the CLI's `--allow-shrink`) overrides both after a
human has checked the file. Pure checks: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from darkfleet.errors import ScreeningError
from darkfleet.screening.model import SanctionsList


class ListUpdateRefused(ScreeningError):
    """A new list version was refused: `list_name`, the entries `previous` and `new`."""

    def __init__(self, message: str, *, list_name: str, previous: int | None, new: int,
                 path: str | None = None) -> None:
        self.list_name, self.previous, self.new = list_name, previous, new
        super().__init__(message, path=path)


def check_update(new: Sequence[SanctionsList], current: Mapping[str, int],
                 max_shrink: float) -> None:
    """Refuse an empty list, or one that shrinks by more than `max_shrink` (a share, 0-1)
    against `current` (list name -> entries of the version in use).

    Raises:
        ListUpdateRefused: the first list refused, with what to do about it.
    """
    for item in new:
        count, before = len(item.entries), current.get(item.list)
        if count == 0:
            raise ListUpdateRefused(
                f"{item.list} {item.version} has no entries: refused (is the file cut short "
                "or the wrong one?); the loaded version stays current. Use --allow-shrink "
                "to load it anyway", list_name=item.list, previous=before, new=0,
                path=item.source)
        if before and count < (1 - max_shrink) * before:
            raise ListUpdateRefused(
                f"{item.list} {item.version} has {count} entries against {before} in the "
                f"version loaded: {1 - count / before:.0%} fewer, more than the "
                f"{max_shrink:.0%} allowed (screening.max_shrink); refused, and the loaded "
                "version stays current. Use --allow-shrink if the list really shrank",
                list_name=item.list, previous=before, new=count, path=item.source)
