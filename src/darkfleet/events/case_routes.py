"""Watched routes declared by a case file, in place of the
`detect.ports.watched_routes` setting.

A case names its watched routes as pairs of port groups (`[dprk, russia-far-east]`, either
way); `darkfleet detect --case NAME` and the demo detect with them. Without a case, or with a
case that names none, the setting decides.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from darkfleet.errors import EvidenceError
from darkfleet.events.ports import PortRegistry
from darkfleet.events.settings import DetectSettings


def with_case_routes(settings: DetectSettings, routes: tuple[tuple[str, str], ...] | None,
                     registry: PortRegistry, case: str | Path = "<case>") -> DetectSettings:
    """`settings` with `routes` (a case's `watched_routes`) as its watched routes, `A:B` each;
    unchanged when `routes` is None.

    Raises:
        EvidenceError: a route names a group no port of `registry` is in (names the case and
            the route, e.g. `watched_routes[0]`).
    """
    if routes is None:
        return settings
    for index, pair in enumerate(routes):
        for group in pair:
            if not registry.group(group):
                raise EvidenceError(f"watched_routes[{index}]: no port of the registry is in "
                                    f"group {group!r}", field=f"watched_routes[{index}]",
                                    path=case)
    ports = replace(settings.ports, watched_routes=tuple(f"{a}:{b}" for a, b in routes))
    return replace(settings, ports=ports)
