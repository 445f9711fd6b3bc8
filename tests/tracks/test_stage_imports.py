"""The tracks and events stages import only stages to their left in the documented order:
base < store < ingest < tracks < events < screening < ... (every import, deferred ones too)."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "darkfleet"
BASE = {"errors", "config", "settings_base", "_lazy", "timefmt", "extras", "data",
        "transliterate"}
ORDER = ["store", "ingest", "tracks", "events"]
#: Modules whose imports to the right are known and left to their readers' rework: the
#: stored voyages follow the latest screening when read.
KNOWN = {("events", "query.py"): {"screening"}}


def _imported_stages(path: Path) -> set[str]:
    stages = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        stages |= {name.split(".")[1] for name in names
                   if name.startswith("darkfleet.") and name.count(".") >= 1}
    return stages


@pytest.mark.parametrize("stage", ["tracks", "events"])
def test_a_stage_imports_only_stages_to_its_left(stage):
    allowed = BASE | set(ORDER[: ORDER.index(stage) + 1])
    wrong = {}
    for path in sorted((SRC / stage).glob("*.py")):
        right = _imported_stages(path) - allowed - KNOWN.get((stage, path.name), set())
        if right:
            wrong[path.name] = sorted(right)
    assert wrong == {}


def test_tracks_does_not_import_events():
    assert all("events" not in _imported_stages(p) for p in (SRC / "tracks").glob("*.py"))
