"""The brief in a real headless Chromium (Debian's `chromium`) and its PDF through pdftoppm.

Checks by pixels that the map drew land, coastlines, tracks and gaps where they belong, that the
page asked for nothing outside the file (Chromium's net log and its CSP console messages, with
negative controls showing both checks catch a remote reference), and that every in-page link
target exists in the DOM Chromium built. Skipped only when Chromium is absent outside CI.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from report_builders import brief_settings
from report_html import read_page

from darkfleet.report import collect_brief, write_brief
from darkfleet.report.browser import run_chromium, screenshot
from darkfleet.report.map_figure import WIDTH, Projection, extent
from darkfleet.store import Workspace

_MISSING = shutil.which("chromium") is None or shutil.which("pdftoppm") is None
if _MISSING and os.environ.get("CI"):
    raise RuntimeError("CI needs chromium and poppler-utils: run scripts/system_deps.sh")
pytestmark = pytest.mark.skipif(
    _MISSING, reason="chromium or pdftoppm not installed (scripts/system_deps.sh installs them)")

SEA = (212, 230, 241)
LAND = (237, 228, 200)
COAST = (107, 91, 62)
TRACK = (192, 57, 43)
GAP = (108, 52, 131)
MARKED_SEA = (210, 179, 188)  # the sea under the map's SIMULATED mark (#cc0000 at 22 %)


@pytest.fixture(scope="module")
def brief_files(flagship_ws: Path, tmp_path_factory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("brief")
    write_brief(brief_settings(), flagship_ws, out / "brief.html", pdf=out / "brief.pdf",
                case="dprk-russia-2023")
    return out / "brief.html", out / "brief.pdf"


def _rgb(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("RGB"), dtype=np.int16)


def _near(rgb: np.ndarray, colour, tolerance: int) -> np.ndarray:
    return np.abs(rgb - np.array(colour, dtype=np.int16)).sum(axis=2) <= tolerance


def _map_box(rgb: np.ndarray) -> tuple[int, int, int, int]:
    """The bounding box of the sea-coloured pixels: where the map was drawn."""
    ys, xs = np.nonzero(_near(rgb, SEA, 3))
    assert xs.size, "no sea-coloured pixel: the map was not drawn"
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


def _count(rgb: np.ndarray, box, colour, tolerance: int) -> int:
    return int(_near(rgb[box[1]:box[3], box[0]:box[2]], colour, tolerance).sum())


def _kind_at(rgb: np.ndarray, xy: tuple[int, int]) -> str:
    """`land` or `sea` by the majority of a 7x7 patch (robust to strokes and watermark)."""
    patch = rgb[xy[1] - 3:xy[1] + 4, xy[0] - 3:xy[0] + 4]
    land = int((patch[..., 0] > patch[..., 2] + 15).sum())
    sea = int((patch[..., 2] > patch[..., 0] + 15).sum())
    return "land" if land > sea else "sea"


def _assert_map_pixels(image: Image.Image, flagship_ws: Path) -> None:
    image = _rgb(image)
    box = _map_box(image)
    area = (box[2] - box[0]) * (box[3] - box[1])
    assert _count(image, box, LAND, 6) > area * 0.03, "no land drawn"
    width = box[2] - box[0]
    assert _count(image, box, COAST, 60) > width * 0.15, "no coastline strokes"
    assert _count(image, box, TRACK, 60) > width * 0.3, "no tracks"
    assert _count(image, box, GAP, 60) > width * 0.04, "no dashed gap jumps"
    assert _count(image, box, MARKED_SEA, 12) > width * 2, "no SIMULATED mark on the map"
    with Workspace.open(flagship_ws) as ws:
        brief = collect_brief(ws, None, brief_settings())
    frame = extent(brief)
    assert frame is not None
    projection = Projection.fit(frame)
    scale = (box[2] - box[0]) / WIDTH

    def at(lat: float, lon: float) -> tuple[int, int]:
        x, y = projection.xy(lat, lon)
        return round(box[0] + x * scale), round(box[1] + y * scale)

    assert _kind_at(image, at(42.75, 130.2)) == "land"  # the hills west of Rajin
    assert _kind_at(image, at(41.75, 133.0)) == "sea"  # the open sea south of Vostochny


def test_map_draws_coastlines_and_tracks_in_chromium(
    brief_files, flagship_ws: Path, tmp_path: Path
) -> None:
    html, _ = brief_files
    shot = tmp_path / "shot.png"
    screenshot(html, shot, (1100, 2000))
    _assert_map_pixels(Image.open(shot), flagship_ws)


def _page_requests(netlog: Path) -> list[str]:
    """URLs the page itself asked for over the network (Chromium's own services left out)."""
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = []
    for event in log["events"]:
        params = event.get("params") or {}
        url = params.get("url", "")
        if event["type"] == start and params.get("initiator") != "not an origin" \
                and url.startswith(("http:", "https:", "ws:", "wss:", "ftp:")):
            urls.append(url)
    return urls


def _load(page: Path, tmp_path: Path) -> tuple[list[str], str]:
    netlog = tmp_path / f"{page.stem}.netlog.json"
    done = run_chromium("chromium", page.as_uri(), [
        f"--log-net-log={netlog}", "--enable-logging=stderr", "--v=0",
        f"--screenshot={tmp_path / (page.stem + '.png')}", "--window-size=800,600"], 60)
    return _page_requests(netlog), done.stderr


def test_no_request_leaves_the_page(brief_files, tmp_path: Path) -> None:
    html, _ = brief_files
    requests, log = _load(html, tmp_path)
    assert requests == []
    assert "Content Security Policy" not in log


def test_the_network_checks_catch_a_remote_reference(tmp_path: Path) -> None:
    remote = '<img src="http://darkfleet-test.invalid/x.png">'
    bare = tmp_path / "bare.html"
    bare.write_text(f"<!DOCTYPE html><p>x</p>{remote}", encoding="utf-8")
    assert _load(bare, tmp_path)[0] == ["http://darkfleet-test.invalid/x.png"]
    strict = tmp_path / "strict.html"
    strict.write_text('<!DOCTYPE html><meta http-equiv="Content-Security-Policy" '
                      f"content=\"default-src 'none'\"><p>x</p>{remote}", encoding="utf-8")
    requests, log = _load(strict, tmp_path)
    assert requests == [] and "Content Security Policy" in log


def test_every_link_target_exists_in_the_browser_dom(brief_files) -> None:
    html, _ = brief_files
    dom = run_chromium("chromium", html.as_uri(), ["--dump-dom"], 60).stdout
    page = read_page(dom)
    assert len(page.fragment_links) > 60
    assert sorted(set(page.fragment_links) - page.ids) == []
    assert {"fn-1", "fn-5", "rec-claim-shin-2024-02-26-152mm",
            "rec-check-capacity-shin-2024-02-26-152mm"} <= page.ids


def test_pdf_pages_show_the_map_and_the_watermark(
    brief_files, flagship_ws: Path, tmp_path: Path
) -> None:
    _, pdf = brief_files
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(tmp_path / "page")],
                   check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 4
    with_map = [p for p in pages if int(_near(_rgb(Image.open(p)), SEA, 3).sum()) > 5000]
    assert len(with_map) == 1
    _assert_map_pixels(Image.open(with_map[0]), flagship_ws)
    for number in range(1, len(pages) + 1):
        text = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf),
                               "-"], capture_output=True, text=True, check=True).stdout
        assert "SIMULATED" in text, f"page {number} has no SIMULATED mark"
    every = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout
    assert all(f"[{n}] “" in every for n in range(1, 6))
    assert "The containers could be carrying more than three million 152 mm" in " ".join(
        every.split())


def test_pdf_links_land_on_named_destinations(brief_files) -> None:
    """Chromium keeps in-page links in the PDF: each `/Dest` is a name the `/Dests` table has."""
    import re

    _, pdf = brief_files
    data = pdf.read_bytes()
    used = set(re.findall(rb"/Dest /([^\s/<>\[\]]+)", data))
    table_ref = re.search(rb"/Dests (\d+) 0 R", data)
    assert table_ref is not None
    start = data.index(b"\n" + table_ref.group(1) + b" 0 obj")
    table = data[start:data.index(b"endobj", start)]
    named = set(re.findall(rb"/([^\s/<>\[\]]+) \[\d+ 0 R /XYZ", table))
    assert {b"rec-claim-shin-2024-02-26-152mm", b"fn-1", b"rec-table-events"} <= used
    assert len(used) > 30
    assert sorted(used - named) == []
