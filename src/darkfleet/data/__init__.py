"""Real public data bundled with darkfleet (see SOURCES.md in this folder)."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent


def bundled_files() -> list[Path]:
    """Every bundled data file (not this module or SOURCES.md), sorted."""
    skip = {"__init__.py", "SOURCES.md"}
    return sorted(p for p in DATA.rglob("*") if p.is_file() and p.name not in skip
                  and "__pycache__" not in p.parts)


def sample_path(relative: str) -> Path:
    """The path of a bundled file, such as `ais/dma-aislib/ais250.txt`."""
    return DATA / relative
