"""`report --format docx`: the board paper in Word, read back with python-docx, and once
laid out by LibreOffice as a PDF."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.shared import Cm

from improvetrack.figures.report import build
from improvetrack.files import store
from improvetrack.model.register import Measure, Reading, Register
from improvetrack.render import formats
from improvetrack.render.docx import clean
from improvetrack.render.output import Output
from tests.builders import large
from tests.conftest import SAMPLE, TODAY, Invoke

TITLE = "Children's services improvement plan"


def _paper(invoke: Invoke, *args: str, name: str = "paper.docx") -> WordDocument:
    result = invoke("-r", str(SAMPLE), "report", "--format", "docx", "--output", name, *args)
    assert result.exit_code == 0, result.output
    return Document(name)


@pytest.fixture(scope="module")
def paper(tmp_path_factory: pytest.TempPathFactory) -> WordDocument:
    """The sample's paper as of the tests' date, written once for the tests that read it."""
    register = store.read(SAMPLE).register
    report = build(register, date.fromisoformat(TODAY))
    data = formats.render(report, "docx")
    assert isinstance(data, bytes)
    path = tmp_path_factory.mktemp("word") / "paper.docx"
    path.write_bytes(data)
    return Document(str(path))


def _headings(document: WordDocument) -> list[tuple[int, str]]:
    """(level, text) of each heading, the Title as level 0."""
    found = []
    for paragraph in document.paragraphs:
        name = paragraph.style.name if paragraph.style is not None else ""
        if name == "Title":
            found.append((0, paragraph.text))
        elif name.startswith("Heading "):
            found.append((int(name.split()[1]), paragraph.text))
    return found


def _body(document: WordDocument) -> list[object]:
    """The body's paragraphs and tables in order, as python-docx objects' XML elements."""
    return list(document.element.body.iterchildren())


def test_the_paper_has_its_title_language_and_page(paper: WordDocument) -> None:
    core = paper.core_properties
    assert core.title == TITLE and core.language == "en-GB"
    languages = {lang.get(qn("w:val")) for lang in paper.styles.element.iter(qn("w:lang"))}
    assert languages == {"en-GB"}
    defaults = paper.styles.element.find(qn("w:docDefaults"))
    assert defaults is not None and defaults.find(f".//{qn('w:lang')}") is not None
    (section,) = paper.sections
    # Held in twentieths of a point: within a hundredth of a millimetre.
    assert abs(section.page_width - Cm(21.0)) < Cm(0.001)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.001)
    assert section.page_width < section.page_height  # portrait
    for margin in (section.left_margin, section.right_margin, section.top_margin,
                   section.bottom_margin):  # fmt: skip
        assert margin == Cm(2.54)
    assert section.header.paragraphs[0].text == TITLE
    footer = section.footer.paragraphs[0]._p
    fields = [f.get(qn("w:instr")).strip() for f in footer.iter(qn("w:fldSimple"))]
    assert fields == ["PAGE", "NUMPAGES"]
    words = "".join(t.text or "" for t in footer.iter(qn("w:t")) if t.getparent().getparent().tag
                    != qn("w:fldSimple"))  # fmt: skip
    assert words == "Page  of "


def test_headings_use_words_own_styles_with_no_level_skipped(paper: WordDocument) -> None:
    headings = _headings(paper)
    assert headings[0] == (0, TITLE)
    assert [level for level, _ in headings].count(0) == 1
    for (before, _), (level, text) in pairwise(headings):
        assert 1 <= level <= 3 and level <= before + 1, text


def test_the_sections_come_in_the_html_papers_order(paper: WordDocument, invoke: Invoke) -> None:
    page = invoke("-r", str(SAMPLE), "report", "--format", "html").stdout
    html = [re.sub(r"<[^>]+>", "", title) for title in re.findall(r"<h2[^>]*>(.*?)</h2>", page)]
    word = [text for level, text in _headings(paper) if level == 1]
    assert word == html
    assert word[:3] == ["Summary", "Decisions for the board", "Areas for improvement"]


def test_every_table_has_a_caption_a_header_row_that_repeats_and_rows_kept_whole(
    paper: WordDocument,
) -> None:
    body = _body(paper)
    tables = [i for i, element in enumerate(body) if element.tag == qn("w:tbl")]
    assert len(tables) == len(paper.tables) >= 10
    for number, (index, table) in enumerate(zip(tables, paper.tables, strict=True), 1):
        caption = body[index - 1]
        style = caption.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        assert style is not None and style.get(qn("w:val")) == "Caption"
        text = "".join(t.text or "" for t in caption.iter(qn("w:t")))
        assert text.startswith(f"Table {number}: "), text
        first = table.rows[0]._tr
        assert first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        assert all(not r._tr.findall(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
                   for r in table.rows[1:])  # fmt: skip
        # No row is split between two pages: a board member reads an action's row whole.
        assert all(r._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
                   for r in table.rows)  # fmt: skip


def test_a_rag_is_a_word_in_its_colour(paper: WordDocument) -> None:
    """TRN-2 is blocked: RED from its dates and RED from its lead, each a bold word."""
    row = next(
        row for table in paper.tables for row in table.rows if row.cells[0].text == "TRN-2 (2.2)"
    )
    header = [cell.text for cell in paper.tables[1].rows[0].cells]
    assert header[:6] == ["ID", "Action", "Owner", "Due", "RAG", "Lead's RAG"]
    run = row.cells[4].paragraphs[0].runs[0]
    assert run.text == "RED" and run.bold
    assert str(run.font.color.rgb) == "B3261E"
    lead = "".join(r.text for r in row.cells[5].paragraphs[0].runs)
    assert lead == "RED"
    optimistic = next(
        row for table in paper.tables for row in table.rows if row.cells[0].text == "ASM-4 (1.4)"
    )
    assert optimistic.cells[5].text == "GREEN, better than the dates"


def test_charts_are_pictures_with_alt_text_and_their_figures_in_a_table(
    paper: WordDocument,
) -> None:
    body = _body(paper)
    pictures = [i for i, e in enumerate(body) if e.findall(f".//{qn('wp:docPr')}")]
    # Five measures and the burn-up.
    assert len(pictures) == len(paper.inline_shapes) == 6
    for index in pictures:
        (properties,) = body[index].findall(f".//{qn('wp:docPr')}")
        alt = properties.get("descr")
        assert alt and ": " in alt, alt
        caption = "".join(t.text or "" for t in body[index + 1].iter(qn("w:t")))
        assert caption.startswith("Figure ") and alt in caption
        # The chart's figures follow in a table.
        following = body[index + 1 : index + 6]
        assert any(e.tag == qn("w:tbl") for e in following)
    assert "rose from 48% to 61% since July 2026" in body[pictures[0]].findall(
        f".//{qn('wp:docPr')}"
    )[0].get("descr")
    burnup = body[pictures[-1]].findall(f".//{qn('wp:docPr')}")[0].get("descr")
    assert burnup.startswith("Burn-up to the inspection: 5 of 17 actions done by 2026-11-27")


def test_nothing_to_edit_is_a_picture_or_a_text_box(paper: WordDocument) -> None:
    xml = paper.element.xml
    assert "txbxContent" not in xml and "v:textbox" not in xml and "wps:wsp" not in xml
    texts = [cell.text for table in paper.tables for row in table.rows for cell in row.cells]
    assert any("Agree a joint transitions protocol" in text for text in texts)
    said = " ".join(p.text for p in paper.paragraphs)
    assert "Behind plan: 5 of 17 actions are done (29%)" in said


def test_area_owner_and_since_narrow_the_paper(invoke: Invoke) -> None:
    one = _paper(invoke, "--area", "transitions", name="area.docx")
    cells = {cell.text for table in one.tables for row in table.rows for cell in row.cells}
    assert "TRN-2 (2.2)" in cells and "ASM-4 (1.4)" not in cells
    owner = _paper(invoke, "--owner", "Virtual School Headteacher", name="owner.docx")
    ids = {row.cells[0].text for table in owner.tables for row in table.rows}
    assert "EDU-4 (3.4)" in ids and "TRN-2 (2.2)" not in ids
    since = _paper(invoke, "--since", "2026-10-25", name="since.docx")
    assert (1, "Since 25 October 2026") in _headings(since)
    assert any(text.startswith("RAG moves") for _, text in _headings(since))


def test_the_same_plan_gives_the_same_bytes(invoke: Invoke) -> None:
    _paper(invoke, name="a.docx")
    _paper(invoke, name="b.docx")
    assert Path("a.docx").read_bytes() == Path("b.docx").read_bytes()


def test_a_word_paper_is_not_written_to_a_terminal(
    invoke: Invoke, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patched:
        patched.setattr(Output, "is_terminal", property(lambda self: True))
        result = invoke("report", "--format", "docx")
    assert result.exit_code == 2
    assert result.stderr == "error: --format docx: write it to a file with --output FILE\n"
    assert [path.name for path in Path().iterdir()] == ["improvetrack.toml"]  # nothing written
    piped = invoke("report", "--format", "docx")
    assert piped.exit_code == 0 and piped.stdout_bytes.startswith(b"PK")


HOSTILE = "Plan \x01\x0b\x1f\ufffe\uffff end \u202e \ud800 lone"


def test_characters_a_word_file_cannot_hold_are_removed() -> None:
    assert clean(HOSTILE) == "Plan  end \ufffd  lone"
    assert clean("tab\there\nand\rmore") == "tab here and more"


def test_hostile_register_text_makes_a_paper_not_a_traceback(tmp_path: Path) -> None:
    """Held in the register (TOML can hold all but the surrogates), or put into the model
    from Python (which can hold those too)."""
    register = store.read(SAMPLE).register
    register.plan.title = HOSTILE
    action = register.actions["TRN-2"]
    action.title = "Agree \x07 a protocol \ud83d with \x00 the ICB"
    action.blocked_reason = "\x1b[31m red \ufffe"
    data = formats.render(build(register, date.fromisoformat(TODAY)), "docx")
    assert isinstance(data, bytes)
    (tmp_path / "hostile.docx").write_bytes(data)
    document = Document(str(tmp_path / "hostile.docx"))
    assert document.core_properties.title == "Plan  end \ufffd  lone"
    assert document.sections[0].header.paragraphs[0].text == "Plan  end \ufffd  lone"
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any(text.startswith("Agree  a protocol  with  the ICB") for text in cells)
    assert any("[31m red " in text for text in cells)


def test_hostile_text_in_a_register_file(invoke: Invoke, sample: Path) -> None:
    text = sample.read_text(encoding="utf-8")
    text = text.replace(f'title = "{TITLE}"', 'title = "Plan \\u0001\\u000b\\uFFFE end"', 1)
    sample.write_text(text, encoding="utf-8")
    result = invoke("report", "--format", "docx", "--output", "h.docx")
    assert result.exit_code == 0, result.output
    assert Document("h.docx").core_properties.title == "Plan  end"


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _long_register() -> Register:
    """A bigger plan than the sample, its areas, themes, leads and measures with long
    names, as a council's own register might have them."""
    register = large(40, title="A longer plan")
    for number, area in enumerate(register.areas.values(), 1):
        area.title = f"Safeguarding adolescents at risk of exploitation outside the home {number}"
        area.ref = str(number)
        area.theme = "Multi-agency safeguarding partnership arrangements and their oversight"
        area.lead = "Head of Service, Safeguarding, Quality Assurance and Independent Reviewing"
        area.sponsor = "Director of Children's Services and Statutory Safeguarding Partner"
        area.measures = [
            Measure(
                f"Proportion of strategy discussions held within one working day {number}",
                unit="%",
                baseline=40 + number,
                target=90,
                current=50 + 3 * number,
                updated=date(2026, 10, 31),
                history=[
                    Reading(date(2026, 7, 31), 40 + number),
                    Reading(date(2026, 10, 31), 50 + 3 * number),
                ],
            )
        ]
    return register


@pytest.fixture(scope="module")
def prints(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Papers as LibreOffice lays them out, as PDFs: the sample's, and a longer register's
    since a date, each name to its .docx and its .pdf. One LibreOffice run for them all,
    with a profile of its own, for the tests that read the printed pages."""
    soffice = _soffice()
    tools = ("pdfinfo", "pdftotext")
    if soffice is None or any(shutil.which(tool) is None for tool in tools):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true, so LibreOffice, pdfinfo and pdftotext must be installed")
        pytest.skip("no LibreOffice (apt-get install libreoffice-writer-nogui) or poppler-utils")
    folder = tmp_path_factory.mktemp("printed")
    today = date.fromisoformat(TODAY)
    reports = {
        "sample": build(store.read(SAMPLE).register, today),
        "long": build(_long_register(), today, since=date(2026, 10, 1)),
    }
    papers = {}
    for name, report in reports.items():
        data = formats.render(report, "docx")
        assert isinstance(data, bytes)
        (folder / f"{name}.docx").write_bytes(data)
        papers[name] = (folder / f"{name}.docx", folder / f"{name}.pdf")
    profile = (folder / "profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), *(str(docx) for docx, _ in papers.values())],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return papers


@pytest.fixture(scope="module")
def printed(prints: dict[str, tuple[Path, Path]]) -> Path:
    """The sample's paper as printed."""
    return prints["sample"][1]


def test_libreoffice_prints_the_sample_on_six_a4_pages_at_most(printed: Path) -> None:
    info = subprocess.run(
        ["pdfinfo", str(printed)], check=True, capture_output=True, text=True
    ).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])  # type: ignore[index]
    assert 1 <= pages <= 6, info
    assert "(A4)" in re.search(r"^Page size:.*$", info, re.M)[0]  # type: ignore[index]


def _printed_words(pdf: Path) -> list[str]:
    """The printed words in the order they are drawn: a table's cell by cell, each cell's
    lines in turn. A word a line broke at its hyphen ("lived-" / "experience") is one."""
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    words: list[str] = []
    for word in text.split():
        if words and len(words[-1]) > 1 and words[-1].endswith("-"):
            words[-1] += word
        else:
            words.append(word)
    return words


def _broken_words(docx: Path, pdf: Path, *, cells: bool) -> list[str]:
    """Each table's words the print does not show whole: its header row's, which must come
    right after its caption in order, and (with CELLS) its other rows', which must all be
    printed between its caption and the next table's. A word broken across lines
    ("Don" / "e") is two printed words, neither of them the word."""
    document = Document(str(docx))
    body = _body(document)
    places = [n for n, element in enumerate(body) if element.tag == qn("w:tbl")]
    printed = _printed_words(pdf)
    starts = []
    for place in places:
        caption = "".join(t.text or "" for t in body[place - 1].iter(qn("w:t"))).split()
        after = starts[-1] if starts else 0
        starts.append(next(n for n in range(after, len(printed))
                           if printed[n : n + 2] == caption[:2]) + len(caption))  # fmt: skip
    broken = []
    for number, (table, start) in enumerate(zip(document.tables, starts, strict=True), 1):
        header = " ".join(cell.text for cell in table.rows[0].cells).split()
        shown = printed[start : start + len(header)]
        if shown != header:
            broken.append(f"Table {number} header: {' '.join(shown)}")
        if cells:
            end = starts[number] if number < len(starts) else len(printed)
            words = Counter(w for row in table.rows[1:] for c in row.cells for w in c.text.split())
            if missing := words - Counter(printed[start:end]):
                broken.append(f"Table {number} cells: {' '.join(sorted(missing))}")
    return broken


def test_no_word_of_the_samples_tables_is_broken_in_print(
    prints: dict[str, tuple[Path, Path]],
) -> None:
    """Read from the printed page, not the file: whether a word fits its column depends on
    the font the reader's Word or LibreOffice lays it out in, which only the print shows.
    The impact table's header, as it was broken once ("Baselin" / "e"), and every other
    word of every table, header or not."""
    docx, pdf = prints["sample"]
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    lines = text.splitlines()
    caption = next(n for n, line in enumerate(lines) if "Impact measures by area" in line)
    header = next(line for line in lines[caption + 1 :] if line.strip())
    words = ["Area", "Measure", "Baseline", "Current", "Target", "Expected", "Trajectory",
             "Impact"]  # fmt: skip
    assert header.split() == words, "\n".join(lines[caption : caption + 4])
    assert len(Document(str(docx)).tables) >= 18
    assert _broken_words(docx, pdf, cells=True) == []


def test_a_longer_registers_table_headers_are_printed_whole(
    prints: dict[str, tuple[Path, Path]],
) -> None:
    """Long area, theme, lead and measure names wrap in their own columns and take no room
    from the figures' headers; its tables run over pages and the since-a-date ones show."""
    docx, pdf = prints["long"]
    document = Document(str(docx))
    assert len(document.tables) >= 12
    texts = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any(text.startswith("Theme: Multi-agency safeguarding") for text in texts)
    assert any(text.startswith("Proportion of strategy discussions") for text in texts)
    captions = [p.text for p in document.paragraphs if p.text.startswith("Table ")]
    assert any(text.endswith("Since 1 October 2026: areas then and now") for text in captions)
    assert _broken_words(docx, pdf, cells=False) == []


@pytest.mark.parametrize(
    ("args", "loads"),
    [
        (["status"], False),
        (["report", "--format", "html"], False),
        (["report", "--format", "markdown", "--since", "2026-10-25"], False),
        (["report", "--format", "docx", "--output", "p.docx"], True),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else str(value),
)
def test_python_docx_and_pillow_load_only_for_a_word_paper(
    args: list[str], loads: bool, tmp_path: Path
) -> None:
    script = (
        "import sys; from improvetrack.cli import main\n"
        f"sys.argv = ['improvetrack', '-r', {str(SAMPLE)!r}, *{args!r}]\n"
        "try: main()\nexcept SystemExit: pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'docx', 'PIL', 'lxml'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path,
        env={**os.environ, "IMPROVETRACK_TODAY": TODAY},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    loaded = result.stdout.strip().splitlines()[-1]
    assert loaded == str(["PIL", "docx", "lxml"] if loads else []), loaded
