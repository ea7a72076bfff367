"""Headless Chromium, driven through Selenium, for the tests that look at the HTML report
as a reader's browser shows it: axe-core's audit, the page's width at a given viewport,
clipped table cells, and the printed PDF.

Everything comes from the machine: Debian's `chromium` and `chromium-driver`, axe-core
installed from the npm registry by `.ci/run` into `.ci-node/` (ignored by git), poppler's
`pdfinfo`. `missing()` says what is absent, so a developer's machine without them skips
the tests with one line, while CI (where `CI=true`) fails instead.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# The version .ci/run installs; the test checks the file it loads is this one.
AXE_VERSION = "4.14.1"
AXE = ROOT / ".ci-node" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BROWSERS = ("chromium", "chromium-browser", "google-chrome")

# Without these, Chromium run as root refuses to start or reaches for the network
# (updates, sync, field trials); a fresh profile keeps runs from leaking into each other.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)

A4 = {"paperWidth": 210 / 25.4, "paperHeight": 297 / 25.4}  # inches, as Chromium takes them


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def chromium() -> str | None:
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if chromium() is None:
        return "no Chromium (apt-get install chromium)"
    if shutil.which("chromedriver") is None:
        return "no chromedriver (apt-get install chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "no selenium (pip install -e '.[test]')"
    if not AXE.is_file():
        return f"no axe-core (npm install --prefix .ci-node axe-core@{AXE_VERSION})"
    if shutil.which("pdfinfo") is None:
        return "no pdfinfo (apt-get install poppler-utils)"
    return None


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str | None
    help: str
    targets: list[str]

    def __str__(self) -> str:
        return f"{self.rule} ({self.impact}, {len(self.targets)}): {self.help}: {self.targets[:5]}"


@dataclass(frozen=True)
class Layout:
    """How a page sits in a viewport: its width against the window's, and every table
    cell whose content does not fit or that its scrolling box hides."""

    inner_width: int  # window.innerWidth: the viewport, scroll bar included
    client_width: int  # the viewport less a scroll bar
    scroll_width: int  # how wide the page's content is
    clipped: list[str]

    @property
    def scrolls_sideways(self) -> bool:
        return self.scroll_width > self.client_width


# A cell is clipped when its own content overflows it, or when a box that hides overflow
# (a scrolling region) does not show all of it without scrolling.
_LAYOUT = """
const clipped = [];
for (const cell of document.querySelectorAll('td, th')) {
  const box = cell.getBoundingClientRect();
  if (box.width === 0 && box.height === 0) continue;  // not rendered: a closed <details>
  // Visually hidden on purpose, for screen readers: the column headers of a stacked table.
  let hidden = false;
  for (let up = cell; up && !hidden; up = up.parentElement) {
    hidden = getComputedStyle(up).clipPath !== 'none';
  }
  if (hidden) continue;
  const name = (cell.closest('table').querySelector('caption')?.textContent || '?')
    + ' / ' + cell.textContent.trim().slice(0, 40);
  if (cell.scrollWidth > cell.clientWidth + 1) { clipped.push(name + ' (overflows)'); continue; }
  for (let up = cell.parentElement; up; up = up.parentElement) {
    const style = getComputedStyle(up);
    if (style.overflowX === 'visible') continue;
    const frame = up.getBoundingClientRect();
    if (box.left < frame.left - 1 || box.right > frame.right + 1) {
      clipped.push(name + ' (hidden by ' + up.className + ')');
      break;
    }
  }
}
const root = document.documentElement;
return {inner: window.innerWidth, client: root.clientWidth, scroll: root.scrollWidth, clipped};
"""


class Browser:
    """One headless Chromium for the whole test session."""

    def __init__(self, profile: Path) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        options = webdriver.ChromeOptions()
        options.binary_location = chromium() or "chromium"
        for flag in (*FLAGS, f"--user-data-dir={profile}", "--window-size=1280,900"):
            options.add_argument(flag)
        # Naming the driver keeps Selenium Manager from looking for one on the network.
        service = Service(executable_path=shutil.which("chromedriver") or "chromedriver")
        self.driver = webdriver.Chrome(options=options, service=service)
        self.axe = AXE.read_text(encoding="utf-8")

    def close(self) -> None:
        self.driver.quit()

    def _cdp(self, command: str, args: dict[str, Any]) -> Any:
        return self.driver.execute_cdp_cmd(command, args)

    def open(self, page: Path, width: int = 1280, height: int = 900) -> None:
        """Show a file at a viewport of `width` CSS pixels, as a window that size would."""
        self._cdp(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        self.driver.get(page.resolve().as_uri())

    def open_details(self) -> None:
        """Open every <details>, so the audit and the layout see what they hold."""
        self.driver.execute_script(
            "document.querySelectorAll('details').forEach(d => d.open = true)"
        )

    def axe_version(self) -> str:
        self.driver.execute_script(self.axe)
        return str(self.driver.execute_script("return axe.version"))

    def audit(self, tags: list[str] = TAGS) -> list[Violation]:
        """axe-core's violations for the page now shown."""
        self.driver.execute_script(self.axe)
        result = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]},"
            " resultTypes: ['violations']})"
            ".then(r => done(JSON.stringify(r.violations)), e => done(JSON.stringify("
            "[{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}])));",
            tags,
        )
        return [
            Violation(
                item["id"],
                item.get("impact"),
                item["help"],
                [" ".join(map(str, node["target"])) for node in item["nodes"]],
            )
            for item in json.loads(result)
        ]

    def layout(self) -> Layout:
        found = self.driver.execute_script(_LAYOUT)
        return Layout(found["inner"], found["client"], found["scroll"], list(found["clipped"]))

    def screenshot(self, target: Path, width: int) -> None:
        """The whole page at a viewport width, as one tall PNG."""
        height = int(self.driver.execute_script("return document.documentElement.scrollHeight"))
        self._cdp(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        shot = self._cdp("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
        target.write_bytes(base64.b64decode(shot["data"]))

    def pdf(self, page: Path) -> bytes:
        """The page printed as the print dialog would: on the paper and margins its CSS
        asks for (A4 when it asks for none), with backgrounds, and no browser header."""
        self.open(page)
        printed = self._cdp(
            "Page.printToPDF",
            {**A4, "preferCSSPageSize": True, "printBackground": True},
        )
        return base64.b64decode(printed["data"])


def pdf_info(pdf: Path) -> dict[str, str]:
    """poppler's `pdfinfo` as a dictionary: Pages, Page size…"""
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in out.stdout.splitlines())
    }


def pdf_text(pdf: Path) -> list[str]:
    """The text of each printed page, from poppler's `pdftotext`."""
    out = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    )
    return out.stdout.split("\f")[:-1] if out.stdout.endswith("\f") else out.stdout.split("\f")
