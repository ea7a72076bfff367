"""Words for a board, in every paper (html, markdown, text, docx): no commands to type,
areas by their titles, one meaning for each symbol with its key under the table, each
figure said once; and the Markdown read as CommonMark with GFM tables by markdown-it-py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from markdown_it import MarkdownIt
from markdown_it.token import Token

from tests.conftest import MINIMAL, SAMPLE, Invoke

PAPERS = ("html", "markdown", "text", "docx")
SINCE = ("--since", "2026-10-25")
# A command line, as a paper must not give one: the name, then a word (not a version).
COMMAND = re.compile(r"improvetrack +(?!\d)[a-z-]+|`")
KEY = "Key: ▲ improved, ▼ worse, since then."


def _paper(invoke: Invoke, name: str, *args: str, register: Path = SAMPLE) -> str:
    """The paper as text: a Word paper's paragraphs and table cells in order."""
    if name == "docx":
        result = invoke("-r", str(register), "report", "--format", "docx", "--output", "p.docx",
                        *args)  # fmt: skip
        assert result.exit_code == 0, result.output
        document = Document("p.docx")
        cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    result = invoke("-r", str(register), "report", "--format", name, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("name", PAPERS)
@pytest.mark.parametrize("since", [(), SINCE], ids=["now", "since"])
def test_a_paper_says_what_the_board_decides_not_what_to_type(
    invoke: Invoke, name: str, since: tuple[str, ...]
) -> None:
    paper = _paper(invoke, name, *since)
    assert not COMMAND.findall(paper), COMMAND.findall(paper)
    flat = " ".join(paper.split())
    assert "the board agrees each revised date" in flat


@pytest.mark.parametrize("name", PAPERS)
def test_a_bare_plan_gives_no_command_either(invoke: Invoke, write: object, name: str) -> None:
    """No next inspection, no start, no actions: the screens say what to run; a paper
    does not."""
    register = write(MINIMAL.replace("next_inspection = 2028-06-30\n", ""))  # type: ignore[operator]
    paper = _paper(invoke, name, register=register)
    assert not COMMAND.findall(paper), COMMAND.findall(paper)


@pytest.mark.parametrize("name", PAPERS)
def test_areas_are_named_by_their_titles(invoke: Invoke, name: str) -> None:
    paper = _paper(invoke, name, *SINCE)
    for key in ("assessments", "transitions", "education", "understanding"):
        # A key alone in a cell, in brackets, or first on a line: where a title belongs.
        assert not re.search(rf"[|>(]\s*{key}\s*[|<)]|^{key}\s", paper, re.M), key
    assert "Education of children in care" in paper


def test_the_text_paper_says_each_figure_once(invoke: Invoke) -> None:
    flat = " ".join(_paper(invoke, "text").split())
    assert flat.count("slipped past") == 1
    assert flat.count("better than the dates give") == 0
    assert flat.count("1 lead reports a better RAG than the dates give") == 1


def test_the_markdown_headline_does_not_repeat_the_summary(invoke: Invoke) -> None:
    paper = _paper(invoke, "markdown")
    assert paper.count("5 of 17 actions") == 1
    assert "**Overall delivery:** 🔴 RED" in paper


def _tables(tokens: list[Token]) -> list[list[Token]]:
    found: list[list[Token]] = []
    for token in tokens:
        if token.type == "table_open":
            found.append([])
        if found and token.type != "table_open" and (not found[-1] or found[-1][-1].type !=
                                                      "table_close"):  # fmt: skip
            found[-1].append(token)
    return found


def _parse(text: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(text)


def _check_markdown(text: str) -> list[Token]:
    """No raw HTML, no backslash in a code span, and every table the text means to have
    parses as a table with as many rows as the text gives it."""
    tokens = _parse(text)
    every = [t for token in tokens for t in [token, *(token.children or [])]]
    assert not [t.content for t in every if t.type in ("html_inline", "html_block")]
    assert not [t.content for t in every if t.type == "code_inline" and "\\" in t.content]
    meant = list(re.finditer(r"^(\|.*\|)\n\| ---( \| ---)* \|\n((\|.*\|\n)*)", text, re.M))
    tables = _tables(tokens)
    assert len(tables) == len(meant) >= 1
    for table, match in zip(tables, meant, strict=True):
        rows = sum(t.type == "tr_open" for t in table)
        assert rows == 1 + match[3].count("\n"), match[1]
        columns = match[1].count(" | ") + 1
        assert all(
            sum(c.type in ("td_open", "th_open") for c in row) == columns for row in _rows(table)
        )
    return tokens


def _rows(table: list[Token]) -> list[list[Token]]:
    rows: list[list[Token]] = []
    for token in table:
        if token.type == "tr_open":
            rows.append([])
        elif rows:
            rows[-1].append(token)
    return rows


@pytest.mark.parametrize("since", [(), SINCE], ids=["now", "since"])
def test_the_markdown_parses_as_written(invoke: Invoke, since: tuple[str, ...]) -> None:
    _check_markdown(_paper(invoke, "markdown", *since))


HOSTILE = "Read <script>alert(1)</script> `code \\` here` | a | b [x](javascript:y) *em* &amp;"


def test_hostile_register_text_stays_text_in_the_markdown(invoke: Invoke, sample: Path) -> None:
    text = sample.read_text(encoding="utf-8")
    quoted = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace('title = "Agree a joint transitions protocol with adult social care and '
                        'the ICB"', f'title = "{quoted}"')  # fmt: skip
    sample.write_text(text, encoding="utf-8")
    paper = _paper(invoke, "markdown", *SINCE, register=sample)
    tokens = _check_markdown(paper)
    said = " ".join(t.content for token in tokens for t in token.children or [] if t.type == "text")
    assert "<script>alert(1)</script>" in said  # shown as the text it is
    assert not [t for token in tokens for t in token.children or [] if t.type == "link_open"]


@pytest.mark.parametrize("name", ["markdown", "text", "html"])
def test_a_table_with_arrows_has_their_key_under_it(invoke: Invoke, name: str) -> None:
    paper = _paper(invoke, name, *SINCE)
    assert KEY in paper
    if name == "markdown":
        blocks = paper.split("\n\n")
        for index, block in enumerate(blocks):
            if block.startswith("|") and re.search("[▲▼]", block):
                assert blocks[index + 1] == KEY, block[:60]
    if name == "html":
        tables = re.split(r"(?=<table)", paper)[1:]
        for part in tables:
            body, _, after = part.partition("</table>")
            if re.search("[▲▼]", body):
                assert f'<p class="note">{KEY}</p>' in after[:120], body[:80]
    # ▲ means improved: never the lead's RAG against the dates.
    assert "GREEN ▲" not in paper and "▲ better" not in paper
