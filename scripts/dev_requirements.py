"""Print the pinned development requirements of pyproject.toml's `dev` group, one per line."""

import tomllib
from pathlib import Path

groups = tomllib.loads(Path("pyproject.toml").read_text())["dependency-groups"]
print("\n".join(groups["dev"]))
