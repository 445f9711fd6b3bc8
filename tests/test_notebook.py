"""The example notebook `docs/notebook.ipynb` runs headless, start to end, with real outputs."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).parent.parent / "docs" / "notebook.ipynb"


def _text(cell: nbformat.NotebookNode) -> str:
    return "".join(str(o.get("data", {}).get("text/plain", "")) + str(o.get("text", ""))
                   for o in cell.get("outputs", []))


def test_the_example_notebook_runs_headless(tmp_path):
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [_text(cell) for cell in notebook.cells if cell.cell_type == "code"]
    assert "'ais_gap': 12," in outputs[0]
    assert "0  273990106  URSA MAJOR  [SPARTA III, URSA MAJOR]" in outputs[2]  # a former name
    assert outputs[4].count("LINESTRING (") == 5  # gaps are lines
    assert "0  273990101        0     512" in outputs[5]  # ANGARA's one track segment
    assert "2          ais_gap  12" in outputs[6]
    assert outputs[7] == "{'geojson': 26, 'kml': 26, 'geoparquet': 26, 'csv': 26}"
