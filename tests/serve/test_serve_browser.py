"""The pages in a real browser: Debian's Chromium driven by Playwright for Python.

An analyst searches a listed vessel and opens its page, filters events, and looks at the map;
every test also checks that the page logged no console error and that no request left
127.0.0.1 (any other request is recorded and aborted). With `DARKFLEET_SCREENSHOTS=DIR` the
tests save a screenshot of each page there (docs/serve.md shows them).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

_MISSING = shutil.which("chromium") is None
if _MISSING and os.environ.get("CI"):
    raise RuntimeError("CI needs chromium: run scripts/system_deps.sh")
pytestmark = pytest.mark.skipif(_MISSING, reason="chromium not installed "
                                "(scripts/system_deps.sh installs it)")

ANGARA = 273990101
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update"]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=shutil.which("chromium"),
                                              args=FLAGS, headless=True)
        yield chromium
        chromium.close()


class Watched:
    """A page with what it logged and where it sent requests."""

    def __init__(self, browser, base: str) -> None:
        self.base = base
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route) -> None:
        host = urlsplit(route.request.url).hostname
        if host == "127.0.0.1":
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def open(self, path: str) -> None:
        response = self.page.goto(self.base + path, wait_until="networkidle")
        assert response is not None and response.status == 200, path

    def shot(self, name: str) -> None:
        folder = os.environ.get("DARKFLEET_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(folder) / f"serve-{name}.png"), full_page=False)

    def close(self) -> None:
        self.context.close()
        assert self.errors == []
        assert self.outside == []


@pytest.fixture()
def watched(browser, server):
    page = Watched(browser, server.base)
    yield page
    page.close()


def test_search_a_listed_vessel_and_open_its_page(watched):
    watched.open("/")
    watched.shot("overview")
    watched.page.fill("#search-q", "АНГАРА")
    watched.page.press("#search-q", "Enter")
    watched.page.wait_for_load_state("networkidle")
    assert watched.page.url.endswith("/search?q=%D0%90%D0%9D%D0%93%D0%90%D0%A0%D0%90")
    watched.shot("search")
    watched.page.click(f'a[href="/vessels/{ANGARA}"]')
    watched.page.wait_for_selector("#map.drawn")
    assert watched.page.text_content("#vessel-mmsi") == str(ANGARA)
    assert watched.page.title() == "ANGARA · darkfleet"
    watched.shot("vessel")


def test_filter_events_by_type(watched):
    watched.open("/events")
    assert len(set(watched.page.eval_on_selector_all(
        "tr[data-type]", "rows => rows.map(r => r.dataset.type)"))) > 1
    watched.page.check('input[name=type][value="ais_gap"]')
    watched.page.click("#apply-filters")
    watched.page.wait_for_load_state("networkidle")
    types = watched.page.eval_on_selector_all("tr[data-type]",
                                              "rows => rows.map(r => r.dataset.type)")
    assert types == ["ais_gap"] * 7
    assert "type=ais_gap" in watched.page.url
    watched.shot("events")


def test_the_map_draws_its_features(watched):
    watched.open("/map")
    watched.page.wait_for_selector("#map.drawn")
    counts = json.loads(watched.page.get_attribute("#map", "data-features") or "{}")
    assert counts["gap"] == 5 and counts["land"] > 0 and counts["track"] > 0
    drawn = watched.page.eval_on_selector_all("#map path.leaflet-interactive", "p => p.length")
    land = watched.page.eval_on_selector_all("#map path:not(.leaflet-interactive)",
                                             "p => p.length")
    assert drawn == sum(n for kind, n in counts.items() if kind != "land") and land > 0
    dashed = watched.page.eval_on_selector_all('#map path[stroke-dasharray="6 6"]',
                                               "p => p.length")
    assert dashed == 5
    watched.shot("map")
    watched.page.locator('#map path[stroke-dasharray="6 6"]').first.click(force=True)
    watched.page.wait_for_selector(".leaflet-popup-content")
    assert "Kind:" in (watched.page.text_content(".leaflet-popup-content") or "")


def test_the_other_pages_render_without_errors(watched, server):
    voyage = server.get(f"/api/voyages?mmsi={ANGARA}").json()["items"][0]["id"]
    for name, path in (("voyage", f"/voyages/{voyage}"), ("claims", "/claims"),
                       ("estimate", "/estimate?containers=6700&munition=152mm-he-complete"),
                       ("brief", "/brief"), ("trade", "/trade")):
        watched.open(path)
        if name == "voyage":
            watched.page.wait_for_selector("#map.drawn")
        watched.shot(name)


def test_new_alerts_appear_on_the_alerts_page(browser, pipeline_config, tmp_path):
    from datetime import UTC, datetime

    from serve_helpers import serving

    from darkfleet.store import Workspace
    from darkfleet.watch.alert import Alert, alerts_table

    shutil.copytree(pipeline_config.workspace, tmp_path / "ws")
    config = pipeline_config.with_workspace(tmp_path / "ws")
    ts = datetime(2023, 8, 2, 4, tzinfo=UTC)
    raised = [Alert(id=f"live{n}", rule="dark_in_watched_area", mmsi=ANGARA, imo=None,
                    name="ANGARA", ts=ts, raised_at=ts, lat=42.3, lon=131.3, port=None)
              for n in (1, 2)]
    with serving(config, stream_lifetime_s=20) as server:
        watched = Watched(browser, server.base)
        response = watched.page.goto(server.base + "/alerts", wait_until="load")
        assert response is not None and response.status == 200
        watched.page.wait_for_selector("#live-status:has-text('live')")
        with Workspace.open(config.workspace) as ws, ws.batch("watch", "live") as batch:
            batch.add("alerts", alerts_table(raised), day_column="raised_at")
        watched.page.locator("tr.live").nth(1).wait_for()
        ids = watched.page.eval_on_selector_all("tr.live", "rows => rows.map(r => r.dataset.id)")
        assert ids == ["live2", "live1"]
        assert watched.page.locator("#alerts-none").count() == 0
        watched.shot("alerts")
        watched.close()
