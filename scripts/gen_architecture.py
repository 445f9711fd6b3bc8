"""Generate docs/architecture.md: the stages in order, the tables each owns, and every import
between stages (read from the source's syntax trees); `--check` fails if the doc is stale.

Run `python scripts/gen_architecture.py` after adding a stage, a table or an import between
stages. `tests/test_architecture.py` checks the doc and that no import goes against the order.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "darkfleet"
DOC = ROOT / "docs" / "architecture.md"

#: The stages in their documented order, each with one line: a stage may import only the
#: stages to its left (imports under `if TYPE_CHECKING:` count too).
STAGES: dict[str, str] = {
    "base": "errors, settings, the `Config`, times, optional extras and the bundled data.",
    "store": "the workspace: a DuckDB catalogue over day-partitioned Parquet tables.",
    "ingest": "raw AIS (NMEA, CSV) decoded to positions and static reports, or quarantined.",
    "tracks": "clean, de-duplicated tracks per transmitter, segmented and bridged.",
    "events": "port calls, gaps, encounters, collisions, loitering, identity changes, voyages.",
    "screening": "sanctions lists parsed, vessels screened by identifiers and names, explained.",
    "imagery": "satellite detections loaded and fused with AIS: dark vessels.",
    "simulate": "synthetic AIS scenarios with their ground truth, and scoring against it.",
    "evidence": "claims, observations and case files, each tied to its source.",
    "estimation": "containers to rounds with honest uncertainty, and checks of claims.",
    "trade": "cargo per voyage from draught, summed by period against the UN limits.",
    "watch": "a live AIS feed in, alerts out within seconds.",
    "export": "tracks, events, voyages and detections for GIS tools and notebooks.",
    "report": "cited briefs: one self-contained HTML file, and a PDF on request.",
    "serve": "the local web app and its JSON API over one workspace.",
    "scale": "the same stage functions on a Dask cluster, workspaces on object storage.",
    "demo": "the whole pipeline on the bundled flagship case (`darkfleet demo`).",
    "cli": "the `darkfleet` command line: a thin client of the library.",
}

#: Top-level modules that are not base: the command line's entry point and the demo.
TOP_LEVEL = {"__main__": "cli", "demo": "demo"}

#: The three ingest tables, until the store declares every table with its owner.
_INGEST_TABLES = {
    "positions": "One row per AIS position report (types 1-3, 18, 19, 27; 4 and 21 by `kind`), "
                 "partitioned by day of `ts`.",
    "static_reports": "One row per AIS static and voyage report (types 5, 19, 24), by day of "
                      "`ts`.",
    "quarantine": "Input lines or rows that could not be stored, with why (also written by "
                  "`detections load` and `watch`).",
}


@dataclass(frozen=True, slots=True)
class Import:
    """One `import` statement of a darkfleet module naming another darkfleet module."""

    path: str  # relative to src/, such as darkfleet/tracks/builder.py
    line: int
    source: str  # the importing module's stage
    target: str  # the imported module's stage
    module: str  # the imported module

    @property
    def against_order(self) -> bool:
        order = list(STAGES)
        return order.index(self.target) > order.index(self.source)


def stage_of(module: str) -> str:
    """The stage of a darkfleet module: its package under `darkfleet`, or `base`.

    A stage's `settings` module counts as base: `Config` composes them, and each imports only
    base itself (`tests/test_architecture.py` checks that)."""
    parts = module.split(".")
    if len(parts) < 2:
        return "base"
    if parts[1] in TOP_LEVEL:
        return TOP_LEVEL[parts[1]]
    if parts[1] in STAGES and parts[1] != "base" and parts[2:] != ["settings"]:
        return parts[1]
    return "base"


def module_name(path: Path, source: Path = SOURCE) -> str:
    """`darkfleet.tracks.builder` for src/darkfleet/tracks/builder.py."""
    parts = path.relative_to(source.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(node: ast.AST, package: str) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        if node.level:  # relative: resolve against the importing package
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            return [".".join([*base, *(node.module or "").split(".")]).rstrip(".")]
        return [node.module or ""]
    return []


def imports(source: Path = SOURCE) -> Iterator[Import]:
    """Every import of one darkfleet module by another, anywhere in the module (inside
    functions and under `if TYPE_CHECKING:` too)."""
    for path in sorted(source.rglob("*.py")):
        module = module_name(path, source)
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            for name in _imported(node, package):
                if name == "darkfleet" or name.startswith("darkfleet."):
                    yield Import(path.relative_to(source.parent).as_posix(),
                                 getattr(node, "lineno", 0), stage_of(module), stage_of(name),
                                 name)


def stage_imports(found: list[Import]) -> dict[str, set[str]]:
    """For each stage, the other stages it imports."""
    edges: dict[str, set[str]] = {stage: set() for stage in STAGES}
    for item in found:
        if item.target != item.source:
            edges[item.source].add(item.target)
    return edges


def tables() -> list[tuple[str, str, str, Any]]:
    """(name, owner, description, Arrow schema) of every declared workspace table, from the
    store's registry (`TABLES`) or, before it lists them all, the ingest `SCHEMAS`."""
    from darkfleet.store import schema

    registry: Mapping[str, Any] | None = getattr(schema, "TABLES", None)
    if registry is not None:
        return [(spec.name, spec.owner, spec.description, spec.schema)
                for spec in registry.values()]
    return [(name, "ingest", _INGEST_TABLES.get(name, ""), table)
            for name, table in schema.SCHEMAS.items()]


def _stage_lines() -> list[str]:
    lines = ["| # | stage | what it does |", "| --- | --- | --- |"]
    for number, (stage, line) in enumerate(STAGES.items(), 1):
        lines.append(f"| {number} | `{stage}` | {line} |")
    return lines


def _table_lines() -> list[str]:
    lines: list[str] = []
    order = list(STAGES)
    for name, owner, description, table in sorted(
            tables(), key=lambda spec: order.index(spec[1]) if spec[1] in order else len(order)):
        lines += [f"### `{name}` ({owner})", "", description, "",
                  "| column | type | nullable |", "| --- | --- | --- |"]
        lines += [f"| `{field.name}` | `{field.type}` | {'yes' if field.nullable else 'no'} |"
                  for field in table]
        lines.append("")
    return lines


def _import_lines(found: list[Import]) -> list[str]:
    order = list(STAGES)
    lines = ["| stage | imports | against the order |", "| --- | --- | --- |"]
    for stage, targets in stage_imports(found).items():
        left = ", ".join(f"`{t}`" for t in sorted(targets, key=order.index)
                         if order.index(t) < order.index(stage)) or "nothing"
        against = sorted({f"`{t}` (`{i.path}`)" for i in found
                          if i.source == stage and i.against_order for t in [i.target]})
        lines.append(f"| `{stage}` | {left} | {', '.join(against) or 'none'} |")
    return lines


def architecture_markdown(found: list[Import] | None = None) -> str:
    """The doc; `found` is `list(imports())`, when the caller has read them already."""
    found = list(imports()) if found is None else found
    return "\n".join([
        "# Architecture",
        "",
        "Generated by `scripts/gen_architecture.py` from the source; do not edit by hand",
        "(`tests/test_architecture.py` fails when it is stale).",
        "",
        "## Stages",
        "",
        "One package per stage under `src/darkfleet/`, in this order: a stage may import only the",
        "stages above it (imports inside functions and under `if TYPE_CHECKING:` count too).",
        "`base` is the top-level modules (`errors`, `config`, `settings_base`, `_lazy`,",
        "`timefmt`, `extras`), the bundled `data`, and each stage's `settings` module, which",
        "`Config` composes and which imports only base; `python -m darkfleet` belongs to `cli`.",
        "",
        *_stage_lines(),
        "",
        "## Tables",
        "",
        "The workspace tables with a declared schema, by the stage that writes them.",
        "",
        *_table_lines(),
        "## Imports between stages",
        "",
        "Every stage another imports, read from the syntax trees of `src/darkfleet/`; the last",
        "column lists any import against the order, with the module that makes it.",
        "",
        *_import_lines(found),
        "",
        "The one exception is the store's notebook facade: `Workspace.events()`, `voyages()`,",
        "`vessels()` and `tracks()` take the events stage's `Filters` and build the export",
        "stage's frames, importing them when called (so `darkfleet.store` stays importable",
        "alone); nothing else in the store reads those stages.",
        "",
    ])


def main(argv: list[str]) -> int:
    text = architecture_markdown()
    if "--check" in argv:
        if not DOC.exists() or DOC.read_text() != text:
            print(f"{DOC.name} is stale: run python scripts/gen_architecture.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
