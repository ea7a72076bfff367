"""The format table: every renderer through it, and everything derived from it.

`--format` is checked against `render.formats.FORMATS`, the shell offers its names and
`--help` lists them; a format still to come is one module and one line there.
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from improvetrack.cli import app
from improvetrack.commands.completion import candidates
from improvetrack.commands.settings import Settings
from improvetrack.errors import UsageError
from improvetrack.figures import report as reports
from improvetrack.figures.progress import compute
from improvetrack.files import store
from improvetrack.render import formats
from improvetrack.render.formats import EXPORT, REPORT, ROLLUP, Format
from tests.conftest import ROOT, SAMPLE, TODAY, Invoke

GOLDEN = Path(__file__).parent / "golden"
AS_OF = date.fromisoformat(TODAY)
# The golden reports are made with `--since 2026-10-25`, at 80 columns and without colour.
SINCE = "2026-10-25"

CALENDAR = Format("vcs", "tests.calendar_format", "a calendar", frozenset({REPORT}))
PAPER = Format(
    "odt", "tests.calendar_format", "an OpenDocument text", frozenset({REPORT, EXPORT}), binary=True
)


def _sample_report(since: str | None = SINCE) -> reports.Report:
    return reports.build(store.read(SAMPLE).register, AS_OF, since=since)


def _text(rendered: str | bytes) -> str:
    """As the golden copies hold it: the CLI test runner reads CRLF line ends as LF."""
    text = rendered.decode("utf-8") if isinstance(rendered, bytes) else rendered
    return text.replace("\r\n", "\n")


# A Word paper is a zip of XML parts: tests/test_word.py reads it back instead.
@pytest.mark.parametrize("name", [name for name in formats.names(REPORT) if name != "docx"])
def test_each_report_format_renders_as_its_golden_copy(name: str) -> None:
    rendered = formats.render(_sample_report(), name, width=80, colour=False)
    assert _text(rendered) == (GOLDEN / f"report-{name}.txt").read_text(encoding="utf-8")


def test_the_plain_text_report_is_its_golden_copy() -> None:
    rendered = formats.render(_sample_report(None), "text")
    assert rendered == (GOLDEN / "report-text-plain.txt").read_text(encoding="utf-8")


def test_the_csv_export_is_its_golden_copy() -> None:
    status = compute(store.read(SAMPLE).register, AS_OF)
    exported = formats.export(status, "csv")
    assert isinstance(exported, bytes) and exported.startswith(b"\xef\xbb\xbf")
    assert _text(exported) == (GOLDEN / "export-csv.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("entry", formats.FORMATS, ids=lambda entry: entry.name)
def test_each_module_has_what_its_entry_says_it_renders(entry: Format) -> None:
    from importlib import import_module

    module = import_module(entry.module)
    assert entry.renders, entry.name
    for kind, protocol in formats.PROTOCOLS.items():
        assert isinstance(module, protocol) == (kind in entry.renders), (entry.name, kind)


def test_the_table_names_each_format_once() -> None:
    spelt = [word for entry in formats.FORMATS for word in (entry.name, *entry.aliases)]
    assert len(spelt) == len(set(spelt))
    assert all(word == word.lower().strip() for word in spelt)


def test_what_each_command_offers() -> None:
    assert formats.names(REPORT) == (
        "text", "markdown", "json", "csv", "junit", "html", "ics", "docx"
    )  # fmt: skip
    assert formats.names(ROLLUP) == ("text", "markdown", "json", "html")
    assert formats.names(EXPORT) == ("csv", "xlsx")
    assert formats.listing(REPORT) == "text, markdown, json, csv, junit, html, ics or docx (Word)"
    assert formats.listing(EXPORT) == "csv or xlsx (Excel)"


def _help_line(*command: str) -> str:
    result = CliRunner().invoke(app, [*command, "--help"], prog_name="improvetrack")
    assert result.exit_code == 0, result.output
    # The help may wrap onto the next lines, up to its default or the next option.
    found = re.search(r"--format FORMAT\s+(.*?)\s*(\[default|\n\s+-|\Z)", result.stdout, re.S)
    assert found, result.stdout
    return " ".join(found[1].split())


def test_help_lists_the_formats_from_the_table() -> None:
    assert _help_line("report").startswith(f"{formats.listing(REPORT)}; without it,")
    assert _help_line("export").startswith(f"File format: {formats.listing(EXPORT)}; without")


@pytest.mark.parametrize(
    ("kind", "given", "output", "chosen"),
    [
        (REPORT, None, "board.html", "html"),
        (REPORT, None, "Board.HTM", "html"),
        (REPORT, None, "paper.md", "markdown"),
        (REPORT, None, "improvetrack-junit.xml", "junit"),
        (REPORT, None, "board.docx", "docx"),
        (REPORT, None, "mine.ics", "ics"),
        (REPORT, None, "/dev/stdout", "text"),  # no name to go by: the default
        (REPORT, None, "plan.xlsx", "text"),  # a workbook is not a report
        (REPORT, None, None, "text"),
        (REPORT, "json", "board.html", "json"),  # what --format says wins
        (EXPORT, None, "plan.xlsx", "xlsx"),
        (EXPORT, None, "plan.csv", "csv"),
        (EXPORT, None, "plan.html", "csv"),
    ],
)
def test_without_format_the_output_files_name_chooses_it(
    kind: str, given: str | None, output: str | None, chosen: str
) -> None:
    default = "text" if kind == REPORT else "csv"
    path = Path(output) if output else None
    found = formats.chosen(kind, given, path, default=default)  # type: ignore[arg-type]
    assert found.name == chosen


def test_a_report_named_html_is_an_html_page(invoke: Invoke, sample: Path) -> None:
    result = invoke("report", "--output", "board.html")
    assert result.exit_code == 0, result.output
    assert result.stderr == "Wrote the report to board.html (an HTML page)\n"
    assert Path("board.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("kind", "typed", "chosen"),
    [(REPORT, "md", "markdown"), (REPORT, " HTML ", "html"), (EXPORT, "XLSX", "xlsx")],
)
def test_a_name_is_read_in_any_case_or_as_an_alias(kind: str, typed: str, chosen: str) -> None:
    assert formats.check(kind, typed).name == chosen  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "typed", "message"),
    [
        (
            REPORT,
            "pdf",
            "--format: unknown format 'pdf'; expected one of text, markdown, json, csv, "
            "junit, html",
        ),
        (REPORT, "xlsx", "--format: unknown format 'xlsx'; expected one of text,"),
        (EXPORT, "ods", "--format 'ods': expected one of csv, xlsx"),
        (EXPORT, "md", "--format 'md': expected one of csv, xlsx"),
    ],
)
def test_an_unknown_name_is_refused_with_the_choices(kind: str, typed: str, message: str) -> None:
    with pytest.raises(UsageError) as refused:
        formats.check(kind, typed)  # type: ignore[arg-type]
    assert str(refused.value).startswith(message)


def test_a_binary_format_is_refused_on_a_terminal_only() -> None:
    assert formats.check(EXPORT, "xlsx").binary
    assert formats.check(EXPORT, "csv", terminal=True).name == "csv"
    with pytest.raises(UsageError) as refused:
        formats.check(EXPORT, "xlsx", terminal=True)
    assert str(refused.value) == (
        "--format xlsx: a workbook is not text; write it with --output FILE.xlsx"
    )


def test_a_roll_up_is_refused_in_a_format_that_cannot_show_one() -> None:
    with pytest.raises(UsageError) as refused:
        formats.render_rollup(None, "junit")  # type: ignore[arg-type]
    assert str(refused.value) == (
        "--format junit: a report on several plans comes as text, markdown, json, html"
    )


def test_checking_and_listing_import_no_renderer() -> None:
    script = (
        "import sys\n"
        "from improvetrack.render import formats\n"
        "for kind in (formats.REPORT, formats.ROLLUP, formats.EXPORT):\n"
        "    formats.listing(kind)\n"
        "    for name in formats.names(kind): formats.check(kind, name)\n"
        "print(sorted(m for m in sys.modules if m.startswith('improvetrack')))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    loaded = result.stdout.strip()
    assert loaded == str(
        [
            "improvetrack",
            "improvetrack.errors",
            "improvetrack.render",
            "improvetrack.render.formats",
        ]
    )


# --- a format added to the table --------------------------------------------------------


@pytest.fixture
def more(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formats, "FORMATS", (*formats.FORMATS, CALENDAR, PAPER))


@pytest.mark.usefixtures("more")
def test_a_new_format_is_checked_offered_and_rendered(invoke: Invoke) -> None:
    assert formats.check(REPORT, "VCS") == CALENDAR
    assert formats.names(REPORT)[-2:] == ("vcs", "odt")
    assert formats.listing(REPORT).endswith(", ics, docx (Word), vcs or odt")
    assert [value for value, _ in candidates("format", Settings(), "v")] == ["vcs"]
    assert [value for value, _ in candidates("export-format", Settings(), "")] == [
        "csv",
        "xlsx",
        "odt",
    ]
    result = invoke("-r", str(SAMPLE), "report", "--format", "vcs")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2:] == ["WIDTH:80", "END:VCALENDAR"]
    assert "DUE:TRN-2:" in result.stdout
    refused = invoke("-r", str(SAMPLE), "report", "--format", "pdf")
    assert refused.exit_code == 2
    assert refused.stderr.strip().endswith(
        "expected one of text, markdown, json, csv, junit, html, ics, docx, vcs, odt"
    )


@pytest.mark.usefixtures("more")
def test_a_new_binary_format_goes_to_a_file(invoke: Invoke, tmp_path: Path) -> None:
    with pytest.raises(
        UsageError, match=r"an OpenDocument text is not text; write it with --output FILE\.odt"
    ):
        formats.check(REPORT, "odt", terminal=True)
    target = tmp_path / "plan.odt"
    result = invoke("-r", str(SAMPLE), "export", "--format", "odt", "--output", str(target))
    assert result.exit_code == 0, result.output
    actions = len(store.read(SAMPLE).register.actions)
    assert target.read_bytes() == b"PK\x03\x04" + str(actions).encode()


# --- the screens a command shows ---------------------------------------------------------


def test_every_screen_a_command_names_has_its_json_and_its_view() -> None:
    from improvetrack.render import output

    named = set()
    for path in (ROOT / "src" / "improvetrack" / "commands").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        named.update(re.findall(r"\.result\(\s*\"(\w+)\"", text))
    assert "status" in named and "plan" in named
    for view in named:
        assert callable(output._data_of(view)), view
        assert callable(output._screen_of(view)), view
    with pytest.raises(KeyError):
        output._screen_of("nothing")
