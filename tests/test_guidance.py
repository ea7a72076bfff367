"""Errors and empty states that show the way: what went wrong, and what would work."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from improvetrack.model.register import closest
from tests.conftest import MINIMAL, SAMPLE, Invoke

AREAS = "areas are: assessments, transitions, education, understanding"


def fails_cleanly(result, *needles: str) -> str:  # type: ignore[no-untyped-def]
    """One line on stderr, exit 2, no traceback; returns the line."""
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), lines
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in lines[0], lines[0]
    return str(lines[0])


# --- areas ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["status", "--area", "nowhere"],
        ["list", "--area", "nowhere"],
        ["report", "--area", "nowhere"],
        ["timeline", "--area", "nowhere"],
        ["measure", "list", "--area", "nowhere"],
        ["add", "nowhere", "A new action"],
        ["area", "update", "nowhere", "--lead", "Someone"],
        ["measure", "set", "nowhere", "Any measure", "3"],
    ],
    ids=" ".join,
)
def test_an_unknown_area_lists_the_areas_there_are(
    invoke: Invoke, sample: Path, command: list[str]
) -> None:
    before = sample.read_bytes()
    fails_cleanly(invoke(*command), "no area 'nowhere'", AREAS)
    assert sample.read_bytes() == before


def test_an_area_in_a_plan_without_areas_says_how_to_add_one(invoke: Invoke) -> None:
    assert invoke("init").exit_code == 0
    fails_cleanly(
        invoke("add", "assessments", "x"),
        "the plan has no areas yet",
        "improvetrack area add KEY --title TITLE",
    )


@pytest.mark.parametrize(
    "typed", ["Transitions to adult services", "transitions to ADULT services", "Transitions"]
)
def test_an_area_title_in_any_case_names_the_area(invoke: Invoke, sample: Path, typed: str) -> None:
    by_key = invoke("status", "--area", "transitions", "--json")
    by_title = invoke("status", "--area", typed, "--json")
    assert by_title.exit_code == 0, by_title.output
    assert json.loads(by_title.stdout) == json.loads(by_key.stdout)


def test_commands_that_change_an_area_take_its_title_and_print_its_key(
    invoke: Invoke, sample: Path
) -> None:
    added = invoke("add", "Education of children in care", "Train designated teachers")
    assert (added.exit_code, added.stdout) == (0, "EDU-6\n"), added.output
    updated = invoke("area", "update", "social work assessments", "--lead", "Head of Service")
    assert updated.stdout.startswith("assessments: "), updated.output
    measured = invoke("measure", "add", "Helping children understand their situation", "Letters")
    assert measured.stdout == "Added measure 'Letters' to understanding\n", measured.output


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("educaton", "education"),  # a slip in a key
        ("adult services", "transitions"),  # part of a title
        ("Transition to adult service", "transitions"),  # a title misremembered
        ("Educaton of children in care", "education"),
        ("understand", "understanding"),
    ],
)
def test_did_you_mean_looks_at_titles_as_well_as_keys(
    invoke: Invoke, sample: Path, typed: str, meant: str
) -> None:
    fails_cleanly(invoke("list", "--area", typed), f"did you mean {meant!r}?", AREAS)


def test_closest_takes_a_close_spelling_then_the_one_name_holding_the_text() -> None:
    names = {"Transitions to adult services": "transitions", "education": "education"}
    assert closest("EDUCATON", names) == "education"
    assert closest("adult", names) == "transitions"
    assert closest("xyz", names) is None
    assert closest("s", names) is None  # too short to say which one is meant


# --- owners --------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["status", "list", "report"])
def test_an_owner_no_action_has_is_refused_naming_the_owners(
    invoke: Invoke, sample: Path, command: str
) -> None:
    line = fails_cleanly(
        invoke(command, "--owner", "nobody"), "no actions owned by 'nobody'; the owners are: "
    )
    assert "'Attendance Lead, Virtual School'" in line  # quoted: names hold commas
    assert "Every action is done" not in line


def test_an_owner_slip_gets_a_suggestion_that_works(invoke: Invoke, sample: Path) -> None:
    line = fails_cleanly(
        invoke("list", "--owner", "virtal school"), "did you mean 'Virtual School'?"
    )
    assert "improvetrack list" in line  # more owners than a line lists: where to see them
    assert invoke("list", "--owner", "Virtual School").exit_code == 0


def test_an_owner_filter_on_a_plan_with_no_actions_says_how_to_add_one(invoke: Invoke) -> None:
    assert invoke("init").exit_code == 0
    fails_cleanly(
        invoke("status", "--owner", "jo"), "the plan has no actions yet", "improvetrack add"
    )


def test_a_known_owner_still_narrows_the_status(invoke: Invoke, sample: Path) -> None:
    result = invoke("status", "--owner", "participation")
    assert result.exit_code == 0, result.output
    assert "Every action is done" not in result.stdout


# --- empty plans and init ------------------------------------------------------------------

RAW_KEY = re.compile(r"\bplan\.[a-z_]+")


def test_status_of_a_new_plan_says_what_to_run_instead_of_an_empty_table(
    invoke: Invoke,
) -> None:
    assert invoke("init").exit_code == 0
    screen = invoke("status").stdout
    assert "improvetrack area add KEY --title TITLE" in screen
    assert "improvetrack add AREA TITLE" in screen
    assert "improvetrack plan set --next-inspection DATE" in screen
    assert "Progress" not in screen and "Delivery" not in screen  # no empty table
    assert not RAW_KEY.search(screen), screen


def test_status_of_a_plan_with_areas_and_no_actions_names_the_areas(invoke: Invoke) -> None:
    assert invoke("init", "--next-inspection", "2028-06-30").exit_code == 0
    assert invoke("area", "add", "assessments", "--title", "Assessments").exit_code == 0
    screen = invoke("status").stdout
    assert "improvetrack add AREA TITLE" in screen and "(assessments)" in screen
    assert "area add" not in screen and "plan set" not in screen  # done already


@pytest.mark.parametrize("command", [["status"], ["report"], ["timeline"], ["plan", "show"]])
def test_screens_of_a_new_plan_name_commands_not_keys(invoke: Invoke, command: list[str]) -> None:
    assert invoke("init").exit_code == 0
    result = invoke(*command)
    assert result.exit_code == 0, result.output
    assert not RAW_KEY.search(result.stdout), result.stdout


def test_a_timeline_without_a_start_names_the_command_that_sets_it(invoke: Invoke) -> None:
    assert invoke("init").exit_code == 0
    assert "`improvetrack plan set --start DATE`" in " ".join(invoke("timeline").stdout.split())


def test_init_says_to_add_an_area_next(invoke: Invoke) -> None:
    result = invoke("init")
    assert (
        result.stdout
        == "Created improvetrack.toml. Next: improvetrack area add KEY --title TITLE\n"
    )
    example = invoke("init", "--example", "my plan.toml")
    assert example.stdout == (
        "Created my plan.toml. Next: improvetrack --register 'my plan.toml' status\n"
    )


def test_init_outside_git_leaves_gitignore_alone(invoke: Invoke) -> None:
    assert invoke("init").stdout.count("\n") == 1
    assert not Path(".gitignore").exists()


def test_init_in_a_git_repository_ignores_the_lock_files_once(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository = tmp_path / "repository"
    (repository / ".git").mkdir(parents=True)
    (repository / "plans").mkdir()
    (repository / ".gitignore").write_text("*.pyc", encoding="utf-8")  # no final newline
    monkeypatch.chdir(repository / "plans")
    first = invoke("init")
    assert first.exit_code == 0, first.output
    assert f"Added .improvetrack.toml.lock* to {repository / '.gitignore'}" in first.stdout
    again = invoke("init", "--force")
    assert "gitignore" not in again.stdout
    assert (repository / ".gitignore").read_text(encoding="utf-8") == (
        "*.pyc\n.improvetrack.toml.lock*\n"
    )


def test_init_in_a_git_worktree_finds_its_git_file(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "worktree").mkdir()
    (tmp_path / "worktree" / ".git").write_text("gitdir: elsewhere\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "worktree")
    assert invoke("init", "plan.toml").exit_code == 0
    assert Path(".gitignore").read_text(encoding="utf-8") == ".plan.toml.lock*\n"


# --- relative dates ------------------------------------------------------------------------


def test_a_relative_due_date_that_moves_the_date_earlier_is_applied_with_a_warning(
    invoke: Invoke, sample: Path
) -> None:
    result = invoke("update", "EDU-2", "--due", "+6w")  # due 2027-03-31; today 2026-11-27
    assert result.exit_code == 0, result.output
    assert result.stdout == "EDU-2: due: 2027-03-31 → 2027-01-08\n"
    assert result.stderr == (
        "warning: EDU-2: moves the due date earlier, from 2027-03-31 to 2027-01-08; relative "
        "dates count from today (2026-11-27), not from the due date\n"
    )
    assert "due = 2027-01-08" in sample.read_text(encoding="utf-8")


@pytest.mark.parametrize("due", ["+20w", "2027-01-08", "08/01/2027"])
def test_no_warning_for_a_later_date_or_one_that_names_its_day(
    invoke: Invoke, sample: Path, due: str
) -> None:
    result = invoke("update", "EDU-2", "--due", due)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_the_help_of_update_says_how_relative_dates_count(invoke: Invoke) -> None:
    page = " ".join(invoke("update", "--help").stdout.split())
    assert "counts from the as-of date, not from the current due date" in page


@pytest.mark.parametrize(
    ("typed", "relative"),
    [("+6w", True), ("-2d", True), ("+0d", True), ("2027-03-31", False), ("31/03/2027", False)],
)
def test_counted_from_tells_a_relative_date_from_one_that_names_its_day(
    typed: str, relative: bool
) -> None:
    from improvetrack.model.changes import counted_from

    today = date(2026, 11, 27)
    assert counted_from(typed, today) == (today if relative else None)
    assert counted_from(None, today) is None and counted_from(" ", today) is None


# --- counting in words ---------------------------------------------------------------------

ONE_ACTION = (
    MINIMAL
    + """
[actions.ASM-1]
area = "assessments"
title = "Audit assessments"
owner = "Team manager"
due = 2026-11-26
created = 2026-08-01
"""
)


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (["status"], "0 of 1 action done"),
        (["status"], "1 day to go"),
        (["report"], "0 of 1 action is done"),
        (["report", "--format", "markdown"], "0 of 1 action is done"),
        (["report", "--format", "html"], "0 of 1 action)"),
        (["report"], "(1 day overdue)"),
    ],
)
def test_one_of_a_thing_is_counted_in_the_singular(
    invoke: Invoke, write: Callable[[str], Path], command: list[str], said: str
) -> None:
    write(ONE_ACTION.replace("2028-06-30", "2026-11-28"))
    result = invoke(*command)
    assert result.exit_code == 0, result.output
    assert said in " ".join(result.stdout.split())
    assert not re.search(r"\b1 (actions|days|weeks)\b", result.stdout), result.stdout


def test_counted() -> None:
    from improvetrack.model.text import counted

    assert [counted(n, "action") for n in (0, 1, 2)] == ["0 actions", "1 action", "2 actions"]
    assert (
        counted(1, "entry", "entries") == "1 entry"
        and counted(3, "entry", "entries") == "3 entries"
    )


# --- refusals that say what would work -----------------------------------------------------


@pytest.mark.parametrize(
    ("command", "fix"),
    [
        (
            ["area", "add", "assessments", "--title", "Again"],
            "change it with `improvetrack area update assessments`",
        ),
        (
            ["update", "ASM-2", "--reason", "x"],
            "`improvetrack update ASM-2 --rag amber --reason TEXT`",
        ),
        (
            ["update", "ASM-2", "--on", "2026-11-01"],
            "`improvetrack update ASM-2 --progress TEXT --on DATE`",
        ),
        (["update", "ASM-2", "--progress", "x", "--on", "2027-01-01"], "on or before 2026-11-27"),
        (
            ["measure", "add", "education", "Persistent absence of children in care"],
            "`improvetrack measure set education 'Persistent absence of children in care' N`",
        ),
        (
            ["measure", "set", "education", "Absence", "3", "--on", "2027-01-01"],
            "on or before 2026-11-27",
        ),
        (
            ["rebaseline", "ASM-1", "--reason", "Board"],
            "`improvetrack update ASM-1 --status in-progress`",
        ),
        (["show", "FOO-9"], "`improvetrack list` shows every action's ID"),
        (["--as-of", "2026-08-01", "show", "ASM-1"], "give --as-of a date on or after 2026-08-04"),
        (["report", "--since", "2027-01-01"], "give an earlier date, or `--since last-board`"),
        (["update", "ASM-2", "--title", " "], "--title cannot be empty: give it some text"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_a_refusal_names_what_would_work(
    invoke: Invoke, sample: Path, command: list[str], fix: str
) -> None:
    before = sample.read_bytes()
    fails_cleanly(invoke(*command), fix)
    assert sample.read_bytes() == before


def test_a_measure_in_an_area_without_any_says_how_to_add_one(invoke: Invoke, sample: Path) -> None:
    assert invoke("area", "add", "leaving-care", "--title", "Care leavers").exit_code == 0
    fails_cleanly(
        invoke("measure", "set", "leaving-care", "Pathway plans", "3"),
        "add one with `improvetrack measure add leaving-care NAME`",
    )


def test_a_roll_up_refusing_a_filter_says_how_to_name_one_register(
    invoke: Invoke, tmp_path: Path
) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    for name in ("north.toml", "south.toml"):
        shutil.copy(SAMPLE, plans / name)
    fails_cleanly(invoke("-r", str(plans), "status", "--area", "education"), "--register FILE")


# --- the command line itself ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "needles"),
    [
        (
            ["add"],
            ["Missing argument 'AREA'.", "Usage: improvetrack add [OPTIONS] AREA TITLE"],
        ),
        (["add", "assessments"], ["Missing argument 'TITLE'.", "`improvetrack add --help`"]),
        (["status", "--bogus"], ["No such option: --bogus.", "Usage: improvetrack status"]),
        (["status", "--ownr", "x"], ["Possible options:", "--owner"]),
        (["frobnicate"], ["No such command 'frobnicate'.", "`improvetrack --help` lists them"]),
        (["statsu"], ["No such command 'statsu'. Did you mean 'status'?", "lists them"]),
        (["sign-of", "X"], ["Did you mean 'sign-off'?"]),
        (["area", "frob"], ["No such command 'frob'.", "`improvetrack area --help`"]),
        (["--bogus", "status"], ["No such option: --bogus"]),
        (["show"], ["Missing argument 'ID'.", "Usage: improvetrack show [OPTIONS] ID"]),
    ],
)
def test_a_mistyped_command_line_is_one_line_with_its_usage(
    invoke: Invoke, command: list[str], needles: list[str]
) -> None:
    """Click's own form is four lines (usage, a hint, a blank, the error): one here, as
    every other error is, with the usage and where the help is."""
    fails_cleanly(invoke("-r", str(SAMPLE), *command), *needles)


def test_a_group_without_its_subcommand_shows_its_help(invoke: Invoke) -> None:
    result = invoke("area")
    assert "Commands:" in result.output and "add" in result.output
    assert "error:" not in result.output
