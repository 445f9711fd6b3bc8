"""The filter options of `events`, `voyages`, `vessels` and `export`, and their `Filters`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import click

from darkfleet.errors import UsageError
from darkfleet.timefmt import parse_utc

F = TypeVar("F", bound=Callable[..., Any])


def filter_options(*, port: bool = True) -> Callable[[F], F]:
    """Decorator adding the identity, time and box options (and `--port` when `port`)."""
    options = [
        click.option("--mmsi", type=int, help="Only this vessel."),
        click.option("--imo", type=int, help="Only the vessel with this IMO number."),
        click.option("--name", help="Only vessels that used this name (any script, part of "
                                    "the name is enough: Ангара finds ANGARA)."),
        click.option("--callsign", help="Only the vessel with this call sign."),
        click.option("--since", help="Only what ends at or after this time (ISO 8601)."),
        click.option("--until", help="Only what starts at or before this time (ISO 8601)."),
        click.option("--area", metavar="MIN_LAT,MIN_LON,MAX_LAT,MAX_LON",
                     help="Only what has a position inside this box."),
    ]
    if port:
        options.insert(4, click.option("--port", help="Only this port (UN/LOCODE)."))

    def decorate(function: F) -> F:
        for option in reversed(options):
            function = option(function)
        return function

    return decorate


def build_filters(**options: Any) -> Any:
    """`darkfleet.events.query.Filters` from the options' values.

    Raises:
        UsageError: a time or box that does not parse.
    """
    from darkfleet.events.query import Filters

    return Filters(types=tuple(options.get("types") or ()), mmsi=options.get("mmsi"),
                   imo=options.get("imo"), name=options.get("name"),
                   callsign=options.get("callsign"), port=options.get("port"),
                   since=_time(options.get("since"), "--since"),
                   until=_time(options.get("until"), "--until"),
                   area=_area(options.get("area")), watched=bool(options.get("watched")))


def _area(text: str | None) -> tuple[float, float, float, float] | None:
    if not text:
        return None
    try:
        values = [float(x) for x in text.split(",")]
    except ValueError:
        values = []
    if len(values) != 4 or values[0] > values[2] or values[1] > values[3]:
        raise UsageError("--area takes MIN_LAT,MIN_LON,MAX_LAT,MAX_LON (minimums first)")
    return values[0], values[1], values[2], values[3]


def _time(text: str | None, option: str) -> datetime | None:
    if not text:
        return None
    try:
        return parse_utc(text)
    except ValueError as error:
        raise UsageError(f"{option}: not an ISO 8601 time: {text}") from error
