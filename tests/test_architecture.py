"""docs/architecture.md is current, and every import between stages follows the stage order.

The order, the stage of each module and the imports come from `scripts/gen_architecture.py`,
which reads the syntax trees of `src/darkfleet/` (imports inside functions and under
`if TYPE_CHECKING:` count too).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_SPEC = importlib.util.spec_from_file_location("gen_architecture",
                                               ROOT / "scripts" / "gen_architecture.py")
assert _SPEC is not None and _SPEC.loader is not None
arch = importlib.util.module_from_spec(_SPEC)
sys.modules["gen_architecture"] = arch
_SPEC.loader.exec_module(arch)

#: Imports against the order that exist today, as (importing module, imported stage). Each is
#: to be removed by moving the code to the stage that owns it; the list only shrinks (an entry
#: that no longer occurs fails `test_the_allowed_exceptions_all_still_occur`).
ALLOWED = {
    # The notebook frames (`ws.events()`, `ws.tracks(frame="geopandas")` ...) are a facade
    # on the workspace over events' filters and export's frames, imported when called.
    ("darkfleet/store/workspace.py", "events"),
    ("darkfleet/store/workspace.py", "export"),
}


@pytest.fixture(scope="module")
def found() -> list:
    """Every import between darkfleet modules (read once: parsing the source takes a second)."""
    return list(arch.imports())


def _against_order(found) -> set[tuple[str, str]]:
    return {(item.path, item.target) for item in found if item.against_order}


def test_the_doc_is_current(found):
    doc = ROOT / "docs" / "architecture.md"
    assert doc.read_text() == arch.architecture_markdown(found), (
        "docs/architecture.md is stale: run python scripts/gen_architecture.py")


def test_no_import_goes_against_the_stage_order(found):
    assert _against_order(found) - ALLOWED == set()


def test_the_allowed_exceptions_all_still_occur(found):
    assert ALLOWED - _against_order(found) == set()


def test_every_package_and_module_has_a_stage():
    packages = {path.parent.name for path in arch.SOURCE.glob("*/__init__.py")}
    assert packages - set(arch.STAGES) == {"data"}
    assert arch.stage_of("darkfleet.data") == "base"
    assert arch.stage_of("darkfleet.config") == "base"
    assert arch.stage_of("darkfleet.__main__") == "cli"
    assert arch.stage_of("darkfleet.demo") == "demo"
    assert arch.stage_of("darkfleet.tracks.builder") == "tracks"
    assert arch.stage_of("darkfleet.events.settings") == "base"
    assert list(arch.STAGES)[:3] == ["base", "store", "ingest"]


def test_settings_modules_import_only_base(found):
    settings = [item for item in found
                if item.path.endswith("/settings.py") and item.path.count("/") == 2]
    assert {item.path for item in settings} >= {"darkfleet/events/settings.py",
                                                "darkfleet/watch/settings.py"}
    assert [(item.path, item.module) for item in settings if item.target != "base"] == []


def test_imports_in_functions_and_under_type_checking_count(tmp_path):
    package = tmp_path / "darkfleet" / "tracks"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "one.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from darkfleet.events.model import Tracks\n"
        "def f():\n    import darkfleet.report\n    from . import two\n"
        "from darkfleet.store import Workspace\n")
    found = sorted((i.line, i.source, i.target, i.module, i.against_order)
                   for i in arch.imports(tmp_path / "darkfleet"))
    assert found == [
        (3, "tracks", "events", "darkfleet.events.model", True),
        (5, "tracks", "report", "darkfleet.report", True),
        (6, "tracks", "tracks", "darkfleet.tracks", False),
        (7, "tracks", "store", "darkfleet.store", False),
    ]


def test_the_doc_names_every_stage_and_the_ingest_tables(found):
    text = arch.architecture_markdown(found)
    for number, stage in enumerate(arch.STAGES, 1):
        assert f"| {number} | `{stage}` |" in text
    for table in ("positions", "static_reports", "quarantine"):
        assert f"### `{table}` (ingest)" in text
    assert "| `ingest` | `base`, `store` | none |" in text
