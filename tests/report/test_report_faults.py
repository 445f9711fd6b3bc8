"""Faults a reader found in the flagship brief, each with the test that would have caught it:
the timeline's window, the map's extent, the binding constraint, chart labels and scales, the
assumptions printed once, SIMULATED marks on simulated items only, one vessel count, cards that
tell vessels apart, and the paper size."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from report_builders import brief_settings, flagship_case, screening_match

from darkfleet.config import Config
from darkfleet.errors import ConfigError
from darkfleet.events.records import Event, Vessel, Voyage
from darkfleet.report import collect_brief, load_case, render_html
from darkfleet.report.brief import BriefData, Port, label
from darkfleet.report.charts import interval_svg, timeline_svg
from darkfleet.report.map_figure import extent
from darkfleet.report.settings import ReportSettings
from darkfleet.store import Workspace
from darkfleet.store.summary import summarise

T = datetime(2023, 8, 1, tzinfo=UTC)
NOW = datetime(2026, 1, 2, tzinfo=UTC)


def _voyage(vid: str, mmsi: int, route: tuple[str, str], depart: datetime, hours: float,
            watched: bool) -> Voyage:
    return Voyage(vid, mmsi, None, f"V{mmsi}", route[0], route[1], depart,
                  depart + timedelta(hours=hours), hours, 0.0, None, None, watched, 0.5)


def _gap(eid: str, mmsi: int, start: datetime, lat: float, lon: float) -> Event:
    return Event(eid, "ais_gap", mmsi, None, start, start + timedelta(hours=9), lat, lon, None,
                 9.0)


def _case_brief() -> BriefData:
    """Two watched voyages Rajin - Vladivostok in August 2023, a watched coaster run to Busan,
    and a real voyage of 2010 (as the bundled real samples add)."""
    return BriefData(
        title="t", generated_at=NOW,
        voyages=(_voyage("a", 1, ("KPNJN", "RUVVO"), T, 30, True),
                 _voyage("b", 2, ("KPNJN", "RUVVO"), T + timedelta(days=5), 28, True),
                 _voyage("c", 3, ("KPNJN", "KRPUS"), T + timedelta(days=2), 40, True),
                 _voyage("r", 4, ("DKAAR", "DKCPH"), datetime(2010, 6, 11, tzinfo=UTC), 9,
                         False)),
        events=(_gap("g", 1, T + timedelta(hours=8), 42.4, 131.3),),
        ports=(Port("KPNJN", 42.24, 130.30, watched=True), Port("RUVVO", 43.11, 131.88,
                                                                watched=True),
               Port("KRPUS", 35.10, 129.04, watched=False)),
    )


def test_the_timeline_spans_the_case_window_not_every_record():
    figure = timeline_svg(_case_brief(), 80)
    assert figure is not None and "2010" not in figure.split("</text>")[0] + figure[-400:]
    first, last = re.findall(r'font-size="11"[^>]*>(\d{4}-\d\d-\d\d \d\d:\d\dZ)</text>', figure)
    assert first.startswith("2023-07-31") and last.startswith("2023-08-07")
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)" height="10"', figure)]
    assert len(widths) == 3 and min(widths) > 100  # each case voyage is a bar, not a pixel
    assert "1 voyages and events outside this window are in the tables" in figure


def test_the_map_shows_the_case_area_not_the_coasters_far_end():
    box = extent(_case_brief())
    assert box is not None
    assert 41.5 < box.south < 42.24 and 43.11 < box.north < 43.6  # Rajin to Vladivostok
    assert 129.5 < box.west < 130.3 and 131.88 < box.east < 132.5  # Busan (35.1 N) left out


@pytest.fixture(scope="module")
def case_html(flagship_ws: Path) -> str:
    case = load_case("dprk-russia-2023", Config().estimation)
    with Workspace.open(flagship_ws) as ws:
        return render_html(collect_brief(ws, case, brief_settings(), NOW), Config().report)


def _rows(html: str, section: str) -> list[str]:
    part = html[html.index(f'<section id="{section}">'):]
    part = part[:part.index("</section>")]
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split())
            for row in re.findall(r"<tr id=\"rec-estimate.*?</tr>", part, re.S)]


def test_every_estimate_names_its_binding_constraint_and_refers_to_the_assumptions(case_html):
    rows = _rows(case_html, "estimates")
    assert len(rows) == 12
    for row in rows:
        assert re.search(r" (mass|volume|floor) A1–A\d+(, A\d+(–A\d+)?)*$", row), row
    table = re.findall(r'<tr id="assumption-(\d+)">', case_html)
    assert table == [str(n) for n in range(1, len(table) + 1)] and len(table) > 10
    assert case_html.count("<td>load_factor</td>") == 1  # printed once, not once per estimate


def test_chart_labels_are_whole_and_bars_share_one_scale():
    label = "Rounds of 152mm-he-complete in 6,700 20ft containers, a label longer than any cut"
    figure = interval_svg([(label, 1e6, 1.5e6, 2e6, None, False),
                           ("Rounds of 122mm in 1,000 20ft containers", 5e5, 7e5, 1e6, None,
                            False)], False)
    texts = " ".join(re.findall(r'font-size="12">([^<]*)</text>', figure))
    assert label in texts
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)" height="12"', figure)]
    assert widths[0] == pytest.approx(2 * widths[1], rel=1e-3)  # 1e6 wide vs 5e5 wide
    assert ">0</text>" in figure and "scale" in figure


def test_simulated_marks_sit_on_simulated_items_only(flagship_ws: Path):
    with Workspace.open(flagship_ws) as ws:
        brief = collect_brief(ws, flagship_case(), brief_settings(), NOW)
    html = render_html(brief, Config().report)
    simulated = {label(v) for v in brief.vessels if v.mmsi in brief.simulated_seen}
    assert simulated and 'class="wm"' not in html
    summary = html[html.index('<section id="summary">'):html.index('<section id="map">')]
    for item in re.findall(r"<li>(.*?)</li>", summary, re.S):
        text = re.sub(r"<[^>]+>", " ", item)
        about_simulated = any(name in text for name in simulated)
        assert ('<span class="tag">SIMULATED</span>' in item) == about_simulated, text
    claims = html[html.index('<section id="claims">'):html.index('<section id="methods">')]
    assert "SIMULATED" not in claims
    for row in re.findall(r'<tr id="rec-voyage-.*?</tr>', html, re.S):
        name = re.findall(r"<td>([^<]*?)(?: <span|</td>)", row)[1]
        assert ('<span class="tag">SIMULATED</span>' in row) == (name in simulated), name
    cards = re.findall(r'<div class="card[^"]*" id="rec-vessel-(\d+)">\s*<h3>([^<]*)', html)
    assert cards and all(title.endswith(f"MMSI {mmsi}") or f"MMSI {mmsi} · IMO" in title
                         for mmsi, title in cards)


def test_the_vessel_count_is_the_one_the_terminal_shows(flagship_ws: Path):
    with Workspace.open(flagship_ws) as ws:
        seen = summarise(ws).vessels
        brief = collect_brief(ws, None, brief_settings(), NOW)
    html = render_html(brief, Config().report)
    assert brief.mmsis_seen == seen
    assert f"The workspace holds <a href=\"#rec-table-vessels\">{seen:,} vessels</a>" in html


def test_cards_tell_vessels_apart_by_mmsi_and_say_why_one_has_no_card():
    pioneer = Vessel(1001, 9000001, "PIONEER", None, None, None, ("PIONEER",), T, T, 10)
    listed = screening_match(1002, 9000002, "PIONEER", "OFAC SDN", "1", ("PIONEER",), 9000002,
                             (), None, 1.0)
    unseen = screening_match(None, 9000003, "PIONEER", "UN", "2", ("PIONEER",), 9000003, (),
                             None, 1.0)
    own = screening_match(1001, 9000001, "PIONEER", "UK", "3", ("PIONEER",), 9000001, (), None,
                          0.9)
    brief = BriefData(title="t", generated_at=NOW, vessels=(pioneer,),
                      matches=(own, listed, unseen))
    html = render_html(brief, Config().report)
    titles = [" ".join(re.sub(r"<[^>]+>", " ", t).split())
              for t in re.findall(r"<h3>(.*?)</h3>", html, re.S)
              if "PIONEER" in t]
    assert titles == ["PIONEER · MMSI 1001 · IMO 9000001",
                      "PIONEER · MMSI 1002 · IMO 9000002 (static reports only, no positions)",
                      "PIONEER · IMO 9000003 (not seen in AIS)"]


def test_paper_size_is_a_setting():
    brief = BriefData(title="t", generated_at=NOW)
    assert "@page { size: A4;" in render_html(brief, ReportSettings())
    assert "@page { size: letter;" in render_html(brief, ReportSettings(paper="Letter"))
    with pytest.raises(ConfigError, match=r"report\.paper must be one of A4, Letter"):
        ReportSettings(paper="A5")


@pytest.mark.skipif(shutil.which("chromium") is None or shutil.which("pdfinfo") is None,
                    reason="chromium and poppler-utils print and measure the PDF")
def test_the_pdf_is_printed_on_the_paper_set(tmp_path: Path):
    from darkfleet.report.browser import print_pdf

    brief = BriefData(title="t", generated_at=NOW)
    sizes = {}
    for paper in ("A4", "Letter"):
        html = tmp_path / f"{paper}.html"
        html.write_text(render_html(brief, ReportSettings(paper=paper)), encoding="utf-8")
        pdf = print_pdf(html, tmp_path / f"{paper}.pdf")
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        found = re.search(r"Page size:\s+(.*)", info.stdout)
        sizes[paper] = found.group(1) if found else info.stdout
    assert sizes == {"A4": "594.96 x 841.92 pts (A4)", "Letter": "612 x 792 pts (letter)"}


def test_the_summary_ranks_watched_voyages_riskiest_first():
    coaster = dataclasses.replace(_voyage("c", 3, ("RUVYP", "RUVVO"), T, 40, True),
                                  dark_h=21.5, risk=0.24)
    shuttle = dataclasses.replace(_voyage("s", 1, ("KPNJN", "RUDUN"), T, 30, True),
                                  dark_h=9.5, risk=0.59)
    brief = BriefData(title="t", generated_at=NOW, voyages=(coaster, shuttle))
    html = render_html(brief, Config().report)
    summary = html[html.index('<section id="summary">'):]
    assert summary.index("KPNJN → RUDUN") < summary.index("RUVYP → RUVVO")
    assert "2 voyages were on a watched route or could have called at a watched port" in \
        " ".join(re.sub(r"<[^>]+>", " ", summary).split())
