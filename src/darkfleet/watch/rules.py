"""Alert rules: what the watch raises alerts for, read from TOML, with defaults for the case.

A rules file is a list of `[[rule]]` tables, each with a `name` (the alert's `rule` field) and a
`kind`:

- `listed_port_entry`: a listed vessel (matched by the loaded sanctions lists) enters a watched
  port or area (its first fix inside, after a fix outside or as the first fix heard);
- `dark_near_port`: a vessel's live gap opens (see docs/watch.md) with its last fix within
  `distance_m` of a watched port or area (`listed_only = true`: listed vessels only);
- `listed_encounter`: an `encounter` event (as `detect` defines it) involves a listed vessel;
- `listed_identity_change`: a listed vessel's name, IMO number or call sign changes (an
  `identity_change` event), or its IMO number is heard under another MMSI (so another flag);
- `dark_detection_in_port`: a dark imagery detection (no AIS match, as `darkfleet detections`
  stores it) lies inside a watched port or area, or within `distance_m` of one (when detections
  are loaded in the workspace; they are read again every `watch.imagery_poll_s`).

Watched ports and areas: `groups` (port groups of the registry), `ports` (UN/LOCODEs) and
`areas` (`{name, lat, lon, radius_m}` circles).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from darkfleet.errors import ConfigError
from darkfleet.events.ports import PortArea, PortRegistry

KINDS = ("listed_port_entry", "dark_near_port", "listed_encounter", "listed_identity_change",
         "dark_detection_in_port")
CASE_GROUPS = ("dprk", "russia-far-east")

DEFAULT_RULES_TOML = """\
# darkfleet watch: the default alert rules (for the dprk-russia-2023 case).

[[rule]]
name = "listed-vessel-in-watched-port"
kind = "listed_port_entry"
groups = ["dprk", "russia-far-east"]

[[rule]]
name = "dark-near-watched-port"
kind = "dark_near_port"
groups = ["dprk", "russia-far-east"]
distance_m = 100000.0

[[rule]]
name = "encounter-with-listed-vessel"
kind = "listed_encounter"

[[rule]]
name = "listed-vessel-identity-change"
kind = "listed_identity_change"

[[rule]]
name = "dark-detection-in-watched-port"
kind = "dark_detection_in_port"
groups = ["dprk", "russia-far-east"]
"""


@dataclass(frozen=True, slots=True)
class Rule:
    """One alert rule (see the module doc)."""

    name: str
    kind: str
    groups: tuple[str, ...] = ()
    ports: tuple[str, ...] = ()
    areas: tuple[PortArea, ...] = ()
    distance_m: float = 0.0
    listed_only: bool = False

    def watched(self, registry: PortRegistry) -> tuple[PortArea, ...]:
        """The rule's watched port areas (of its groups and ports) and its own areas.

        Raises:
            ConfigError: a port the registry does not know.
        """
        codes = [code for group in self.groups for code in registry.group(group)]
        areas = []
        for code in dict.fromkeys([*codes, *self.ports]):
            area = registry.get(code)
            if area is None:
                raise ConfigError(f"rule {self.name}: unknown port {code}", field="ports")
            areas.append(area)
        return (*areas, *self.areas)


@dataclass(frozen=True, slots=True)
class RuleSet:
    """The rules in force, in file order."""

    rules: tuple[Rule, ...]

    def of_kind(self, kind: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.kind == kind)


def default_rules() -> RuleSet:
    """The rules for the case: listed vessels in DPRK and Russian Far East ports, dark vessels
    within 100 km of them, encounters and identity changes of listed vessels, dark imagery
    detections in those ports."""
    return parse_rules(tomllib.loads(DEFAULT_RULES_TOML), "default rules")


def load_rules(path: Path | None) -> RuleSet:
    """The rules of a TOML file (`None`: the defaults).

    Raises:
        ConfigError: the file cannot be read or a rule is invalid (names file and rule).
    """
    if path is None:
        return default_rules()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ConfigError(f"cannot read rules: {error}", path=str(path)) from error
    return parse_rules(data, str(path))


def parse_rules(data: dict[str, Any], where: str) -> RuleSet:
    """Rules from parsed TOML (`{"rule": [...]}`).

    Raises:
        ConfigError: an unknown key or kind, a missing name, a bad area or a duplicate name.
    """
    unknown = sorted(set(data) - {"rule"})
    if unknown:
        raise ConfigError(f"unknown key {unknown[0]} (rules are [[rule]] tables)",
                          field=unknown[0], path=where)
    rules = []
    for index, raw in enumerate(data.get("rule", [])):
        try:
            rules.append(_rule(raw))
        except (KeyError, TypeError, ValueError) as error:
            raise ConfigError(f"rule {index + 1}: {error}", field="rule", path=where) from error
    names = [r.name for r in rules]
    duplicate = next((n for n in names if names.count(n) > 1), None)
    if duplicate:
        raise ConfigError(f"two rules are named {duplicate}", field="name", path=where)
    return RuleSet(tuple(rules))


_KEYS = {"name", "kind", "groups", "ports", "areas", "distance_m", "listed_only"}


def _rule(raw: dict[str, Any]) -> Rule:
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise ValueError(f"unknown key {unknown[0]}")
    name, kind = str(raw["name"]), str(raw["kind"])
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r} (one of {', '.join(KINDS)})")
    distance = float(raw.get("distance_m", 0.0))
    if distance < 0:
        raise ValueError("distance_m must be >= 0")
    areas = tuple(_area(a) for a in raw.get("areas", []))
    return Rule(name, kind, tuple(str(g) for g in raw.get("groups", [])),
                tuple(str(p).upper() for p in raw.get("ports", [])), areas, distance,
                bool(raw.get("listed_only", False)))


def _area(raw: dict[str, Any]) -> PortArea:
    lat, lon, radius = float(raw["lat"]), float(raw["lon"]), float(raw["radius_m"])
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or radius <= 0:
        raise ValueError(f"area {raw.get('name')!r}: lat, lon out of range or radius_m <= 0")
    return PortArea(str(raw["name"]), str(raw["name"]), lat, lon, radius)
