"""The store's seam, read from the source: only `darkfleet.store` touches DuckDB, and SQL lives
only in the store and in each stage's own `query.py`."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "darkfleet"

#: Keywords of a statement, then of its object, both upper case (prose says "select from").
SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER)\b[\s\S]*"
                 r"\b(FROM|INTO|TABLE|SET)\b")

# Modules allowed to break a rule: none. Were one listed, it would have to still break its
# rule (the test fails otherwise), so that such a list could only shrink.
#: Modules that use the workspace's catalogue connection (`.con`).
CONNECTION_USERS: set[str] = set()
#: Modules that import duckdb outside the store.
DUCKDB_IMPORTERS: set[str] = set()
#: Modules that hold SQL outside the store and a stage's `query.py`.
SQL_HOLDERS: set[str] = set()


def _modules() -> dict[str, ast.Module]:
    return {str(path.relative_to(PACKAGE)): ast.parse(path.read_text(), str(path))
            for path in sorted(PACKAGE.rglob("*.py"))
            if path.relative_to(PACKAGE).parts[0] != "store"}


MODULES = _modules()


def _docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _texts(tree: ast.Module) -> list[tuple[int, str]]:
    """Every string literal but docstrings; an f-string with `{}` for each value in it."""
    skip = _docstrings(tree)
    texts = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            skip.update(id(part) for part in node.values)
            text = "".join(part.value if isinstance(part, ast.Constant) else "{}"
                           for part in node.values)
            texts.append((node.lineno, text))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            texts.append((node.lineno, node.value))
    return texts


def _connection_uses(tree: ast.Module) -> list[int]:
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr in ("con", "_con")]


def _duckdb_imports(tree: ast.Module) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                 else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
        lines += [node.lineno for name in names if name.split(".")[0] == "duckdb"]
    return lines


def _sql(tree: ast.Module) -> list[int]:
    return [line for line, text in _texts(tree) if SQL.search(text)]


@pytest.mark.parametrize(("rule", "allowed", "find"), [
    ("uses the catalogue connection", CONNECTION_USERS, _connection_uses),
    ("imports duckdb", DUCKDB_IMPORTERS, _duckdb_imports),
    ("holds SQL outside a query.py", SQL_HOLDERS, _sql),
])
def test_only_the_store_touches_duckdb_and_sql_stays_in_query_modules(rule, allowed, find):
    breaking = {name: lines for name, tree in MODULES.items() if (lines := find(tree))
                and not (find is _sql and Path(name).name == "query.py")}
    unexpected = {name: lines for name, lines in breaking.items() if name not in allowed}
    assert not unexpected, f"these modules {rule}: {unexpected}"
    assert not allowed - set(breaking), f"no longer {rule}; take them off the list"


@pytest.mark.parametrize(("source", "found"), [
    ('X = "SELECT id FROM {alerts}"', True),
    ('X = f"SELECT {cols} FROM {{{name}}} WHERE ts > ?"', True),
    ('X = ("INSERT INTO t "\n     "VALUES (?)")', True),
    ('def f():\n    """SELECT rows FROM the table, said in prose."""', False),
    ('X = "select the rows from a table"', False),
    ('X = "DELETE"', False),
])
def test_the_sql_scan_finds_sql_and_not_prose(source, found):
    assert bool(_sql(ast.parse(source))) is found


def test_the_connection_scan_finds_attribute_access_and_imports():
    tree = ast.parse("import duckdb\nfrom duckdb import Error\nws.con.sql('x')\nself._con\n")
    assert sorted(_connection_uses(tree)) == [3, 4]
    assert _duckdb_imports(tree) == [1, 2]
