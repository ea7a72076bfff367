"""The HTML report is accessible (WCAG 2.2 AA), reflows and prints.

The structure is checked from the markup alone with the standard library's parser, so it
always runs: landmarks, headings that name their sections, tables with captions, scoped
column headers, row headers and labelled cells, and the focusable regions that may scroll.

The rest needs a real browser (`pytest -m browser`; see tests/browser.py): axe-core finds
no violation at 1280, 768 and 320 CSS pixels; the page never scrolls sideways and no table
cell is cut off; printed, the sample fits three A4 pages with the plan, the date and page
numbers on each. Pages: the sample with and without --since, a plan of 200 actions with long
text, and the roll-up of several plans.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from improvetrack.files.store import dumps
from improvetrack.model.register import Measure
from tests import browser as chromium
from tests.builders import large
from tests.conftest import SAMPLE, Invoke
from tests.test_rollup import SMALL

AS_OF = "2026-11-27"
# No spaces to break at: a reference or a pasted link is like this.
LONG_WORD = "Reassessmentofmultiagencysafeguardingarrangementsacrossthewholepartnershipfootprint"
LONG_TEXT = (
    "so that every child's plan is reviewed with the family, the school and the health "
    "visitor before the next statutory review, and the findings are reported to the board"
)
# Quotes, a backslash and what would end a <style> element: the title also goes into the
# printed pages' running header, which is CSS.
HOSTILE_TITLE = 'Children\'s "phase 2" plan </style><b>bold</b> \\ Ærøskøbing & district'


def long_plan() -> str:
    register = large(200, title=f"{HOSTILE_TITLE}: {LONG_TEXT}")
    for number, area in enumerate(register.areas.values()):
        area.title = f"{area.title} {LONG_TEXT[:90]}"
        area.lead = f"Head of Service {LONG_WORD}"
        area.measures = [
            Measure(
                f"Measure {number}: {LONG_TEXT} {LONG_WORD}",
                unit="%",
                baseline=10 + number,
                target=90,
                current=None if number == 3 else 20 + number * 20,
                updated=date(2026, 10, 31),
            )
        ]
    for number, action in enumerate(register.actions.values()):
        action.title = f"{action.title} {LONG_TEXT} {LONG_WORD}"
        action.owner = f"{action.owner}, {LONG_WORD}"
        if number % 9 == 0 and action.status != "done":
            action.status = "blocked"
            action.blocked_reason = f"{LONG_TEXT} {LONG_WORD}"
    return dumps(register)


@pytest.fixture
def page(invoke: Invoke, tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """One of the pages the tests look at, written to a file."""
    name: str = request.param
    target = tmp_path / f"{name}.html"
    if name == "long":
        register = tmp_path / "long.toml"
        register.write_text(long_plan(), encoding="utf-8")
    elif name == "rollup":
        register = tmp_path / "plans"
        (register / "care-home").mkdir(parents=True)
        shutil.copy(SAMPLE, register / "children.toml")
        (register / "care-home" / "improvetrack.toml").write_text(SMALL, encoding="utf-8")
    else:
        register = SAMPLE
    since = ["--since", "2026-10-29"] if name == "since" else []
    result = invoke(
        "-r", str(register), "--as-of", AS_OF, "report", "-f", "html", "--output", str(target),
        *since,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return target


PAGES = ["sample", "since", "long", "rollup"]


# --- the markup, read without a browser ----------------------------------------------------


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return " ".join(
            " ".join((child if isinstance(child, str) else child.text()).split())
            for child in self.children
        ).strip()

    def find(self, tag: str) -> Iterator[Node]:
        for child in self.children:
            if isinstance(child, Node):
                if child.tag == tag:
                    yield child
                yield from child.find(tag)

    def walk(self) -> Iterator[Node]:
        for child in self.elements():
            yield child
            yield from child.walk()

    def elements(self) -> list[Node]:
        return [child for child in self.children if isinstance(child, Node)]

    def up(self, tag: str) -> Node | None:
        node = self.parent
        while node is not None and node.tag != tag:
            node = node.parent
        return node


VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "source"}


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = self.node = Node("#document", {})

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {key: value or "" for key, value in attrs}, self.node)
        self.node.children.append(node)
        if tag not in VOID:
            self.node = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.node.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.node))

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.node
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None and node.parent is not None, f"stray </{tag}>"
        assert node is self.node, f"</{tag}> closes <{self.node.tag}> too"
        self.node = node.parent

    def handle_data(self, data: str) -> None:
        self.node.children.append(data)


def parse(text: str) -> Node:
    tree = _Tree()
    tree.feed(text)
    tree.close()
    assert tree.node is tree.root, f"<{tree.node.tag}> is never closed"
    return tree.root


@pytest.mark.parametrize("page", PAGES, indirect=True)
def test_the_page_is_landmarks_and_named_sections(page: Path) -> None:
    root = parse(page.read_text(encoding="utf-8"))
    (body,) = root.find("body")
    # Everything a reader sees is in a landmark: nothing loose in <body>.
    assert [node.tag for node in body.elements()] == ["header", "main", "footer"]
    assert not [child for child in body.children if isinstance(child, str) and child.strip()]
    (main,) = body.find("main")
    assert len(list(root.find("h1"))) == 1 and next(root.find("h1")).up("header") is not None
    ids = [node.attrs["id"] for node in root.walk() if "id" in node.attrs]
    assert len(ids) == len(set(ids)), ids
    sections = [section for section in main.elements() if section.tag == "section"]
    assert sections and len(sections) == len(main.elements())
    for section in sections:
        heading = section.elements()[0]
        assert heading.tag == "h2" and section.attrs["aria-labelledby"] == heading.attrs["id"]
    for h3 in main.find("h3"):
        assert h3.parent is not None and h3.parent.tag == "section"
        assert h3.parent.elements()[0] is h3
    names = [section.elements()[0].text() for section in sections] + [
        region.attrs["aria-label"] for region in _regions(root)
    ]
    assert len(names) == len(set(names)), f"two landmarks share a name: {names}"
    if page.stem != "rollup":
        assert sections[0].elements()[0].text() == "Summary"


def _regions(root: Node) -> list[Node]:
    return [node for node in root.find("div") if node.attrs.get("role") == "region"]


@pytest.mark.parametrize("page", PAGES, indirect=True)
def test_every_table_has_a_caption_scoped_headers_and_row_headers(page: Path) -> None:
    root = parse(page.read_text(encoding="utf-8"))
    tables = list(root.find("table"))
    assert tables
    for table in tables:
        caption, thead, tbody = table.elements()
        assert caption.tag == "caption" and caption.text(), "a table without a caption"
        assert (thead.tag, tbody.tag) == ("thead", "tbody")
        (header,) = thead.elements()
        columns = header.elements()
        assert all(th.tag == "th" and th.attrs.get("scope") == "col" for th in columns)
        labels = [th.text() for th in columns]
        assert all(labels), f"{caption.text()}: an empty column header"
        rows = tbody.elements()
        assert rows, caption.text()
        for row in rows:
            head, *cells = row.elements()
            assert head.tag == "th" and head.attrs.get("scope") == "row", caption.text()
            assert head.text(), f"{caption.text()}: a row without a name"
            assert [cell.tag for cell in cells] == ["td"] * (len(columns) - 1)
            # Narrow screens label each cell with its column: the labels must match.
            assert [cell.attrs.get("data-label") for cell in cells] == labels[1:]
        # Anything that may scroll is a region a keyboard can reach, named by its caption.
        region = table.parent
        assert region is not None and region.attrs.get("role") == "region"
        assert region.attrs.get("tabindex") == "0"
        assert region.attrs.get("aria-label") == caption.text()


@pytest.mark.parametrize("page", ["sample", "long"], indirect=True)
def test_the_burnup_is_a_figure_with_its_figures_as_a_table(page: Path) -> None:
    root = parse(page.read_text(encoding="utf-8"))
    (figure,) = (found for found in root.find("figure") if found.attrs.get("class") == "burnup")
    region, caption = figure.elements()
    assert (region.attrs["role"], region.attrs["tabindex"]) == ("region", "0")
    assert region.attrs["aria-label"] == "Burn-up chart"
    (svg,) = region.elements()
    assert svg.tag == "svg" and svg.attrs["role"] == "img"
    assert svg.attrs["aria-label"].startswith("Burn-up: ")
    assert caption.tag == "figcaption" and "planned: actions due by each date" in caption.text()
    (details,) = (found for found in root.find("details") if "burn-up" in found.text())
    summary, table_region = details.elements()
    assert summary.tag == "summary" and summary.text() == "The burn-up as a table"
    (table,) = table_region.find("table")
    assert [th.text() for th in table.find("th")][:4] == ["Date", "Planned", "Done", "Projected"]
    rows = [row.elements() for row in next(table.find("tbody")).elements()]
    # Today's row gives the same counts the chart's description does.
    today = next(row for row in rows if row[0].text() == AS_OF)
    said = re.search(r"(\d+) of \d+ actions done by \S+ against (\d+) due", svg.attrs["aria-label"])
    assert said is not None and (today[2].text(), today[1].text()) == said.groups()


@pytest.mark.parametrize("page", ["sample"], indirect=True)
def test_behind_plan_is_said_in_words_and_drawn_in_a_pattern(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    # Social work assessments: 20% done against 40% planned.
    assert 'aria-label="20% done, 40% planned by now: behind plan"' in text
    assert 'aria-label="40% done, 40% planned by now: on plan"' in text
    rule = re.search(r"\.bar \.done\.behind[^{]*\{([^}]*)\}", text)
    assert rule is not None and "repeating-linear-gradient" in rule.group(1)


@pytest.mark.parametrize("page", ["long"], indirect=True)
def test_the_running_header_holds_the_title_as_inert_css(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    style = text[text.index("<style>") : text.index("</style>")]
    assert "</" not in style and "<b>" not in style  # the title cannot end the stylesheet
    header = re.search(r"@top-left \{ content: (\"[^\"]*\"); \}", style)
    assert header is not None
    decoded = re.sub(r"\\([0-9a-f]{6}) ", lambda m: chr(int(m.group(1), 16)), header.group(1))
    assert decoded.strip('"').startswith(HOSTILE_TITLE)


# --- in a browser ----------------------------------------------------------------------------


@pytest.mark.browser
def test_the_browser_runs_the_pinned_axe(browser: chromium.Browser, tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text('<!DOCTYPE html><html lang="en"><title>t</title><main>x</main></html>')
    browser.open(empty)
    assert browser.axe_version() == chromium.AXE_VERSION


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 768, 320])
@pytest.mark.parametrize("page", PAGES, indirect=True)
def test_axe_finds_nothing_and_the_page_fits(
    browser: chromium.Browser, page: Path, width: int
) -> None:
    browser.open(page, width)
    browser.open_details()  # so the chart's table is audited and measured too
    violations = browser.audit()
    assert not violations, "\n".join(map(str, violations))
    layout = browser.layout()
    # WCAG 1.4.10: no sideways scrolling of the page, even at 320 CSS pixels.
    assert layout.scroll_width <= layout.inner_width, layout
    assert not layout.scrolls_sideways, layout
    assert not layout.clipped, "\n".join(layout.clipped)


@pytest.fixture
def printed(
    browser: chromium.Browser, page: Path
) -> Callable[[], tuple[dict[str, str], list[str]]]:
    def run() -> tuple[dict[str, str], list[str]]:
        pdf = page.with_suffix(".pdf")
        pdf.write_bytes(browser.pdf(page))
        return chromium.pdf_info(pdf), chromium.pdf_text(pdf)

    return run


@pytest.mark.browser
@pytest.mark.parametrize("page", ["sample"], indirect=True)
def test_the_sample_prints_on_four_a4_pages_with_numbers(
    printed: Callable[[], tuple[dict[str, str], list[str]]],
) -> None:
    info, pages = printed()
    assert "(A4)" in info["Page size"], info
    count = int(info["Pages"])
    # Three pages until each impact measure gained its chart (v3).
    assert count <= 4, f"{count} pages"
    for number, text in enumerate(pages, 1):
        assert "Children's services improvement plan" in text.splitlines()[0]
        assert "Progress report as of 27 November 2026" in text.splitlines()[0]
        assert f"Page {number} of {count}" in text
    # The last page is more than the footer.
    assert "Impact behind trajectory" in pages[-1]


@pytest.mark.browser
@pytest.mark.parametrize("page", ["long"], indirect=True)
def test_a_long_table_repeats_its_header_row_on_each_page(
    printed: Callable[[], tuple[dict[str, str], list[str]]],
) -> None:
    _, pages = printed()
    overdue = [text for text in pages if re.search(r"ASM-\d+ +Action \d+", text)]
    assert len(overdue) > 2
    for text in overdue:
        assert re.search(r"\bID +Action +Owner +Due +RAG\b", text), text[:400]
