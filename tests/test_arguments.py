"""Arguments and variables that cannot be right: bytes that are not UTF-8, empty values.

Each is refused with one line naming what was wrong and what would work, exit 2, and
nothing written. Bytes go through a real process, as a shell would pass them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, Invoke
from tests.test_cli import _fails_cleanly

BAD = b"Jo\xff"

# Each command, with the bad bytes where it takes text or a path.
COMMANDS = [
    [b"init", BAD],
    [b"where"],
    [b"add", b"assessments", BAD],
    [b"update", b"ASM-1", b"--title", BAD],
    [b"start", BAD],
    [b"done", b"ASM-1", b"--note", BAD],
    [b"block", b"ASM-1", b"--reason", BAD],
    [b"drop", b"ASM-1", b"--reason", BAD],
    [b"sign-off", b"EDU-4", b"--by", BAD],
    [b"list", b"--owner", BAD],
    [b"show", BAD],
    [b"log", BAD],
    [b"status", b"--owner", BAD],
    [b"import", BAD],
    [b"export", b"--output", BAD],
    [b"check", b"--", BAD],
    [b"report", b"--output", BAD],
    [b"timeline", b"--area", BAD],
    [b"config", BAD],
    [b"area", b"add", b"k", b"--title", BAD],
    [b"plan", b"set", b"--title", BAD],
    [b"measure", b"add", b"assessments", BAD],
]


def _run(
    tmp_path: Path, args: list[bytes], **environ: bytes
) -> tuple[subprocess.CompletedProcess[bytes], Path]:
    register = tmp_path / "work" / "improvetrack.toml"
    shutil.copy(SAMPLE, register)
    env = {**os.environb, **{name.encode(): value for name, value in environ.items()}}
    result = subprocess.run(
        [os.fsencode(sys.executable), b"-m", b"improvetrack", *args],
        env=env,
        capture_output=True,
        timeout=60,
        cwd=tmp_path / "work",
    )
    return result, register


def _refused(result: subprocess.CompletedProcess[bytes], *needles: str) -> None:
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 2, stderr
    assert len(stderr.splitlines()) == 1 and stderr.startswith("error: "), stderr
    for needle in needles:
        assert needle in stderr, stderr


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: args[0].decode())
def test_an_argument_that_is_not_utf8_is_refused(tmp_path: Path, args: list[bytes]) -> None:
    if args == [b"where"]:
        args = [b"-r", BAD, b"where"]
    result, register = _run(tmp_path, args)
    number = args.index(BAD) + 1
    _refused(result, f"error: argument {number} ('Jo\ufffd') is not UTF-8 text (byte 0xff)")
    assert "terminal that uses UTF-8" in result.stderr.decode()
    assert register.read_bytes() == SAMPLE.read_bytes()
    assert sorted(path.name for path in register.parent.iterdir()) == ["improvetrack.toml"]


@pytest.mark.parametrize("variable", ["IMPROVETRACK_USER", "IMPROVETRACK_TODAY"])
def test_a_variable_that_is_not_utf8_is_refused(tmp_path: Path, variable: str) -> None:
    result, register = _run(tmp_path, [b"add", b"assessments", b"A title"], **{variable: BAD})
    _refused(result, f"error: ${variable} is not UTF-8 text (byte 0xff); set it again")
    assert register.read_bytes() == SAMPLE.read_bytes()


def test_completion_ignores_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    result, _ = _run(
        tmp_path,
        [],
        _IMPROVETRACK_COMPLETE=b"complete_bash",
        COMP_WORDS=b"improvetrack list --owner " + BAD,
        COMP_CWORD=b"3",
        IMPROVETRACK_USER=BAD,
    )
    assert result.returncode == 0 and result.stderr == b""


@pytest.mark.parametrize(
    "command", [["status"], ["list"], ["report"], ["config"], ["add", "assessments", "T"]]
)
def test_an_empty_date_is_refused(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, sample: Path, command: list[str]
) -> None:
    _fails_cleanly(
        invoke("--as-of", "", *command),
        "--as-of is empty; give a date like 2027-03-31, or leave the option out",
    )
    _fails_cleanly(invoke(*command, "--as-of", " "), "--as-of is empty")
    monkeypatch.setenv("IMPROVETRACK_TODAY", "")
    _fails_cleanly(
        invoke(*command),
        "$IMPROVETRACK_TODAY is set but empty; set it to a date like 2027-03-31, or unset it",
    )
    assert invoke(*command, "--help").exit_code == 0  # help needs no date
    assert sample.read_bytes() == SAMPLE.read_bytes()


@pytest.mark.parametrize("command", [["where"], ["log"], ["area", "list"], ["plan", "show"]])
def test_an_empty_date_is_refused_where_no_date_is_needed(
    invoke: Invoke, sample: Path, command: list[str]
) -> None:
    # A date given on the command line is checked even by a command that does not use it:
    # an empty one is a script's slip, not a way to say today.
    _fails_cleanly(invoke("--as-of", "", *command), "--as-of is empty")
    _fails_cleanly(invoke(*command, "--as-of", "someday"), "--as-of: expected a date")
    assert invoke("--as-of", "2026-11-01", *command).exit_code == 0
    assert sample.read_bytes() == SAMPLE.read_bytes()


@pytest.mark.parametrize("given", [["-r", ""], ["--register="], ["-r", str(SAMPLE), "-r", " "]])
def test_an_empty_register_is_refused(invoke: Invoke, sample: Path, given: list[str]) -> None:
    for command in (["status"], ["report"], ["where"], ["add", "assessments", "A title"]):
        _fails_cleanly(
            invoke(*given, *command),
            "--register is empty; give a register file, or a folder of registers to roll up",
        )
    assert sample.read_bytes() == SAMPLE.read_bytes()
