"""The one frozen, validated configuration object, built once by the CLI and passed down.

Stages never read settings from module globals: functions take the part of `Config` they need.
A config file (TOML or JSON) may override any setting; `config/*.toml` holds checked-in samples.
"""

from __future__ import annotations

import dataclasses
import json
import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from darkfleet.errors import ConfigError
from darkfleet.estimation.settings import EstimationSettings
from darkfleet.events.settings import DetectSettings
from darkfleet.imagery.settings import ImagerySettings
from darkfleet.ingest.settings import IngestSettings
from darkfleet.report.settings import ReportSettings
from darkfleet.scale.settings import ScaleSettings
from darkfleet.screening.settings import ScreeningSettings
from darkfleet.settings_base import build, validate_bounds
from darkfleet.watch.settings import WatchSettings

DEFAULT_WORKSPACE = Path("darkfleet-workspace")


@dataclass(frozen=True, slots=True)
class Config:
    """Everything a darkfleet run can be told, one section per stage."""

    workspace: Path = DEFAULT_WORKSPACE
    ingest: IngestSettings = field(default_factory=IngestSettings)
    detect: DetectSettings = field(default_factory=DetectSettings)
    screening: ScreeningSettings = field(default_factory=ScreeningSettings)
    estimation: EstimationSettings = field(default_factory=EstimationSettings)
    report: ReportSettings = field(default_factory=ReportSettings)
    watch: WatchSettings = field(default_factory=WatchSettings)
    imagery: ImagerySettings = field(default_factory=ImagerySettings)
    scale: ScaleSettings = field(default_factory=ScaleSettings)

    def __post_init__(self) -> None:
        for section in SECTIONS:
            validate_bounds(getattr(self, section), prefix=f"{section}.")

    @classmethod
    def from_mapping(cls, data: dict[str, Any], workspace: Path | None = None) -> Config:
        """Build a config from nested plain data (as read from TOML or JSON).

        Raises:
            ConfigError: an unknown or mistyped setting.
        """
        sections = {name: build(_section_type(name), data.get(name, {}), f"{name}.")
                    for name in SECTIONS}
        unknown = sorted(set(data) - set(SECTIONS) - {"workspace"})
        if unknown:
            raise ConfigError(f"unknown config section {unknown[0]}", field=unknown[0])
        where = workspace or Path(data.get("workspace", DEFAULT_WORKSPACE))
        return cls(workspace=where, **sections)

    @classmethod
    def from_file(cls, path: Path, workspace: Path | None = None) -> Config:
        """Load a TOML (`.toml`) or JSON config file.

        Raises:
            ConfigError: the file cannot be read or parsed, or holds an invalid setting.
        """
        try:
            text = path.read_text(encoding="utf-8")
            data = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
        except (OSError, ValueError) as error:
            raise ConfigError(f"cannot read config: {error}", path=str(path)) from error
        try:
            return cls.from_mapping(data, workspace)
        except ConfigError as error:
            raise ConfigError(error.message, field=error.field, path=str(path)) from error

    def with_workspace(self, workspace: Path) -> Config:
        """The same config pointing at another workspace."""
        return dataclasses.replace(self, workspace=workspace)


SECTIONS = ("ingest", "detect", "screening", "estimation", "report", "watch", "imagery",
            "scale")


def _section_type(name: str) -> type[Any]:
    hint: type[Any] = typing.get_type_hints(Config)[name]
    return hint
