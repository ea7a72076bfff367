"""Hostile text: whatever a register holds, every output shows it as inert characters.

A register is filled with terminal escapes, C0 and C1 controls, Rich markup, HTML, Markdown
table breakers, spreadsheet formulas and bidi overrides, in every field a person can type,
and every output format is checked by the rules of that format: a terminal sees no escape
sequence but Rich's own colours, JSON stays valid with no raw control characters, Markdown
tables keep their columns, HTML has no script or event handler, JUnit parses as XML, and no
CSV cell starts a formula. Error messages that echo what was typed are held to the same.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner, Result

from improvetrack.cli import app
from improvetrack.files.store import dumps
from improvetrack.model.register import Action, Area, LogEntry, Measure, Plan, Reading, Register
from tests.conftest import Invoke

HOSTILE = [
    "\x1b[31mred\x1b[0m text",  # CSI: colour
    "\x1b[2J\x1b[Hcleared",  # CSI: clear the screen
    "\x1b]0;pwned title\x07",  # OSC: set the window title, ended by BEL
    "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x1bPdevice control\x1b\\",  # DCS
    "\x9b31mC1 CSI",  # C1 controls: CSI, OSC, ST, NEL
    "\x9d0;C1 title\x9c and \x85next",
    "bell\x07 back\x08space del\x7f nul\x00 vt\x0b ff\x0c",
    "[bold red]not bold[/bold red]",
    "[link=https://x.example]a link[/link]",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "a | b | c",
    "line one\nline two\r\nline three\rfour",
    '=HYPERLINK("http://x.example","y")',
    "+1+2",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "\u202eevil reversed\u202c",
    "\u2066isolated\u2069 and \u200bzero width",
    "\ufeffbyte order mark",
    "\u2028line separator\u2029paragraph",
    "non\ufffecharacters\uffff",
    "**bold** _em_ `code` ~~gone~~ # heading",
    "[text](https://x.example) ![img](x.png)",
    "&amp; &lt;b&gt; &#x3C;",
    "]]> <!-- comment --> <![CDATA[x]]>",
    "\\| escaped pipe \\",
    # Invisible format characters (Unicode category Cf) that hide or disguise text.
    "arabic\u061cletter mark, mongolian\u180evowel separator, soft\u00adhyphen",
    "word\u2060joiner \u2061function \u2062times \u2063separator \u2064plus",
    "deprecated \u206a\u206b\u206c\u206d\u206e\u206f formatting",
    "tags\U000e0001\U000e0041\U000e0062\U000e007f hidden",
    "\U000e0000reserved tag and interlinear \ufff9a\ufffab\ufffb",
    "every tag: " + "".join(map(chr, range(0xE0000, 0xE0080))),
    "noncharacters \ufdd0 \ufdef \U0001fffe \U0010ffff",
    # Formulas behind whitespace: spreadsheets skip it and still run the formula.
    " =1",
    "\n@SUM(A1)",
    "\u00a0=1+1",
]
MARKUP = "[bold red]not bold[/bold red]"

# Characters that must never reach an output raw: C0 (but newline), DEL, C1, the Unicode
# controls that reorder or hide text, every other invisible format character (but the
# joiners U+200C and U+200D), the tag characters, and noncharacters.
RAW = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u180e"
    "\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u2028\u2029"
    "\ufdd0-\ufdef\ufeff\ufff9-\ufffb\ufffe\uffff\U0001fffe\U0001ffff\U0010fffe\U0010ffff"
    "\U000e0000-\U000e007f]"
)
SGR = re.compile(r"\x1b\[[0-9;]*m")  # Rich's own colours


def hostile_register() -> Register:
    """Every text field a person can fill, filled with hostile strings."""
    count = len(HOSTILE)

    def pick(number: int) -> str:
        return HOSTILE[number % count]

    areas = {
        f"area-{n}": Area(
            f"area-{n}",
            title=pick(n),
            finding=pick(n + 1),
            lead=pick(n + 2),
            prefix=f"A{n}",
            measures=[
                Measure(
                    name=pick(n + 3),
                    unit=pick(n + 4),
                    baseline=10,
                    target=90,
                    current=40,
                    updated=date(2026, 10, 1),
                    history=[Reading(date(2026, 10, 1), 40)],
                )
            ],
        )
        for n in range(4)
    }
    keys = list(areas)
    statuses = ["not-started", "in-progress", "blocked", "done", "awaiting-sign-off", "dropped"]
    register = Register(
        Plan(
            title=f"Plan {MARKUP} \x1b]0;x\x07 <script>alert(1)</script> | =1",
            organisation=pick(5),
            inspectorate=pick(6),
            framework=pick(7),
            judgement=pick(8),
            inspected=date(2026, 6, 12),
            start=date(2026, 8, 3),
            next_inspection=date(2028, 6, 30),
        ),
        areas=areas,
    )
    moment = datetime(2026, 8, 10, 9, 30, tzinfo=UTC)
    for number, text in enumerate(HOSTILE):
        area = areas[keys[number % len(keys)]]
        status = statuses[number % len(statuses)]
        action_id = f"{area.prefix}-{number + 1}"
        register.actions[action_id] = Action(
            id=action_id,
            area=area.key,
            title=text,
            status=status,
            owner=pick(number + 1),
            # Some overdue, some due soon, so that every exception list shows register text.
            due=date(2026, 11, 1) + timedelta(days=7 * (number % 5)),
            created=date(2026, 8, 10),
            completed=date(2026, 11, 20) if status == "done" else None,
            signed_off_by=pick(number + 2) if status == "done" else None,
            measure=pick(number + 3),
            evidence=[pick(number + 4), pick(number + 5)],
            blocked_reason=pick(number + 6) if status == "blocked" else None,
            dropped_reason=pick(number + 7) if status == "dropped" else None,
            log=[
                LogEntry(moment, pick(number + 8), "created"),
                LogEntry(moment + timedelta(days=60), pick(number + 9), f"note: {text}"),
                LogEntry(
                    moment + timedelta(days=90),
                    "lead",
                    f"due: 2026-10-01 → {pick(number + 10)}",
                    field="due",
                    old="2026-10-01",
                    new="2026-11-01",
                ),
            ],
        )
    register.sort_actions()
    return register


@pytest.fixture
def hostile(tmp_path: Path) -> Register:
    register = hostile_register()
    # tomli-w writes each control character as a \\u escape, so the file itself is valid TOML.
    (tmp_path / "work" / "improvetrack.toml").write_text(dumps(register), encoding="utf-8")
    return register


TERMINAL = [
    ["status"],
    ["list"],
    ["log"],
    ["area", "list"],
    ["measure", "list"],
    ["timeline"],
    ["check"],
    ["report"],
    ["report", "--since", "2026-09-01", "--fail-on", "overdue,blocked"],
]


def _inert_on_a_terminal(text: str) -> None:
    plain = SGR.sub("", text)
    assert "\x1b" not in plain, _first_raw(plain)
    assert not RAW.search(plain), _first_raw(plain)


def _first_raw(text: str) -> str:
    match = RAW.search(text) or re.search("\x1b", text)
    return f"raw {match[0]!r} in …{text[max(0, match.start() - 60) : match.end() + 20]!r}…"


def _ids(register: Register) -> list[str]:
    return list(register.actions)


def _raw(*args: str) -> Result:
    """Run the command line with click's own stripping of escape sequences turned off, so
    that nothing but the product stands between register text and the terminal."""
    return CliRunner().invoke(app, list(args), color=True, catch_exceptions=False)


@pytest.mark.parametrize("colour", [True, False], ids=["colour", "no colour"])
def test_terminal_views_are_inert(
    hostile: Register, monkeypatch: pytest.MonkeyPatch, colour: bool
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    if colour:
        monkeypatch.delenv("NO_COLOR")
        monkeypatch.setenv("FORCE_COLOR", "1")
        monkeypatch.setenv("TERM", "xterm-256color")
    commands = [*TERMINAL, *(["show", i] for i in _ids(hostile))]
    coloured = 0
    for command in commands:
        result = _raw(*command)
        assert result.exit_code in (0, 1), result.output  # 1: check and --fail-on found things
        _inert_on_a_terminal(result.stdout)
        _inert_on_a_terminal(result.stderr)
        coloured += "\x1b[" in result.stdout
    # Rich's colour really was on, and its markup was never read from register text.
    assert coloured == (len(commands) - 1 if colour else 0)  # `check` prints plain text
    for command in (["list"], ["show", "A0-9"], ["status"], ["report"]):
        assert MARKUP in SGR.sub("", _raw(*command).stdout)


JSON_COMMANDS = [
    ["status", "--json"],
    ["list", "--json"],
    ["log", "--json"],
    ["area", "list", "--json"],
    ["measure", "list", "--json"],
    ["timeline", "--json"],
    ["check", "--json"],
    ["report", "-f", "json", "--since", "2026-09-01"],
]


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_json_is_valid_and_holds_no_raw_control_characters(
    invoke: Invoke, hostile: Register
) -> None:
    commands = [*JSON_COMMANDS, *(["show", i, "--json"] for i in _ids(hostile))]
    seen: set[str] = set()
    for command in commands:
        result = invoke(*command)
        assert result.exit_code in (0, 1), result.output
        assert not RAW.search(result.stdout), _first_raw(result.stdout)
        seen.update(_strings(json.loads(result.stdout)))
    # JSON is data: it carries the text exactly, escaped rather than replaced.
    assert set(HOSTILE) <= seen


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_report_has_no_script_or_event_handler(invoke: Invoke, hostile: Register) -> None:
    result = invoke("report", "-f", "html", "--since", "2026-09-01")
    assert result.exit_code == 0, result.output
    page = result.stdout
    assert not RAW.search(page), _first_raw(page)
    parser = _Page()
    parser.feed(page)
    parser.close()
    names = {tag for tag, _ in parser.tags}
    assert not names & {"script", "img", "iframe", "object", "embed", "a", "link", "base"}, names
    for tag, attributes in parser.tags:
        for name, value in attributes:
            assert not name.startswith("on"), (tag, name, value)
            assert "javascript:" not in (value or "").lower(), (tag, name, value)
    shown = "".join(parser.text)
    assert "<script>alert(1)</script>" in shown  # as text a reader can see
    assert '<img src=x onerror="alert(1)">' in shown


def _cells(row: str) -> list[str]:
    """Split a GFM table row as GitHub does: a backslash escapes the next character."""
    cells, current, index = [], "", 0
    body = row.strip()
    assert body.startswith("|") and body.endswith("|") and not body.endswith("\\|"), row
    body = body[1:-1]
    while index < len(body):
        char = body[index]
        if char == "\\" and index + 1 < len(body):
            current += body[index : index + 2]
            index += 2
            continue
        if char == "|":
            cells.append(current)
            current = ""
        else:
            current += char
        index += 1
    cells.append(current)
    return cells


def test_markdown_tables_keep_their_columns_and_html_stays_text(
    invoke: Invoke, hostile: Register
) -> None:
    result = invoke("report", "-f", "markdown", "--since", "2026-09-01")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert not RAW.search(text), _first_raw(text)
    assert not re.search(r"(?<!\\)<", text.replace("\\\\", "")), "raw < from the register"
    lines = text.splitlines()
    tables = 0
    for number, line in enumerate(lines):
        if (
            line.startswith("| ")
            and number + 1 < len(lines)
            and lines[number + 1].startswith("| ---")
        ):
            tables += 1
            width = len(_cells(line))
            for row in lines[number + 1 :]:
                if not row.startswith("|"):
                    break
                assert len(_cells(row)) == width, row
    assert tables >= 4  # areas, measures, and the exception lists
    # A newline in register text never starts a line of its own.
    assert not any(line.startswith(("line two", "line three", "four")) for line in lines)


def test_junit_report_parses_as_xml(invoke: Invoke, hostile: Register) -> None:
    result = invoke("report", "-f", "junit")
    assert result.exit_code == 0, result.output
    assert not RAW.search(result.stdout), _first_raw(result.stdout)
    root = ElementTree.fromstring(result.stdout.encode("utf-8"))
    names = [case.get("name", "") for case in root.iter("testcase")]
    assert any("<script>alert(1)</script>" in name for name in names)


FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _starts_a_formula(cell: str) -> bool:
    """Whether a spreadsheet would run the cell: it skips leading whitespace first."""
    return cell.lstrip().startswith(FORMULA)


@pytest.mark.parametrize(
    "command", [["report", "-f", "csv"], ["export"]], ids=["report csv", "export"]
)
def test_no_csv_cell_starts_a_formula(
    invoke: Invoke, hostile: Register, command: list[str]
) -> None:
    result = invoke(*command)
    assert result.exit_code == 0, result.output
    text = result.stdout.removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == len(HOSTILE) + 1
    for row in rows:
        for cell in row:
            assert not _starts_a_formula(cell), cell
            assert not RAW.search(cell.replace("\r\n", "")), _first_raw(cell)


ECHOED = [
    ["show", "\x1b[31mA0-1"],
    ["show", "\x1b]0;pwned\x07"],
    ["show", MARKUP],
    ["show", "\x9b2J"],
    ["log", "\u202eA0-1"],
    ["list", "--area", "\x1b]0;x\x07"],
    ["list", "--status", "\x1b[2Jdone"],
    ["status", "--area", "\x85area"],
    ["add", "\x1b[31marea-0", "title"],
    ["add", "area-0", "title", "--due", "\x1b]0;x\x07"],
    ["update", "A0-1", "--status", "\x9d0;x\x9c"],
    ["update", "\x1fa0-1\x85", "--note", "echoed ID"],
    ["--as-of", "\x1b[5m2026-01-01", "status"],
    ["report", "--fail-on", "\x1b[31moverdue"],
    ["report", "-f", "\x1b]8;;x\x1b\\"],
    ["measure", "set", "area-0", "\x1b[1mnope", "3"],
    ["measure", "set", "area-0", HOSTILE[3], "\x07"],
    ["export", "-f", "\x1b[31mxlsx"],
    ["list", "--\x1b[31mcolour"],
    ["show", "A0-1", "extra\x1b]0;x\x07"],
    ["\x1b[31mstatus"],
    ["init", "\x1b]0;pwned\x07.toml"],
    ["export", "--output", "\x9b2J.csv"],
]


@pytest.mark.parametrize("command", ECHOED, ids=[repr(" ".join(c)) for c in ECHOED])
def test_messages_that_echo_input_are_inert(hostile: Register, command: list[str]) -> None:
    result = _raw(*command)
    assert result.exit_code in (0, 2), result.output
    _inert_on_a_terminal(result.stdout)
    _inert_on_a_terminal(result.stderr)


def test_where_keeps_the_exact_path_for_scripts_but_says_how_inertly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "work" / "\x1b]0;pwned\x07"
    folder.mkdir()
    (folder / "improvetrack.toml").write_text(dumps(hostile_register()), encoding="utf-8")
    monkeypatch.chdir(folder)
    result = _raw("where")
    assert result.exit_code == 0, result.output
    # stdout is a path for `$(improvetrack where)`: exact, whatever it holds.
    assert result.stdout == f"{folder.resolve() / 'improvetrack.toml'}\n"
    _inert_on_a_terminal(result.stderr)
    assert result.stderr.startswith("(nearest improvetrack.toml from ")
