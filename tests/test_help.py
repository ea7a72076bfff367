"""Help that teaches: whole summaries, values named by what they are, the global options
on every page, and examples that really run against the sample plan."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from improvetrack.cli import app
from improvetrack.commands import COMMANDS as TABLE
from tests.conftest import ROOT, SAMPLE, Invoke
from tests.test_meta import COMMANDS

PAGES = [(), *COMMANDS]  # the top-level help, then every command's and group's
GROUPS = [
    command
    for command in COMMANDS
    if len(command) == 1 and command[0] in ("area", "plan", "measure")
]
PLACEHOLDER = re.compile(r"<\w[\w-]*>|\{\w[\w-]*\}|:(TEXT|INTEGER|PATH|FLOAT)\b")


def _help(*command: str) -> str:
    result = CliRunner().invoke(app, [*command, "--help"], prog_name="improvetrack")
    assert result.exit_code == 0, result.output
    return result.stdout


def _sections(page: str) -> dict[str, list[str]]:
    """Each `Heading:` of a help page and the lines under it."""
    found: dict[str, list[str]] = {}
    lines: list[str] = []
    for line in page.splitlines():
        if re.fullmatch(r"\S.*:", line):
            lines = found.setdefault(line[:-1], [])
        else:
            lines.append(line)
    return found


def examples(page: str) -> list[str]:
    return [
        line.strip()
        for line in _sections(page).get("Examples", [])
        if line.strip().startswith("improvetrack ")
    ]


def _listing(page: str) -> dict[str, list[str]]:
    """The rows of a page's command list: each name with its line and any lines after."""
    rows: dict[str, list[str]] = {}
    name = ""
    for line in _sections(page)["Commands"]:
        if match := re.match(r"  (\S+)\s+(.*)", line):
            name = match[1]
            rows[name] = [match[2]]
        elif line.strip():
            rows[name].append(line.strip())
    return rows


def _in_a_terminal(width: int, *command: str) -> str:
    """Help as a terminal of this width gets it (the test runner's own is always 80)."""
    environment = {**os.environ, "COLUMNS": str(width), "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "improvetrack", *command, "--help"],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    )
    return result.stdout


@pytest.mark.parametrize("width", [80, 120])
def test_every_summary_in_the_command_lists_is_whole_on_one_line(width: int) -> None:
    rows = _listing(_in_a_terminal(width))
    assert list(rows) == list(TABLE)
    for name, (_, summary) in TABLE.items():
        assert rows[name] == [summary], name
        assert not summary.endswith("..."), name
    for group in GROUPS:
        for name, lines in _listing(_in_a_terminal(width, *group)).items():
            whole = _help(*group, name).split("\n\n")[1].strip()
            assert lines == [whole], (group, name)
            assert not whole.endswith("..."), (group, name)


@pytest.mark.parametrize("command", PAGES, ids=lambda c: " ".join(c) or "improvetrack")
def test_help_names_every_value_and_fits_80_columns(command: tuple[str, ...]) -> None:
    page = _help(*command)
    for line in page.splitlines():
        assert not PLACEHOLDER.search(line), line
        assert len(line) <= 80, line


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_help_gives_the_global_options_and_ends_with_examples(
    command: tuple[str, ...],
) -> None:
    page = _help(*command)
    sections = _sections(page)
    assert list(sections)[-1] == "Examples", page
    assert examples(page), page
    global_options = "\n".join(sections["Global options (before or after the command)"])
    assert "--as-of DATE" in global_options
    assert "-r, --register PATH" in global_options


def _copy_of_the_sample(folder: Path, invoke: Invoke) -> None:
    """What the examples talk of: the sample as the register found here, three copies for
    the merge driver, and the sample exported as actions.csv for import."""
    for name in ("improvetrack.toml", "base.toml", "ours.toml", "theirs.toml"):
        shutil.copy(SAMPLE, folder / name)
    exported = invoke("export", "--output", "actions.csv")
    assert exported.exit_code == 0, exported.output


@pytest.mark.parametrize("command", PAGES, ids=lambda c: " ".join(c) or "improvetrack")
def test_the_examples_in_help_run(
    command: tuple[str, ...], invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each page's examples, in order, on a fresh copy of the sample, as of the pinned
    date: a condition found (exit 1) is fine, an error (exit 2) is a wrong example."""
    folder = tmp_path / "examples"
    folder.mkdir()
    monkeypatch.chdir(folder)
    _copy_of_the_sample(folder, invoke)
    for line in examples(_help(*command)):
        result: Result = invoke(*shlex.split(line)[1:])
        assert result.exit_code in (0, 1), (line, result.output)


def test_the_command_reference_page_is_current() -> None:
    from improvetrack.reference import PAGE, page

    written = (ROOT / PAGE).read_text(encoding="utf-8")
    assert written == page(), f"{PAGE} is out of date: run python -m improvetrack.reference"


@pytest.mark.parametrize("command", [(), ("update",), ("area", "add")], ids=str)
def test_the_reference_shows_the_help_a_terminal_of_80_columns_does(
    command: tuple[str, ...],
) -> None:
    from improvetrack.reference import page

    title = " ".join(("improvetrack", *command))
    shown = _in_a_terminal(80, *command).rstrip()
    assert f"## {title}\n\n```text\n{shown}\n```\n" in page()
