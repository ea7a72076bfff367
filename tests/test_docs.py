"""The docs run as written: every console block in README.md and docs/ is executed.

Each page is one story in one fresh folder. Its blocks run in order:

- a ```` ```toml file=NAME ```` (or ```` ```csv file=NAME ````) block writes NAME with the
  block's text;
- a ```` ```console ```` block holds commands after `$ ` (a line ending in `\\` goes on),
  each followed by the output the page shows; the command runs as the page says, with
  the date pinned (IMPROVETRACK_TODAY=2026-11-27 unless the command sets it, as
  `$ IMPROVETRACK_TODAY=2026-12-03 improvetrack …`), 80 columns and no colour, and its
  output (stdout and stderr, as a terminal shows them) must be the page's, character for
  character. A command that should fail ends in a comment saying so: `# exit 1`;
- a ```` ```python ```` block runs in the story's folder and must not fail;
- an HTML comment `<!-- today: 2026-12-14 -->`, which a reader does not see, moves the
  story's date on for the commands after it ("two weeks later…").

The story's folder shows as `~/plan` in outputs. Other blocks (```` ```sh ````, TOML
without `file=`) are not run. After changing what a command prints, rewrite the outputs
with `IMPROVETRACK_UPDATE_DOCS=1 pytest tests/test_docs.py` and read the diff.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from improvetrack.cli import app
from improvetrack.model.records import record

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
UPDATE = os.environ.get("IMPROVETRACK_UPDATE_DOCS") == "1"
SHOWN_AS = "~/plan"
FENCE = re.compile(r"^```(?P<info>[^\n]*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)
TODAY = re.compile(r"^<!-- today: (?P<day>\d{4}-\d\d-\d\d) -->$", re.MULTILINE)
EXIT = re.compile(r"\s+# exit (?P<code>\d+)$")


@record
class Command:
    line: str  # as the page shows it, after `$ `
    expected: str
    start: int  # where its output begins in the page, and ends
    end: int


@record
class Block:
    kind: str  # "file", "console" or "today"
    name: str  # the file a file block writes; the date a "today" block sets
    body: str
    commands: list[Command]


def blocks(text: str) -> Iterator[Block]:
    days = {found.start(): found["day"] for found in TODAY.finditer(text)}
    for fence in FENCE.finditer(text):
        for start in sorted(day for day in days if day < fence.start()):
            yield Block("today", days.pop(start), "", [])
        words = fence["info"].split()
        body, offset = fence["body"], fence.start("body")
        if words[:1] in (["toml"], ["csv"]) and any(word.startswith("file=") for word in words):
            name = next(word for word in words if word.startswith("file="))[5:]
            yield Block("file", name, body, [])
        elif words[:1] == ["console"]:
            yield Block("console", "", body, list(_commands(body, offset)))
        elif words[:1] == ["python"]:
            yield Block("python", "", body, [])


def _commands(body: str, offset: int) -> Iterator[Command]:
    """Each `$ ` command of a console block and the output under it."""
    lines = body.splitlines(keepends=True)
    position = offset
    index = 0
    while index < len(lines):
        line = lines[index]
        position += len(line)
        index += 1
        if not line.startswith("$ "):
            continue
        command = line[2:].rstrip("\n")
        while command.endswith("\\") and index < len(lines):
            command = command[:-1] + lines[index].strip()
            position += len(lines[index])
            index += 1
        start = position
        output = []
        while index < len(lines) and not lines[index].startswith("$ "):
            output.append(lines[index])
            position += len(lines[index])
            index += 1
        yield Command(command.strip(), "".join(output), start, position)


def run(command: str, folder: Path, today: str = "2026-11-27") -> tuple[str, int]:
    """Run one documented command in the story's folder: (what it prints, exit code)."""
    expected_code = 0
    if found := EXIT.search(command):
        expected_code = int(found["code"])
        command = command[: found.start()]
    words = shlex.split(command)
    env = {
        "IMPROVETRACK_TODAY": today,
        "COLUMNS": "80",
        "NO_COLOR": "1",
        "IMPROVETRACK_USER": "Improvement Programme Manager",
    }
    while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    assert words[:1] == ["improvetrack"], f"only improvetrack runs in the docs: {command!r}"
    result = CliRunner().invoke(
        app, words[1:], env=env, prog_name="improvetrack", catch_exceptions=False
    )
    shown = result.output.replace(str(folder), SHOWN_AS)
    shown = "\n".join(line.rstrip() for line in shown.splitlines())
    return (shown + "\n" if shown else ""), result.exit_code - expected_code


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_every_console_block_runs_as_the_page_shows(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "plan"
    folder.mkdir()
    monkeypatch.chdir(folder)
    text = page.read_text(encoding="utf-8")
    edits: list[tuple[int, int, str]] = []
    ran, today = 0, "2026-11-27"
    for block in blocks(text):
        if block.kind == "today":
            today = block.name
            continue
        if block.kind == "file":
            (folder / block.name).write_text(block.body, encoding="utf-8")
            continue
        if block.kind == "python":
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(block.body, f"{page.name} (python)", "exec"), {"__name__": "docs"})
            ran += 1
            continue
        for command in block.commands:
            shown, off = run(command.line, folder, today)
            ran += 1
            assert off == 0, f"{page.name}: `{command.line}` exited {off:+} from the page:\n{shown}"
            if UPDATE:
                edits.append((command.start, command.end, shown))
            else:
                assert shown == command.expected, f"{page.name}: `{command.line}`"
    if UPDATE and edits:
        for start, end, shown in reversed(edits):
            text = text[:start] + shown + text[end:]
        page.write_text(text, encoding="utf-8")
    if page.name in ("README.md", "register.md"):
        assert ran, f"{page.name} should show commands that run"


def test_a_hand_edited_output_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above can fail: an output edited by hand no longer matches."""
    monkeypatch.chdir(tmp_path)
    page = "```console\n$ improvetrack --version\nimprovetrack 0.0.0-edited\n```\n"
    (block,) = blocks(page)
    shown, off = run(block.commands[0].line, tmp_path)
    assert off == 0 and shown.startswith("improvetrack ")
    assert shown != block.commands[0].expected


def test_console_blocks_are_parsed_with_continuations_and_exit_codes() -> None:
    page = (
        '```console\n$ improvetrack add safe \\\n    "Audit"\nSF-1\n'
        "$ improvetrack check --strict  # exit 1\nwarning: …\n```\n"
    )
    (block,) = blocks(page)
    assert [c.line for c in block.commands] == [
        'improvetrack add safe "Audit"',
        "improvetrack check --strict  # exit 1",
    ]
    assert [c.expected for c in block.commands] == ["SF-1\n", "warning: …\n"]
    assert page[block.commands[0].start : block.commands[0].end] == "SF-1\n"
