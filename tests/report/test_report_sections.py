"""The brief's later sections on hand-made records: trade against the cap, imagery on the map and
cards, link matches told apart from listings, hull history, and the appendix of records outside
the case."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from report_builders import screening_match

from darkfleet.config import Config
from darkfleet.events.records import Event, Vessel, Voyage
from darkfleet.report import render_html
from darkfleet.report.brief import Assumption, BriefData, Port
from darkfleet.report.sections import (
    CargoVoyage,
    Detection,
    PortPresence,
    Trade,
    TradeCap,
    TradeFlag,
    TradeSum,
)
from darkfleet.screening.hull import FlagChange, HullHistory, HullSpan

T = datetime(2023, 8, 1, tzinfo=UTC)
NOW = datetime(2026, 1, 2, tzinfo=UTC)
DENSITY = Assumption("product density", "0.84 (0.82–0.86)", "t/m3", "EIA conversion factors")
COEFF = Assumption("waterplane coefficient", "0.85 (0.8–0.9)", None, "ship design references")


def _voyage(vid: str, mmsi: int, route: tuple[str, str], depart: datetime, watched: bool
            ) -> Voyage:
    return Voyage(vid, mmsi, None, f"V{mmsi}", route[0], route[1], depart,
                  depart + timedelta(hours=30), 30.0, 9.0, 4.1, 6.2, watched, 0.5)


def _cargo(vid: str, mmsi: int, status: str, imputed: bool, barrels: float) -> CargoVoyage:
    return CargoVoyage(vid, mmsi, f"V{mmsi}", "Russian Far East -> DPRK", "refined petroleum",
                       status, "draught change", (barrels / 8, barrels / 7.5, barrels / 7),
                       (barrels * 0.9, barrels, barrels * 1.1), imputed,
                       assumptions=(COEFF, DENSITY) if not imputed else (DENSITY,))


def _brief() -> BriefData:
    """Two vessels on watched voyages in August 2023 (one carded tanker with a flag change and
    a link match), imagery over them, their cargo against the cap, and a real voyage of 2010."""
    gap = Event("g1", "ais_gap", 1, None, T + timedelta(hours=8), T + timedelta(hours=17),
                42.4, 131.3, None, 9.0, {"suspected": True,
                                         "seen_by": [{"detection_id": "d-dark", "rank": 1}]})
    return BriefData(
        title="t", generated_at=NOW,
        vessels=(Vessel(1, 9179842, "TANKER ONE", None, 80, "PA", (), T, T + timedelta(days=9),
                        500),
                 Vessel(2, None, "TANKER TWO", None, 80, None, (), T, T + timedelta(days=9),
                        400),
                 Vessel(4, None, "DANISH COASTER", None, 70, "DK", (),
                        datetime(2010, 6, 11, tzinfo=UTC), datetime(2010, 6, 12, tzinfo=UTC),
                        90)),
        voyages=(_voyage("v1", 1, ("RUVYP", "KPNJN"), T, True),
                 _voyage("v2", 2, ("RUVYP", "KPNJN"), T + timedelta(days=40), True),
                 _voyage("r", 4, ("DKAAR", "DKCPH"), datetime(2010, 6, 11, tzinfo=UTC), False)),
        events=(gap,),
        matches=(screening_match(1, 9179842, "TANKER ONE", "OFAC SDN", "37059", ("ANGARA",),
                                 9179842, ("RUSSIA-EO14024",), None, 1.0,
                                 {"imo": {"how": "exact IMO"}}, "2024-05-03", "identifier"),
                 screening_match(1, 9179842, "TANKER ONE", "OFAC SDN", "39658", ("OWNER CO",),
                                 None, ("SDGT",), None, 0.6, {"link": {
                                     "how": "linked to listed OWNER CO (OFAC SDN 39658) via "
                                            "owner"}}, "2024-05-03", "link", 12.0)),
        ports=(Port("RUVYP", 42.75, 133.06, watched=True), Port("KPNJN", 42.24, 130.30,
                                                                watched=True)),
        detections=(Detection("d-match", T + timedelta(hours=2), 42.5, 131.8, "sar", 110.0, 1,
                              140.0, False),
                    Detection("d-dark", T + timedelta(hours=12), 42.45, 131.4, "sar", 105.0,
                              None, None, True, (1,))),
        port_presence=(PortPresence("pp1", T + timedelta(hours=20), "KPNJN", 42.25, 130.31,
                                    "d-dark", (1, 2)),),
        hulls=(HullHistory(9179842, (
            HullSpan(1, "TANKER ONE", None, "RU", "2023-01-01T00:00:00Z", "2023-04-01T09:00:00Z"),
            HullSpan(5, "OLD NAME", None, "PA", "2023-04-01T10:00:00Z", "2023-08-01T00:00:00Z")),
            (FlagChange("RU", "PA", "2023-04-01T10:00:00Z", 1),), ()),),
        trade=Trade(
            sums=(TradeSum("2023-08", "Russian Far East -> DPRK", "refined petroleum",
                           ("v1",), 0, 0, (50.0, 55.0, 60.0), (420.0, 460.0, 500.0)),
                  TradeSum("2023-09", "DPRK -> Russian Far East", "dry cargo", ("v2",), 1, 0,
                           (10.0, 20.0, 30.0), None)),
            caps=(TradeCap("unscr-2397-op5", "2023", "Refined petroleum products may not exceed "
                           "500,000 barrels.", "S/RES/2397 (2017)", "5",
                           "https://undocs.org/S/RES/2397(2017)", 500000.0, "barrels",
                           "refined petroleum", (402463.0, 440000.0, 483454.0), 0.37,
                           ("v1", "v2")),),
            flags=(TradeFlag("unscr-1718-op8b-arms", "2023", "S/RES/1718 (2006)", "8(b)",
                             "cargo of cargo ships out of DPRK: arms cannot be excluded",
                             ("v2",)),),
            voyages=(_cargo("v1", 1, "reported", False, 3000.0),
                     _cargo("v2", 2, "not updated", True, 2000.0))),
    )


@pytest.fixture(scope="module")
def html() -> str:
    return render_html(_brief(), Config().report)


def _text(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


def _element(html: str, element_id: str) -> str:
    match = re.search(rf'<(\w+)[^>]*\sid="{re.escape(element_id)}"', html)
    assert match is not None, element_id
    end = html.index(f"</{match.group(1)}>", match.start())
    return html[match.start():end]


def test_every_internal_link_of_the_new_sections_lands_on_an_element(html: str) -> None:
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    links = set(re.findall(r'href="#([^"]+)"', html))
    assert {"rec-cargo-v1", "rec-cargo-v2", "rec-cap-unscr-2397-op5-2023", "rec-detection-d-dark",
            "rec-event-pp1", "trade-assumption-1", "trade-assumption-2"} <= links
    assert links - ids == set()


def test_the_trade_section_draws_the_cap_line_with_each_years_chance_of_exceeding_it(
    html: str,
) -> None:
    caps = re.search(r'<svg [^>]*class="caps".*?</svg>', html, re.S)
    assert caps is not None
    assert 'class="cap-line"' in caps.group(0)
    assert "cap 500,000 barrels/yr" in caps.group(0) and "P(exceeded) = 0.37" in caps.group(0)
    row = _text(_element(html, "rec-cap-unscr-2397-op5-2023"))
    assert row == ("2023 Refined petroleum products may not exceed 500,000 barrels. "
                   "(S/RES/2397 (2017) para. 5, https://undocs.org/S/RES/2397(2017) ) 500,000 "
                   "barrels 402,463 – 483,454 barrels (p5–p95, median 440,000) 0.37 v1 , v2")
    monthly = re.search(r'<svg [^>]*class="intervals".*?</svg>', html, re.S)
    assert monthly is not None  # both directions, one row each month
    assert "2023-08 · Russian Far East -&gt; DPRK · refined petroleum · 1 voyage" in monthly[0]
    assert "2023-09 · DPRK -&gt; Russian Far East · dry cargo · 1 voyage (1 imputed)" in monthly[0]
    flag = _text(_element(html, "rec-ban-unscr-1718-op8b-arms-2023"))
    assert flag == ("2023 unscr-1718-op8b-arms (S/RES/1718 (2006) para. 8(b)) cargo of cargo "
                    "ships out of DPRK: arms cannot be excluded v2")


def test_cargo_rows_mark_draught_not_updated_and_link_voyages_and_assumptions(html: str) -> None:
    measured, unchanged = (_element(html, f"rec-cargo-{v}") for v in ("v1", "v2"))
    assert "class=\"marked\"" not in measured and 'class="marked"' in unchanged
    assert _text(unchanged).startswith("v2 V2 Russian Far East -&gt; DPRK refined petroleum "
                                       "not updated draught not updated ")
    assert re.findall(r'href="#([^"]+)"', measured) == [
        "rec-voyage-v1", "trade-assumption-1", "trade-assumption-2"]
    assert re.findall(r'href="#([^"]+)"', unchanged) == ["rec-voyage-v2", "trade-assumption-2"]
    assert _text(_element(html, "trade-assumption-2")) == (
        "T2 product density 0.84 (0.82–0.86) t/m3 EIA conversion factors")
    voyage = _text(_element(html, "rec-voyage-v2"))
    assert voyage.endswith("cargo estimate (draught not updated)")


def test_detections_are_on_the_map_matched_and_dark_apart(html: str) -> None:
    figure = re.search(r'<svg [^>]*class="map".*?</svg>', html, re.S)
    assert figure is not None
    assert re.findall(r'<a href="#(rec-detection-[^"]+)"><title>[^<]*</title><rect '
                      r'class="detection-(\w+)"', figure.group(0)) == [
        ("rec-detection-d-match", "matched"), ("rec-detection-d-dark", "dark")]
    assert _text(_element(html, "rec-detection-d-dark")) == (
        "d-dark 2023-08-01T12:00:00Z 42.450, 131.400 sar 105 dark ; candidates: MMSI 1")


def test_vessel_and_voyage_cards_list_what_imagery_saw(html: str) -> None:
    card = _text(_element(html, "rec-vessel-1"))
    assert ("Imagery: detection d-match 2023-08-01 (matched, 140 m) ; detection d-dark "
            "2023-08-01 (dark, a candidate) ; dark_port_presence KPNJN 2023-08-01 "
            "(a candidate)") in card
    assert "ais_gap 2023-08-01, 9.0 h seen by imagery: d-dark" in card
    voyage = _text(_element(html, "rec-voyage-v1"))
    assert ("imagery: detection d-match (matched) ; detection d-dark (dark) ; dark in KPNJN "
            "(candidate) ; gap seen by d-dark") in voyage
    assert _text(_element(html, "rec-event-pp1")) == (
        "pp1 2023-08-01T20:00:00Z KPNJN d-dark MMSI 1 , MMSI 2")


def test_link_matches_read_apart_from_listings_with_their_basis(html: str) -> None:
    listing = _text(_element(html, "rec-match-mmsi1-OFAC_SDN-37059"))
    link = _text(_element(html, "rec-match-mmsi1-OFAC_SDN-39658"))
    assert listing.startswith("listed: OFAC SDN 37059: ANGARA (list of 2024-05-03) identifier ")
    assert link.startswith("link, not a listing: linked to listed OWNER CO (OFAC SDN 39658) via "
                           "owner (list of 2024-05-03) link; AIS sighting 12 days from the list "
                           "date SDGT 0.60")


def test_vessel_cards_show_the_hull_history_with_dated_flag_changes(html: str) -> None:
    card = _text(_element(html, "rec-vessel-1"))
    assert ("Hull history of IMO 9179842: MMSIs 1, 5; names TANKER ONE → OLD NAME; flags "
            "RU → PA; flag changed 1 time: RU to PA on 2023-04-01 (MMSI 1).") in card


def test_records_of_other_years_are_counted_in_the_appendix_not_drawn(html: str) -> None:
    timeline = re.search(r'<svg [^>]*class="timeline".*?</svg>', html, re.S)
    assert timeline is not None and "rec-voyage-r" not in timeline.group(0)
    assert "DANISH COASTER" not in timeline.group(0)
    section = html[html.index('<section id="timeline">'):html.index('<section id="imagery">')]
    assert 'id="rec-voyage-r"' not in section and 'id="rec-voyage-v1"' in section
    appendix = _text(_element(html, "appendix-outside"))
    assert ("1 vessels seen only outside the case, 1 voyages and 0 events. year (first report) "
            "vessels positions voyages events 2010 1 90 1 0 record vessel type start where r "
            "V4 voyage DKAAR → DKCPH 2010-06-11T00:00:00Z") in appendix
