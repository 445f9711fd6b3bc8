"""The brief of a workspace that the real stages wrote: simulate, ingest, detect, screen, report.

Guards the adapter against drift from the other stages' tables: every record the brief links
to must exist in the tables those stages wrote.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from report_html import read_page

from darkfleet.cli import cli
from darkfleet.report.brief import anchor
from darkfleet.store import Workspace


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.slow
def test_brief_of_the_simulated_flagship_pipeline(tmp_path: Path, package_data: Path) -> None:
    ws, sim = str(tmp_path / "ws"), tmp_path / "sim"
    _run("simulate", "--scenario", "dprk-russia-2023", "--out", str(sim), "--seed", "7",
         "--days", "4", "--background", "2")
    _run("ingest", *map(str, sim.glob("*.nmea")), "-w", ws)
    _run("detect", "-w", ws)
    _run("lists", "load", str(package_data / "sanctions/ofac_sdn_2024-05-03/sdn.csv"), "-w", ws)
    _run("screen", "-w", ws)
    out = tmp_path / "brief.html"
    assert _run("report", "-w", ws, "--case", "dprk-russia-2023", "--out", str(out)) == (
        f"{out}\n")
    html = out.read_text(encoding="utf-8")
    page = read_page(html)

    with Workspace.open(ws) as workspace:
        tables = {name: [r for f in workspace.part_paths(name)
                         for r in pq.read_table(f).to_pylist()]
                  for name in ("events", "voyages", "vessels", "matches")}
    records = {anchor("event", r["id"]) for r in tables["events"]}
    records |= {anchor("voyage", r["id"]) for r in tables["voyages"]}
    records |= {anchor("vessel", r["mmsi"]) for r in tables["vessels"]}
    records |= {anchor("table", name) for name in tables}
    shown = {i for i in page.ids if i.startswith(("rec-event-", "rec-voyage-", "rec-vessel-"))}
    assert shown == {i for i in records if not i.startswith("rec-table-")}
    for href, text in page.summary_links:
        assert href[1:] in page.ids, (href, text)
        if href.startswith(("#rec-event-", "#rec-voyage-", "#rec-vessel-", "#rec-table-")):
            assert href[1:] in records, (href, text)
    assert re.findall(r"\d", "".join(page.summary_plain)) == []
    assert sorted(set(page.fragment_links) - page.ids) == []
    assert len(tables["matches"]) == html.count('<tr id="rec-match-') > 0
    assert 'class="banner">SIMULATED' in html and "Map of the watched area" in html
