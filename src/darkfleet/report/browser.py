"""Headless Chromium, run offline: print a brief to PDF, or take a screenshot of it.

Chromium is a system program (Debian's `chromium`; `scripts/system_deps.sh` installs it). It is
started with a fresh profile, its background services off, and every network request sent to a
closed port on the loopback interface, so nothing leaves the machine even if a page asked.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from darkfleet.errors import ReportError

#: Flags of every run: headless, no first-run or background traffic, no proxy escape.
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--no-pings", "--disable-domain-reliability",
    "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,Translate,MediaRouter",
    "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
    "--hide-scrollbars", "--run-all-compositor-stages-before-draw",
)


def find_chromium(name: str = "chromium") -> str:
    """The path of the Chromium executable `name` (a name on PATH or a path).

    Raises:
        ReportError: it is not installed.
    """
    found = shutil.which(name)
    if found is None:
        raise ReportError(
            f"cannot print a PDF: Chromium ({name!r}) is not installed; "
            "install Debian's chromium (scripts/system_deps.sh) or write HTML only")
    return found


def run_chromium(
    chromium: str, url: str, extra: Sequence[str], timeout_s: float
) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium once on `url` with a throwaway profile; returns the process.

    Raises:
        ReportError: Chromium failed or timed out.
    """
    with tempfile.TemporaryDirectory(prefix="darkfleet-chromium-") as profile:
        command = [chromium, *FLAGS, f"--user-data-dir={profile}", *extra, url]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s,
                                  check=False, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as error:
            raise ReportError(f"Chromium took longer than {timeout_s:g} s") from error
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-3:]
        raise ReportError(f"Chromium failed (exit {done.returncode}): {' | '.join(tail)}")
    return done


def print_pdf(html: Path, pdf: Path, chromium: str = "chromium", timeout_s: float = 120) -> Path:
    """Print the HTML file `html` to `pdf` (A4, backgrounds on, no browser header/footer).

    Raises:
        ReportError: Chromium is missing, failed, or wrote no PDF.
    """
    program = find_chromium(chromium)
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.unlink(missing_ok=True)
    extra = [f"--print-to-pdf={pdf.resolve()}", "--no-pdf-header-footer",
             "--virtual-time-budget=2000"]
    run_chromium(program, html.resolve().as_uri(), extra, timeout_s)
    if not pdf.exists() or pdf.stat().st_size == 0:
        raise ReportError("Chromium wrote no PDF", path=pdf)
    return pdf


def screenshot(
    html: Path,
    png: Path,
    size: tuple[int, int] = (1280, 2000),
    chromium: str = "chromium",
    extra: Sequence[str] = (),
    timeout_s: float = 120,
) -> subprocess.CompletedProcess[str]:
    """A PNG of the top `size` (width, height in px) of the HTML file `html`.

    Raises:
        ReportError: Chromium is missing or failed.
    """
    program = find_chromium(chromium)
    args = [f"--screenshot={png.resolve()}", f"--window-size={size[0]},{size[1]}", *extra]
    return run_chromium(program, html.resolve().as_uri(), args, timeout_s)
