"""The methods section: what each event type means, with the thresholds in force.

The definitions are the events stage's own templates (`darkfleet.events.definitions`), whose
`{name}` fields are detection settings. A threshold the brief's data does not carry is shown
with the default and marked, so the brief never states a value it did not use without saying so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from darkfleet.events.definitions import TEMPLATES, fill, template_fields
from darkfleet.events.settings import DetectSettings
from darkfleet.report.brief import Threshold
from darkfleet.settings_base import setting_value


@dataclass(frozen=True, slots=True)
class Definition:
    type: str
    text: str
    defaults_used: tuple[str, ...]


def definitions(
    thresholds: tuple[Threshold, ...], seen_types: Iterable[str] = ()
) -> tuple[Definition, ...]:
    """Every event definition filled in with the thresholds in force; then the event types seen
    in the records that have no definition, pointing to the events documentation."""
    values = {t.name: t.value for t in thresholds}
    result = []
    defaults = DetectSettings()
    for kind, template in TEMPLATES.items():
        names = template_fields(template)
        fallback = tuple(n for n in names if n not in values)
        filled = {n: values.get(n, f"{setting_value(defaults, n):g}†") for n in names}
        result.append(Definition(kind, fill(template, filled), fallback))
    result += [Definition(kind, "Defined in the events documentation (docs/events.md).", ())
               for kind in sorted(set(seen_types) - set(TEMPLATES))]
    return tuple(result)
