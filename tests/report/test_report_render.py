"""The rendered brief: linked numbers, honesty markers, footnotes, self-containment."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from report_builders import flagship_case
from report_html import read_page, workspace_anchors

from darkfleet.config import Config
from darkfleet.report import collect_brief, render_html
from darkfleet.report.template import CSP
from darkfleet.store import Workspace

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture(scope="module")
def flagship_html(flagship_ws: Path) -> str:
    with Workspace.open(flagship_ws) as ws:
        brief = collect_brief(ws, flagship_case(), Config(), NOW)
    return render_html(brief, Config().report)


def _html(ws_path: Path, case: dict | None) -> str:
    with Workspace.open(ws_path) as ws:
        return render_html(collect_brief(ws, case, Config(), NOW), Config().report)


def test_every_summary_number_links_to_a_workspace_record(
    flagship_html: str, flagship_ws: Path
) -> None:
    page = read_page(flagship_html)
    records = workspace_anchors(flagship_ws)
    assert len(page.summary_links) == 36
    for href, text in page.summary_links:
        assert href.startswith("#rec-"), (href, text)
        assert href[1:] in page.ids, f"{text!r} links to {href}, which is not in the page"
        assert href[1:] in records, f"{text!r} links to {href}, not a workspace record"
    plain = "".join(page.summary_plain)
    assert re.findall(r"\d", plain) == [], "a number in the summary has no link"


def test_summary_states_the_findings(flagship_html: str) -> None:
    links = dict((text, href) for href, text in read_page(flagship_html).summary_links)
    assert links["3 voyages"] == "#rec-table-voyages"
    assert links["3 gaps"] == "#rec-table-events"
    assert links["37.0 h dark in all"] == "#rec-table-events"
    assert links["1 encounter"] == "#rec-table-events"
    assert links["OFAC SDN entry 46773 (RUSSIA-EO14024), score 1.00"] == (
        "#rec-match-mmsi273318220-OFAC_SDN-46773")
    assert links["KPNJN → RUVYP, departed 2023-10-01, dark 12.3 h, risk 0.90"] == (
        "#rec-voyage-voy-273213710-20231001")
    assert links["152mm rounds that 6,700 containers can hold: 1,850,000 – 2,800,000 rounds "
                 "(p5–p95, median 2,300,000)"] == "#rec-estimate-E-152mm"
    assert links["1 of 2 checked claims"] == "#rec-check-C2"


def test_every_fragment_link_has_a_target(flagship_html: str) -> None:
    page = read_page(flagship_html)
    assert len(page.fragment_links) > 60
    assert sorted(set(page.fragment_links) - page.ids) == []


def test_failed_claims_are_marked_and_intervals_stay_intervals(flagship_html: str) -> None:
    assert '<tr id="rec-check-C2" class="failed">' in flagship_html
    assert '<tr id="rec-claim-C2" class="failed">' in flagship_html
    assert '<tr id="rec-claim-C1">' in flagship_html
    assert flagship_html.count("✗ failed") == 2
    row = flagship_html[flagship_html.index('<tr id="rec-estimate-E-152mm">'):]
    assert "<td>1,850,000 – 2,800,000 rounds (p5–p95, median 2,300,000)</td>" in row


def test_sources_are_footnotes_in_the_article_style(flagship_html: str) -> None:
    text = re.sub(r"<[^>]+>", "", flagship_html[flagship_html.index('<p id="fn-1">'):])
    first = " ".join(text.split()).split(" [2] ")[0]
    assert first == (
        "[1] “North Korea has Sent 6,700 Containers of Munitions to Russia, South Korea Says”, "
        "Reuters, https://www.reuters.com/world/north-korea-has-sent-6700-containers-munitions-"
        "russia-south-korea-says-2024-02-27/, (Date of Accession: 02.03.2024). "
        "Admiralty grade: B2.")
    assert '<p id="fn-5">' in flagship_html and '<p id="fn-6">' not in flagship_html


def test_simulated_data_is_marked_on_printed_pages_and_figures(flagship_html: str) -> None:
    assert 'content: "SIMULATED: this brief contains simulated AIS data"' in flagship_html
    assert 'class="wm"' not in flagship_html  # no page-wide mark over real claims and matches
    figures = re.findall(r'<svg [^>]*class="(\w+)".*?</svg>', flagship_html, re.S)
    assert figures == ["map", "timeline", "intervals", "intervals"]
    map_figure = re.search(r'<svg [^>]*class="map".*?</svg>', flagship_html, re.S)
    assert map_figure is not None and ">SIMULATED</text>" in map_figure.group(0)
    timeline = re.search(r'<svg [^>]*class="timeline".*?</svg>', flagship_html, re.S)
    assert timeline is not None and timeline.group(0).count(
        '<tspan fill="#cc0000" font-weight="bold">SIMULATED</tspan>') == 3


def test_real_data_only_has_no_watermark(tmp_path: Path) -> None:
    import pyarrow as pa
    from report_builders import _positions_table, flagship_records

    positions = [p for p in flagship_records()[0] if p[5] != "darkfleet-simulated"]
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        with ws.batch("ingest", "k") as batch:
            batch.add("positions", _positions_table(positions))
        ws.replace_table("unrelated", pa.table({"x": [1]}))
    html = _html(tmp_path / "ws", None)
    assert "SIMULATED" not in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="map"' in html


def test_the_page_loads_nothing_from_outside(flagship_html: str) -> None:
    page = read_page(flagship_html)
    assert page.loads == [] and page.link_hrefs == []
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in flagship_html
    assert "<script" not in flagship_html and "@import" not in flagship_html
    assert re.findall(r"url\(", flagship_html) == []


def test_methods_state_definitions_and_thresholds(flagship_html: str) -> None:
    assert "slower than 1.0 kn for at least 2.0 h" in flagship_html
    assert "<tr><td>port_call.max_speed_kn</td><td>1.0</td>" in flagship_html
    for kind in ("port_call", "ais_gap", "encounter", "mmsi_collision", "voyage"):
        assert f"<dt><b>{kind}</b></dt>" in flagship_html


def test_empty_workspace_gives_a_short_report(empty_ws: Path) -> None:
    html = _html(empty_ws, None)
    page = read_page(html)
    assert page.summary_links == []
    assert "No findings: the workspace holds no records to report." in html
    assert "<li>no events (run `darkfleet detect`)</li>" in html
    assert "No positions to map." in html and "No claims (no case given)." in html
    assert len(html) < 20_000


def test_case_without_claims_says_so(flagship_ws: Path) -> None:
    html = _html(flagship_ws, flagship_case(with_claims=False))
    assert "<li>no claims (the case names none, or no case was given: use `--case`)</li>" in html
    assert "<p>No claims.</p>" in html and "No cited sources." in html
    assert "Case <b>dprk-russia-2023</b>" in html


def test_a_larger_workspace_keeps_every_link_and_thins_tracks(tmp_path: Path) -> None:
    from report_builders import write_scaled

    path = write_scaled(tmp_path / "ws", vessels=20, events=200, points_per_vessel=600)
    html = _html(path, None)
    page = read_page(html)
    assert sorted(set(page.fragment_links) - page.ids) == []
    assert page.ids >= {f"rec-vessel-{273_000_000 + i}" for i in range(20)}
    assert sum(1 for i in page.ids if i.startswith("rec-event-")) == 200
    assert re.findall(r"\d", "".join(page.summary_plain)) == []
    track_paths = re.search(r'<g class="tracks".*?</g>', html, re.S)
    assert track_paths is not None
    assert track_paths.group(0).count("L") < 20 * 420


def test_map_centres_on_the_watched_area(tmp_path: Path) -> None:
    from report_builders import STEP, T0, write_flagship

    from darkfleet.report.map_figure import extent

    danish = tuple({"mmsi": 219000001, "segment": 0, "ts": T0 + k * STEP, "lat": 55.6 + k / 100,
                    "lon": 12.6, "speed_kn": 10.0} for k in range(30))
    path = write_flagship(tmp_path / "ws", danish)
    with Workspace.open(path) as ws:
        brief = collect_brief(ws, flagship_case(), Config(), NOW)
    assert len(brief.tracks) == 5
    box = extent(brief)
    assert box is not None
    assert (round(box.west, 2), round(box.south, 2), round(box.east, 2),
            round(box.north, 2)) == (129.97, 41.84, 133.39, 42.84)
    html = render_html(brief, Config().report)
    figure = re.search(r'<svg [^>]*class="map".*?</svg>', html, re.S)
    assert figure is not None
    assert "MMSI 219000001" not in figure.group(0) and "MMSI 273213710" in figure.group(0)
    assert "1 vessel outside this area not drawn" in figure.group(0)
    labels = re.findall(r'<a href="#(rec-vessel-\d+)"><text [^>]*>([^<]+)</text></a>',
                        figure.group(0))
    assert labels == [("rec-vessel-273213710", "ANGARA"), ("rec-vessel-273318220", "MARIA"),
                      ("rec-vessel-273440680", "LADY R")]


def test_vessel_cards_hold_identity_matches_voyages_and_events(flagship_html: str) -> None:
    start = flagship_html.index('<div class="card sim" id="rec-vessel-273318220">')
    card = flagship_html[start:flagship_html.index("</div>", start)]
    text = " ".join(re.sub(r"<[^>]+>", " ", card).split())
    assert text.startswith("MARIA · MMSI 273318220 · IMO 8517839 SIMULATED MMSI 273318220 · "
                           "IMO 8517839 · call sign UBRH7 · "
                           "flag RU · ship type 70 Seen 2023-10-02T06:00:00Z to ")
    assert ("listed: OFAC SDN 46773: MARIA (list of 2024-05-03) not stated RUSSIA-EO14024 1.00 "
            "field: imo, "
            "how: exact IMO, query: 8517839, listed: 8517839, score: 1.0; field: name, how: "
            "exact name, query: MARIA, listed: MARIA, score: 0.9") in text
    assert 'href="#rec-voyage-voy-273318220-20231002"' in card
    assert "encounter 2023-10-02, 3.0 h" in text
    assert card.count('href="#rec-event-') == 4


def test_timeline_rows_are_capped_and_unknown_event_types_are_pointed_to_docs(
    tmp_path: Path,
) -> None:
    from report_builders import write_scaled

    path = write_scaled(tmp_path / "ws", vessels=12, events=48, points_per_vessel=50)
    config = Config.from_mapping({"report": {"timeline_vessels": 5}})
    with Workspace.open(path) as ws:
        brief = collect_brief(ws, None, config, NOW)
    html = render_html(brief, config.report)
    timeline = re.search(r'<svg [^>]*class="timeline".*?</svg>', html, re.S)
    assert timeline is not None
    assert "7 vessels with fewer records are in the tables only" in timeline.group(0)
    assert "<dt><b>loitering</b></dt><dd>Slower than " in html
    from darkfleet.report.methods import definitions

    last = definitions((), {"loitering", "spoofing"})[-1]
    assert (last.type, last.text) == ("spoofing",
                                      "Defined in the events documentation (docs/events.md).")


def test_a_claim_that_holds_only_under_other_assumptions_is_marked() -> None:
    case = flagship_case()
    case["checks"] = [{"check": "capacity", "claim": {"id": "C2"}, "p5": 1.2e6, "p50": 1.7e6,
                       "p95": 2.2e6, "verdict": "needs-assumptions",
                       "assumptions": ["152mm-he-projectile: projectile only"]},
                      {"check": "production", "claim": {"id": "C2"}, "verdict": "consistent"}]
    html = render_html(collect_brief(None, case, Config(), NOW), Config().report)
    row = html[html.index('<tr id="rec-check-capacity-C2">'):]
    row = " ".join(re.sub(r"<[^>]+>", " ", row[:row.index("</tr>")]).split())
    assert row == ("C2 1,200,000 – 2,200,000 (p5–p95, median 1,700,000) capacity: ⚠ holds only "
                   "under other assumptions: needs-assumptions 152mm-he-projectile: projectile "
                   "only")
    assert '<tr id="rec-check-production-C2">' in html and "no model interval" in html


def test_vessels_without_findings_are_counted_not_carded(flagship_ws: Path) -> None:
    import dataclasses

    from darkfleet.report.brief import Vessel

    with Workspace.open(flagship_ws) as ws:
        brief = collect_brief(ws, flagship_case(), Config(), NOW)
    quiet = Vessel(mmsi=219000001, imo=None, name="QUIET TUG", callsign=None, ship_type=52,
                   flag="DK", names=("QUIET TUG",), first_ts=NOW, last_ts=NOW, positions=4)
    before = render_html(brief, Config().report)
    html = render_html(dataclasses.replace(brief, vessels=(*brief.vessels, quiet)),
                       Config().report)
    assert 'id="rec-vessel-219000001"' not in html and "QUIET TUG" not in html
    counted = r'<p id="rec-other-vessels">(\d+) other\nvessels were seen'
    [n_before] = re.findall(counted, before)
    assert re.findall(counted, html) == [str(int(n_before) + 1)]
    for vessel in brief.vessels:
        assert (f'id="{vessel.anchor}"' in html) == (f'id="{vessel.anchor}"' in before)
