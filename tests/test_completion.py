"""Shell completion offers IDs, areas, statuses and owners from the register, safely."""

from __future__ import annotations

import os
import string
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from improvetrack.cli import app
from improvetrack.commands.completion import candidates, for_shell
from improvetrack.commands.settings import Settings
from tests import shells
from tests.conftest import SAMPLE
from tests.shells import SHELLS, Session


def _settings(register: Path | None = None) -> Settings:
    return Settings(register=register)


def test_candidates_of_each_kind(sample: Path) -> None:
    ids = [value for value, _ in candidates("id", _settings(), "edu")]
    assert ids == ["EDU-1", "EDU-2", "EDU-3", "EDU-4", "EDU-5"]
    assert candidates("area", _settings(), "tr") == [
        ("transitions", "Transitions to adult services")
    ]
    assert [value for value, _ in candidates("status", _settings(), "a")] == ["awaiting-sign-off"]
    owners = [value for value, _ in candidates("owner", _settings(), "Virtual")]
    assert owners and all(owner.startswith("Virtual") for owner in owners)


def test_no_register_offers_nothing(tmp_path: Path) -> None:
    assert candidates("id", _settings(tmp_path / "missing.toml"), "") == []
    broken = tmp_path / "broken.toml"
    broken.write_text("schema = [")
    assert candidates("area", _settings(broken), "") == []


def test_completion_text_is_inert(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text(
        'schema = 1\n[plan]\ntitle = "p"\n[areas.a]\ntitle = "A \\u001b]0;owned\\u0007"\n'
        'prefix = "A"\n[actions.A-1]\narea = "a"\ntitle = "\\u001b[31mred"\nowner = "x\\u009by"\n'
    )
    for kind in ("id", "area", "owner"):
        for value, note in candidates(kind, _settings(path), ""):
            assert not any(ord(char) < 32 or 127 <= ord(char) < 160 for char in value + note)


def _run_completion(shell: str, words: str, **environ: str) -> Result:
    """Ask for completions as `shell` asks the tool on a Tab, in this process.

    The variables are the ones the scripts Typer installs set; the tmux tests below go
    through the real scripts and the installed command.
    """
    env = {
        "_IMPROVETRACK_COMPLETE": f"complete_{shell}",
        "_TYPER_COMPLETE_ARGS": words,
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        "_TYPER_COMPLETE_WORD_TO_COMPLETE": "" if words.endswith(" ") else words.split()[-1],
        **environ,
    }
    return CliRunner().invoke(app, [], env=env, prog_name="improvetrack", catch_exceptions=False)


def _complete(shell: str, words: str) -> str:
    result = _run_completion(shell, words, IMPROVETRACK_REGISTER=str(SAMPLE))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shell_completes_ids_and_areas(shell: str) -> None:
    ids = _complete(shell, "improvetrack show TRN")
    assert "TRN-1" in ids and "TRN-4" in ids and "ASM-1" not in ids
    areas = _complete(shell, "improvetrack add ")
    assert "assessments" in areas and "understanding" in areas
    statuses = _complete(shell, "improvetrack list --status in")
    assert "in-progress" in statuses


def test_completion_scripts_install_for_each_shell(tmp_path: Path) -> None:
    for shell in ("bash", "zsh", "fish"):
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                "from improvetrack.cli import main; main()",
                "--show-completion",
                shell,
            ],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=tmp_path,
            env={**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
        )
        assert result.returncode == 0, result.stderr
        assert "_IMPROVETRACK_COMPLETE" in result.stdout, shell


# --- every enumerated value, and only the actions a command can move on ------------------

HOSTILE_OWNER = "Jo$(touch PWNED); `touch PWNED` | x & y > z"
QUOTED_OWNER = "Q'o\"t *?[a] ~!#"
BACKSLASH_OWNER = "B\\$(touch PWNED)\\ \\:x"
HOSTILE_TITLE = "T\\$(touch PWNED) [/x] [bold]b `touch PWNED` 'q\" \\"
MEASURE = "Audited assessments graded good"


def _hostile() -> str:
    from datetime import date

    from improvetrack.files.store import dumps
    from improvetrack.model.register import Action, Area, Measure, Plan, Register

    areas = {
        "assessments": Area("assessments", "Assessments", measures=[Measure(MEASURE)]),
        "transitions": Area("transitions", HOSTILE_TITLE),
    }
    register = Register(Plan(title="Plan", next_inspection=date(2028, 6, 30)), areas=areas)
    for number, (area, status, owner) in enumerate(
        [
            ("assessments", "in-progress", HOSTILE_OWNER),
            ("assessments", "done", QUOTED_OWNER),
            ("assessments", "awaiting-sign-off", BACKSLASH_OWNER),
            ("transitions", "not-started", "x\u009b31mred"),
        ]
    ):
        prefix = areas[area].id_prefix
        action = Action(
            id=f"{prefix}-{number + 1}",
            area=area,
            title=HOSTILE_TITLE,
            status=status,
            owner=owner,
            completed=date(2026, 11, 1) if status == "done" else None,
        )
        register.actions[action.id] = action
    return dumps(register)


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "work" / "R.toml"
    path.write_text(_hostile(), encoding="utf-8")
    return path


def _values(kind: str, path: Path, typed: str = "", **where: str) -> list[str]:
    return [value for value, _ in candidates(kind, _settings(path), typed, **where)]


def test_words_are_the_ones_the_commands_accept() -> None:
    from improvetrack.commands.completion import WORDS
    from improvetrack.figures.progress import Rag
    from improvetrack.figures.report import CONDITIONS
    from improvetrack.model.register import STATUSES
    from improvetrack.render.formats import EXPORT, REPORT, names

    assert {
        "status": STATUSES,
        "rag": tuple(Rag),
        "format": names(REPORT),
        "export-format": names(EXPORT),
        "fail-on": CONDITIONS,
    } == {kind: words() for kind, words in WORDS.items()}


def test_enumerated_values(hostile: Path) -> None:
    assert _values("format", hostile, "j") == ["json", "junit"]
    assert _values("export-format", hostile) == ["csv", "xlsx"]
    assert _values("rag", hostile, "A") == ["amber"]
    assert _values("fail-on", hostile, "b") == ["blocked", "behind"]
    # After a comma, the next condition; the ones given already are not offered again.
    assert _values("fail-on", hostile, "overdue,b") == ["overdue,blocked", "overdue,behind"]
    assert _values("fail-on", hostile, "blocked, Overdue,") == [
        "blocked, Overdue,unowned",
        "blocked, Overdue,undated",
        "blocked, Overdue,behind",
        "blocked, Overdue,late",
        "blocked, Overdue,slipped",
        "blocked, Overdue,optimistic",
        "blocked, Overdue,pessimistic",
        "blocked, Overdue,stale",
    ]
    assert _values("area", hostile) == ["assessments", "transitions"]
    assert _values("measure", hostile, "aud", area="assessments") == [MEASURE]
    assert _values("measure", hostile, area="transitions") == []
    assert _values("measure", hostile, area="nowhere") == []


@pytest.mark.parametrize(
    ("command", "offered"),
    [
        ("start", ["TRN-4"]),
        ("done", ["ASM-1", "TRN-4"]),
        ("block", ["ASM-1", "ASM-3", "TRN-4"]),
        ("drop", ["ASM-1", "ASM-3", "TRN-4"]),
        ("sign-off", ["ASM-3"]),
        ("show", ["ASM-1", "ASM-2", "ASM-3", "TRN-4"]),
        ("update", ["ASM-1", "ASM-2", "ASM-3", "TRN-4"]),
    ],
)
def test_each_command_offers_the_actions_it_can_move_on(
    hostile: Path, command: str, offered: list[str]
) -> None:
    assert _values("id", hostile, command=command) == offered


def test_values_no_output_may_show_are_left_out(hostile: Path) -> None:
    # Shown with a stand-in character, the owner would not be the one in the register.
    assert _values("owner", hostile, "x") == []
    assert _values("owner", hostile) == sorted([HOSTILE_OWNER, QUOTED_OWNER, BACKSLASH_OWNER])


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_a_register_given_with_r_completes_quietly(shell: str, sample: Path) -> None:
    # `-r r.toml show AS<Tab>` printed an AttributeError traceback on every Tab.
    sample.rename(sample.with_name("r.toml"))
    result = _run_completion(shell, "improvetrack -r r.toml show AS")
    assert result.exit_code == 0 and result.stderr == "", result.stderr
    assert "ASM-1" in result.stdout and "TRN-1" not in result.stdout


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_completion_offers_nothing_on_any_error(shell: str, tmp_path: Path) -> None:
    folder = tmp_path / "work" / "plans"
    folder.mkdir()
    for words in (
        "improvetrack -r plans show ",
        "improvetrack -r plans -r other.toml show ",
        "improvetrack -r missing.toml list --owner ",
    ):
        result = _run_completion(shell, words)
        assert result.exit_code == 0 and result.stderr == "", (words, result.stderr)
        assert "Traceback" not in result.stdout


@pytest.mark.parametrize(
    ("words", "offered"),
    [
        ("report --format ma", ["markdown"]),
        ("report --fail-on overdue,bl", ["overdue,blocked"]),
        ("export --format ", ["csv", "xlsx"]),
        ("list --status aw", ["awaiting-sign-off"]),
        ("measure set assessments Aud", [MEASURE]),
        ("measure set ", ["assessments", "transitions"]),
        ("add ", ["assessments", "transitions"]),
        ("sign-off ", ["ASM-3"]),
        ("start ", ["TRN-4"]),
    ],
)
@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shell_completes_enumerated_values(
    shell: str, words: str, offered: list[str], hostile: Path
) -> None:
    result = _run_completion(shell, f"improvetrack -r R.toml {words}")
    assert result.exit_code == 0 and result.stderr == "", result.stderr
    quoted = [value.replace(" ", "\\ ") if shell == "bash" else value for value in offered]
    shown = result.stdout
    if shell == "zsh":
        found = [line.split('"')[1] for line in shown.splitlines() if '"' in line]
    else:
        found = [line.split("\t")[0] for line in shown.splitlines() if line]
    assert found == quoted, shown


def test_bash_gets_each_value_quoted(hostile: Path) -> None:
    result = _run_completion("bash", "improvetrack -r R.toml list --owner ")
    assert result.stdout.splitlines() == [
        "B\\\\\\$\\(touch\\ PWNED\\)\\\\\\ \\\\:x",
        "Jo\\$\\(touch\\ PWNED\\)\\;\\ \\`touch\\ PWNED\\`\\ \\|\\ x\\ \\&\\ y\\ \\>\\ z",
        "Q\\'o\\\"t\\ \\*\\?\\[a\\]\\ \\~\\!\\#",
    ]


# Mostly the characters a shell acts on, then anything.
SHELL_TEXT = st.text(
    st.sampled_from(string.punctuation + " a\u00e9") | st.characters(codec="utf-8"), min_size=1
)


@given(st.lists(SHELL_TEXT, min_size=1, max_size=8))
@example(["*", "?", "[a]", "~", "-", "a b", "$(false)", "'", '"', "\\", "!!", "#x", "{a,b}"])
def test_bash_reads_each_quoted_value_back_as_it_is(values: list[str]) -> None:
    plain = [value for value in values if value.isprintable()]  # the others are left out
    words = " ".join(word for word, _ in for_shell("bash", [(value, "") for value in plain]))
    # The words as bash reads them from a command line, among files a glob would match.
    script = f"printf '%s\\0' {words}" if plain else "true"
    with tempfile.TemporaryDirectory() as folder:
        for name in ("a", "-", "~", "[a]"):
            Path(folder, name).touch()
        result = subprocess.run(
            ["bash", "--norc", "--noprofile", "-c", script],
            capture_output=True,
            timeout=60,
            cwd=folder,
            env={"LC_ALL": "C.UTF-8", "PATH": os.environ["PATH"], "HOME": folder},
        )
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8").split("\0")[:-1] == plain


def test_zsh_leaves_out_what_typer_cannot_carry(hostile: Path) -> None:
    result = _run_completion("zsh", "improvetrack -r R.toml list --owner ")
    assert "Jo" in result.stdout and "B" in result.stdout
    assert "Q" not in result.stdout  # its quotes would not arrive as they are


def test_powershell_gets_only_plain_values(hostile: Path) -> None:
    owners = _run_completion("powershell", "improvetrack -r R.toml list --owner ")
    assert owners.stdout.strip() == ""
    ids = _run_completion("powershell", "improvetrack -r R.toml show ")
    assert [line.split(":::")[0] for line in ids.stdout.splitlines()] == [
        "ASM-1", "ASM-2", "ASM-3", "TRN-4",
    ]  # fmt: skip


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_notes_are_short_plain_lines(shell: str, hostile: Path) -> None:
    # Typer draws a note with Rich: markup in a title must neither vanish nor raise, and a
    # long title must not wrap onto a line of its own, which fish would offer as a value.
    result = _run_completion(shell, "improvetrack -r R.toml show ")
    assert result.exit_code == 0 and result.stderr == "", result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 4, lines
    assert all("[/x]" in line for line in lines)


# --- real shells: type, Tab, Enter, and see what the command was given ---------------------


class Sessions:
    """One session of each shell for the module, started when a test first needs it."""

    def __init__(self, root: pytest.TempPathFactory) -> None:
        self._root = root
        self._running: dict[str, Session] = {}

    def __getitem__(self, shell: str) -> Session:
        if shell not in self._running:
            shells.require(shell)
            running = Session(shell, self._root.mktemp(shell))
            for name in ("R.toml", "improvetrack.toml"):
                (running.work / name).write_text(_hostile(), encoding="utf-8")
            self._running[shell] = running
        return self._running[shell]

    def close(self) -> None:
        for running in self._running.values():
            running.close()


@pytest.fixture(scope="module")
def sessions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sessions]:
    started = Sessions(tmp_path_factory)
    yield started
    started.close()


# (the shells to try, what is typed after `improvetrack `, the arguments that arrive).
TYPED = [
    # Found as improvetrack.toml too: with -r, completion once failed on every Tab.
    (SHELLS, "list --owner Jo", ["list", "--owner", HOSTILE_OWNER]),
    (SHELLS, "-r R.toml list --owner Jo", ["-r", "R.toml", "list", "--owner", HOSTILE_OWNER]),
    (SHELLS, "list --owner B", ["list", "--owner", BACKSLASH_OWNER]),
    (("bash", "fish"), "list --owner Q", ["list", "--owner", QUOTED_OWNER]),
    (SHELLS, "report --fail-on overdue,bl", ["report", "--fail-on", "overdue,blocked"]),
    (SHELLS, "measure set assessments Aud", ["measure", "set", "assessments", MEASURE]),
    (("bash",), "report --format ma", ["report", "--format", "markdown"]),
    (("bash",), "export --format c", ["export", "--format", "csv"]),
    (("bash",), "list --status aw", ["list", "--status", "awaiting-sign-off"]),
    (("bash",), "add tr", ["add", "transitions"]),
    (("bash", "fish"), "sign-off A", ["sign-off", "ASM-3"]),
    (("bash", "zsh"), "start T", ["start", "TRN-4"]),
]


@pytest.mark.parametrize(
    ("shell", "typed", "arrived"),
    [
        pytest.param(shell, typed, arrived, id=f"{shell}: {typed}")
        for tried, typed, arrived in TYPED
        for shell in tried
    ],
)
def test_a_completed_value_arrives_as_one_literal_argument(
    sessions: Sessions, shell: str, typed: str, arrived: list[str]
) -> None:
    session = sessions[shell]
    line = session.complete(f"improvetrack {typed}")
    assert session.run() == arrived, line
    planted = [path for path in (session.work, session.home) if (path / "PWNED").exists()]
    assert not planted, f"{shell} ran a command from the register"
