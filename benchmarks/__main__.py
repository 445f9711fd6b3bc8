"""Run every benchmark module (`bench_*.py`), or those named: `python -m benchmarks ingest`.

Each module has `run(out: Path) -> list[dict]`; every dict is one measured figure with at
least `benchmark`, `metric`, `value` and `unit`, and baselines are measured in the same run.
Results are printed as a table and written to `bench-out/results.jsonl`.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

HERE = Path(__file__).parent


def main(names: list[str]) -> int:
    out = Path("bench-out")
    out.mkdir(exist_ok=True)
    modules = sorted(p.stem for p in HERE.glob("bench_*.py"))
    chosen = [m for m in modules if not names or m.removeprefix("bench_") in names]
    console = Console(stderr=True)
    rows: list[dict[str, object]] = []
    for name in chosen:
        console.rule(name)
        module = importlib.import_module(f"benchmarks.{name}")
        rows += module.run(out)
    table = Table(title="darkfleet benchmarks")
    for column in ("benchmark", "metric", "value", "unit", "note"):
        table.add_column(column)
    for row in rows:
        value = row["value"]
        shown = f"{value:,.3f}" if isinstance(value, float) else f"{value:,}" if isinstance(
            value, int) else str(value)
        table.add_row(str(row["benchmark"]), str(row["metric"]), shown, str(row["unit"]),
                      str(row.get("note", "")))
    console = Console()
    Console(width=None if console.is_terminal else 160).print(table)
    with (out / "results.jsonl").open("w") as stream:
        for row in rows:
            stream.write(json.dumps(row) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
